"""The policy cockpit's stored state: named plan scenarios and the anonymised statistical
records. Aggregates are never stored."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hulplijn.core.disclosure.cellkey import new_record_key
from hulplijn.plan import records

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


BAND_CHOICES = [(b, b) for b in (*records.BANDS, records.NOT_GIVEN)]


class StatisticalRecord(models.Model):
    """The anonymised statistics of one assessment whose owner agreed to statistical use.

    Anonymous in fact, not only by having no foreign key (docs/security.md):

    - no link: no relation but the round; no id, time or order that lines up with the
      assessment, the request log or another table. The primary key is a random UUID, there
      are no created/updated times, and records are not written with the assessment: a
      consenting assessment is queued (``Assessment.statistics_pending``) and the queue is
      written as one batch, in random order, once it holds at least ``min_cell_firms`` (10)
      assessments (cockpit.statistics);
    - coarse: only what the monitoring tables need, as coarse as they need it: the month (not
      the day), size class and SBI section (not the division), percentile bands (not
      percentiles), the value-added change in whole thousands of euros
      (hulplijn.plan.records.record_values);
    - checked: ``manage.py anonymity_check`` reports the k-anonymity of the stored records
      over (round, month, size class, section) and with the growth segment.

    When the owner deletes the assessment or the account, a record already written stays (it
    cannot be found again); a queued one is dropped with the assessment. One record per
    consenting assessment (an adviser's software posts many firms under one account). The
    cockpit shows the records only as disclosure-controlled aggregates; ``record_key`` is the
    record's random key of the cell-key method (hulplijn.core.disclosure.cellkey)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record_key = models.PositiveBigIntegerField(
        _("record key"),
        default=new_record_key,
        editable=False,
        help_text=_("Random, uniform on 0 .. 2**32 - 1 (cell-key method)"),
    )
    round = models.ForeignKey(
        "assessments.AssessmentRound", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("First day of the month"))
    size_class = models.CharField(_("size class"), max_length=10)
    section = models.CharField(_("SBI section"), max_length=1)
    segment = models.CharField(_("growth segment"), max_length=12, blank=True)
    value_added_change = models.BigIntegerField(
        _("value-added change (euro)"),
        help_text=_(
            "Gross margin of the later reference year minus the earlier one, in euros rounded "
            "to whole thousands (half up): a multiple of 1,000"
        ),
    )
    productivity_growth_band = models.CharField(
        _("productivity growth band"), max_length=9, choices=BAND_CHOICES, default=records.NOT_GIVEN
    )
    job_growth_band = models.CharField(
        _("job growth band"), max_length=9, choices=BAND_CHOICES, default=records.NOT_GIVEN
    )
    liquidity_band = models.CharField(
        _("liquidity band"), max_length=9, choices=BAND_CHOICES, default=records.NOT_GIVEN
    )
    solvency_band = models.CharField(
        _("solvency band"), max_length=9, choices=BAND_CHOICES, default=records.NOT_GIVEN
    )
    sector_impact = models.CharField(_("sector impact class"), max_length=20, blank=True)
    eligible_measures = models.JSONField(_("eligible measures"), default=list, blank=True)
    eligible_schemes = models.JSONField(
        _("eligible schemes"),
        default=list,
        blank=True,
        help_text=_("Current schemes the firm qualified for on the day of its assessment"),
    )
    verification_flags = models.JSONField(_("register flags"), default=list, blank=True)
    help_first = models.BooleanField(_("help first offered"), default=False)

    class Meta:
        verbose_name = _("statistical record")
        verbose_name_plural = _("statistical records")


class MonitoringAtom(models.Model):
    """The statistical records summed per atom of the monitoring tables (hulplijn.plan.monitoring
    .Atoms): per family (growth segments, a dimension's bands, sector impact, a measure's
    eligibility, a register flag), month, round and part (e.g. 'micro|G|grow', a band), the
    number of records, the sum of their record keys modulo 2**32, and for the segments the sum,
    absolute sum and two largest absolute values of the value-added change.

    Kept up to date by every batch of records, in its transaction (cockpit.aggregates.add_batch),
    so the cockpit reads thousands of atoms instead of a million records; ``manage.py
    rebuild_monitoring`` computes them again from the records. Internal: as confidential as the
    records, never shown (only the disclosure-controlled tables are)."""

    family = models.CharField(max_length=40)
    month = models.DateField()
    round = models.ForeignKey(
        "assessments.AssessmentRound", on_delete=models.PROTECT, related_name="+"
    )
    part = models.CharField(max_length=80, blank=True)
    n = models.PositiveIntegerField(default=0)
    key_sum = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    absolute = models.BigIntegerField(default=0)
    largest_1 = models.BigIntegerField(default=0)
    largest_2 = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("monitoring atom")
        verbose_name_plural = _("monitoring atoms")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "month", "round", "part"], name="monitoring_atom_unique"
            )
        ]


class Realisation(models.Model):
    """What a measure actually cost and reached in one year, entered by policy staff beside the
    plan model's forecast (the evaluation page, issue #16). Not a firm's data: public spending
    and a number of firms reached, as the executing organisation reports them."""

    measure = models.CharField(_("measure"), max_length=32)
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.DecimalField(
        _("realised budget (euro)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    reach = models.PositiveIntegerField(_("firms reached"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="one_realisation_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}"
