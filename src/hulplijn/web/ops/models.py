"""Shared rate-limit counters (hulplijn.web.ops.limits): one row per limit and client."""

from __future__ import annotations

from django.db import models


class LimitCounter(models.Model):
    """Requests counted in the current fixed window of one limit for one client (a user, an
    address, an assessment). Written only with one atomic upsert (limits.hit), so every process
    and server that shares the database counts together."""

    key = models.CharField(max_length=200, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    window_ends = models.BigIntegerField(db_index=True)
    """The end of the counted window, in whole seconds since the epoch."""

    class Meta:
        verbose_name = "limit counter"
