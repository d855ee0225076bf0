"""The cockpit's forms, one module per page: what a field can say on its own (a number, a bound)
and the plan model's problems beside the field they concern. Every other check is the plan
model's (``hulplijn.plan``), reached through ``services``."""
