"""Stored state: assessment rounds, wizard drafts, assessments, shares and feedback."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulplijn.core import period

MOMENT = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def validate_moment(value: str) -> None:
    if not MOMENT.match(value or ""):
        raise ValidationError(_("Use the form yyyy-mm, for example 2020-02."), code="moment")


class AssessmentRound(models.Model):
    """The reference years and liquidity moments the wizard asks about (set in the admin): any
    two years and zero, one or two moments (docs/decisions/0024-periods.md)."""

    name = models.CharField(_("name"), max_length=120)
    year_1 = models.PositiveSmallIntegerField(
        _("first reference year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    year_2 = models.PositiveSmallIntegerField(
        _("second reference year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    moment_1 = models.CharField(
        _("first liquidity moment"),
        max_length=7,
        blank=True,
        validators=[validate_moment],
        help_text=_("yyyy-mm; empty: the round asks no liquidity"),
    )
    moment_2 = models.CharField(
        _("second liquidity moment"),
        max_length=7,
        blank=True,
        validators=[validate_moment],
        help_text=_("yyyy-mm; empty: one moment (the same month a year later is allowed)"),
    )
    is_open = models.BooleanField(
        _("open"), default=True, help_text=_("New assessments use the newest open round.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.year_1 and self.year_2 and self.year_1 >= self.year_2:
            raise ValidationError({"year_2": _("The second year must come after the first.")})
        if self.moment_2 and not self.moment_1:
            raise ValidationError({"moment_1": _("Fill in the first moment before the second.")})
        if self.moment_1 and self.moment_2 and self.moment_1 == self.moment_2:
            raise ValidationError(
                {"moment_2": _("The two moments are the same; leave the second empty for one.")}
            )
        if self.moment_1 and self.moment_2 and self.moment_1 > self.moment_2:
            raise ValidationError({"moment_2": _("The second moment must come after the first.")})

    @property
    def years(self) -> tuple[int, int]:
        """The two reference years."""
        return (self.year_1, self.year_2)

    @property
    def moments(self) -> tuple[str, ...]:
        """The liquidity moments the round asks: none, one or two."""
        return tuple(m for m in (self.moment_1, self.moment_2) if m)

    @classmethod
    def current(cls) -> AssessmentRound | None:
        """The newest open round."""
        return cls.objects.filter(is_open=True).order_by("-created_at", "-id").first()

    @classmethod
    def for_years(cls, years: list[int], moments: list[str]) -> AssessmentRound | None:
        """The open round of a firm's two reference years (an adviser's batch row): of those,
        the one that asks most of the firm's moments, the newest on a tie; None when no open
        round has these years (the row is then refused, not filed under another round)."""
        fitting = [
            round
            for round in cls.objects.filter(is_open=True).order_by("-created_at", "-id")
            if period.same_years(round.years, years)
        ]
        return period.choose(fitting, years, moments) if fitting else None

    @classmethod
    def of(cls, years: list[int], moments: list[str]) -> AssessmentRound | None:
        """The newest open round of these years and moments (a firm sent whole, through the API
        or a batch), else the newest open round."""
        first, last = min(years), max(years)
        for round in cls.objects.filter(is_open=True, year_1=first, year_2=last).order_by(
            "-created_at", "-id"
        ):
            if round.moments == tuple(sorted(moments)):
                return round
        return cls.current()


class Owned(models.Model):
    """What belongs to an owner: an account, or (anonymous) a browser session; in a round."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT)

    class Meta:
        abstract = True


class Draft(Owned):
    """A half-done assessment: what the owner typed per step, kept so nothing is lost."""

    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]


class Assessment(Owned):
    """A completed assessment: the inputs, the engine's result and the versions that made it."""

    firm_input = models.JSONField()
    result = models.JSONField()
    model_version = models.CharField(max_length=20)
    reference_vintage = models.CharField(max_length=40)
    synthetic_reference = models.BooleanField()
    consent_statistics = models.BooleanField(default=False)
    # consenting and not yet in a written batch of anonymised statistical records: deleting the
    # assessment before the batch is written drops it (cockpit.statistics)
    statistics_pending = models.BooleanField(default=False, editable=False)
    guess_percentile = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    kvk_number = models.CharField(max_length=8, blank=True)
    # the owner's own name for the firm (an adviser's batch: the row's "firm" column); shown to
    # the owner only, never to those it is shared with and never in the statistics
    label = models.CharField(_("name"), max_length=200, blank=True)
    verification = models.JSONField(default=list, blank=True)  # checks against the register
    # credit bureaus' scores with scale, direction, date and source: shown to the firm itself
    # only (not to advisers or share links, not in the statistics; decisions/0037)
    credit_scores = models.JSONField(default=list, blank=True)
    bank_buffer = models.JSONField(default=dict, blank=True)  # buffer days from statements
    # denormalised for lists and, later, aggregates
    sbi = models.CharField(max_length=2)
    size_class = models.CharField(max_length=10)
    segment = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        # an owner's (or an integration's) assessments, newest first: lists and "earlier"
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="assessment_owner_newest"),
            # the queue of the statistics batch: a few rows at most
            models.Index(
                fields=["round"],
                condition=models.Q(statistics_pending=True),
                name="assessment_statistics_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sbi}/{self.size_class} {self.created_at:%Y-%m-%d}"


class Share(models.Model):
    """Access an owner grants: a secret link, or an adviser account."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="shares")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shared_with_me",
    )
    label = models.CharField(_("name"), max_length=120, blank=True)
    """What the owner calls what they share (their firm's name, say): the adviser's list of
    what is shared with them shows it."""
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    """When a link stops working (HULPLIJN_SHARE_LINK_DAYS after it was made); an adviser's
    access has none: it lasts until the owner stops it."""

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class AdviserNote(models.Model):
    """An adviser's own note on an assessment shared with them: kept apart from the owner's
    answers and seen by that adviser only (not by the owner, nor by another adviser)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="adviser_notes"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser_notes"
    )
    text = models.TextField(_("your notes"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "adviser"], name="one_note_per_adviser")
        ]


class Feedback(models.Model):
    """A rating and comment from the dashboard; approved ones appear on the landing page."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    language = models.CharField(max_length=5, default="nl")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rating}/5 {self.comment[:40]}"
