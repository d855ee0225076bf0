"""Assessment rounds, the wizard, stored assessments, sharing and feedback (the dashboard is
hulplijn.web.dashboard, above this app)."""
