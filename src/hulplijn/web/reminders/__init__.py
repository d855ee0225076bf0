"""Opt-in e-mail reminders: a new round opened, a follow-up on a measure the owner meant to
apply for; one-click unsubscribe (docs/decisions/0031-coming-back.md)."""
