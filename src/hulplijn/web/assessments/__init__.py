"""Assessment rounds, the wizard, stored assessments, the dashboard, sharing and feedback."""
