"""The Django web service: landing page, self-assessment wizard, accounts and dashboard."""
