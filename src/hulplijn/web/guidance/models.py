"""Best practices (edited in the admin, in Dutch and English) and stored survey answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hulplijn.web.assessments.models import Assessment


class BestPractice(models.Model):
    """A practice for one theme of the report's three areas, targeted by sector, size, segment."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    area = models.CharField(_("area"), max_length=40)
    theme = models.CharField(_("theme"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    steps = models.TextField(_("first steps"), help_text=_("One step per line."))
    sections = models.JSONField(
        _("SBI sections"),
        default=list,
        blank=True,
        help_text=_('List of SBI 2008 section letters, or ["all"].'),
    )
    size_classes = models.JSONField(
        _("size classes"),
        default=list,
        blank=True,
        help_text=_('micro, klein, midden, or ["all"].'),
    )
    segments = models.JSONField(
        _("segments"),
        default=list,
        blank=True,
        help_text=_('accelerate, grow, renew, reform, or ["all"].'),
    )
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=500)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        ordering = ["area", "theme", "code"]

    def __str__(self) -> str:
        return self.title

    def fits(self, section: str, size_class: str, segment: str | None) -> bool:
        """True when this practice is meant for the firm's section, size class and segment."""

        def matches(values, value):
            return not values or "all" in values or value in values

        return (
            matches(self.sections, section)
            and matches(self.size_classes, size_class)
            and (segment is None or matches(self.segments, segment))
        )

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class SurveyResponse(models.Model):
    """A firm's answers to one mini-survey, stored with its assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="surveys")
    survey = models.CharField(max_length=40)
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "survey"], name="one_response_per_survey")
        ]


class MeasureUptake(models.Model):
    """What the owner says about a measure they qualify for: going to apply, applied, or not
    for them (the cockpit counts it for consenting firms only, as aggregates)."""

    class Status(models.TextChoices):
        INTEND = "intend", _("I am going to apply")
        APPLIED = "applied", _("Applied")
        NOT_FOR_ME = "not_for_me", _("Not for me")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="uptake")
    measure = models.CharField(_("measure"), max_length=32)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("measure uptake")
        verbose_name_plural = _("measure uptake")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "measure"], name="one_uptake_per_measure")
        ]
