"""What the cockpit's pages show, one module per page: the plan model's results (``hulplijn.plan``)
and the monitoring figures laid out as cockpit tables (page and export from one object) and
Vega-Lite charts. No requests, no forms: views and forms call these."""
