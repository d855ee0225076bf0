"""Guidance: best practices (editable, translatable), the mini-surveys and measures on the dashboard."""
