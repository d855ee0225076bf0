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


class StatisticalRecord(models.Model):
    """The anonymised statistics of one assessment whose owner agreed to statistical use,
    written when the assessment is completed (assessments.services.complete; migration 0003
    backfilled the assessments stored before).

    It has no link to the assessment, its owner, the account, the session or the KVK number:
    when the owner deletes the assessment or the account, this record stays, and it cannot be
    traced back (GDPR: statistics are kept only anonymised). It holds only classes, the month
    (not the time), whole-number percentiles, the value-added change in whole euros, the ids of
    the measures the firm qualifies for and register flag codes
    (hulplijn.plan.monitoring.record_values). One record per consenting assessment (an
    adviser's software posts many firms under one account). The cockpit shows these
    records only as disclosure-controlled aggregates (hulplijn.plan.monitoring)."""

    round = models.ForeignKey(
        "assessments.AssessmentRound", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("First day of the month"))
    size_class = models.CharField(_("size class"), max_length=10)
    section = models.CharField(_("SBI section"), max_length=1)
    sbi = models.CharField(_("SBI division"), max_length=2)
    segment = models.CharField(_("growth segment"), max_length=12, blank=True)
    value_added_change = models.BigIntegerField(_("value-added change (euro)"))
    productivity_growth_percentile = models.PositiveSmallIntegerField(null=True, blank=True)
    job_growth_percentile = models.PositiveSmallIntegerField(null=True, blank=True)
    liquidity_percentile = models.PositiveSmallIntegerField(null=True, blank=True)
    solvency_percentile = models.PositiveSmallIntegerField(null=True, blank=True)
    sector_impact = models.CharField(_("sector impact class"), max_length=20, blank=True)
    eligible_measures = models.JSONField(_("eligible measures"), default=list, blank=True)
    verification_flags = models.JSONField(_("register flags"), default=list, blank=True)

    class Meta:
        verbose_name = _("statistical record")
        verbose_name_plural = _("statistical records")
