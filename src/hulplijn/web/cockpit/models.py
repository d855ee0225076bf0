"""The policy cockpit's stored state: named plan scenarios. Aggregates are never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

POLICY_GROUP = "Beleid"
"""The group that holds the policy role (created by migration 0002)."""


class Scenario(models.Model):
    """A named variant of the plan: the baseline plus overrides (hulplijn.plan.scenario) and,
    optionally, other macro assumptions (hulplijn.plan.macro)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    overrides = models.JSONField(_("overrides"), default=dict, blank=True)
    macro = models.JSONField(_("macro assumptions"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["name"]
        permissions = [("view_cockpit", "Can open the policy cockpit (aggregates only)")]

    def __str__(self) -> str:
        return self.name
