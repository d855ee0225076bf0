"""Admin: assessment rounds and feedback moderation. Assessments themselves are not in the admin:
staff see firm data only through aggregate views."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hulplijn.core.period import missing
from hulplijn.web.assessments.models import AssessmentRound, Feedback
from hulplijn.web.audit.admin import AuditedAdminMixin
from hulplijn.web.reference_store import reference_for

PERIOD_FIELDS = ("year_1", "year_2", "moment_1", "moment_2")


def unserved(round: AssessmentRound) -> list[str]:
    """What the reference data cannot serve of a round, in the admin's language (empty: all)."""
    years, moments = round.years, round.moments
    language = get_language()
    return [text(language) for text in missing(reference_for(years, moments), years, moments)]


class AssessmentRoundForm(forms.ModelForm):
    """Opening a round is a deliberate step: it moves every new visitor into the round, so the
    form asks for a confirmation and says what the reference data cannot serve."""

    confirm_open = forms.BooleanField(
        label=_("Yes, open this round"),
        help_text=_(
            "Opening a round moves every new visitor into it. Tick this after reading what the "
            "reference data can and cannot serve for it."
        ),
        required=False,
    )

    class Meta:
        model = AssessmentRound
        fields = ("name", *PERIOD_FIELDS, "is_open", "confirm_open")

    def opening(self) -> bool:
        """Whether this save opens the round, or changes the period of an open one."""
        if not self.cleaned_data.get("is_open"):
            return False
        was_open = self.instance.pk is not None and "is_open" not in self.changed_data
        return not was_open or any(name in self.changed_data for name in PERIOD_FIELDS)

    def _post_clean(self) -> None:
        super()._post_clean()  # the model's own checks first: years, moments
        if self.errors or not self.opening() or self.cleaned_data.get("confirm_open"):
            return
        lacking = unserved(self.instance)
        if lacking:
            warning = _(
                "The reference data cannot serve this round: %(lacking)s. Those figures will "
                "tell visitors there is no comparison data; everything else works. Opening it "
                "moves every new visitor into this round. Tick 'Yes, open this round' to open "
                "it anyway."
            ) % {"lacking": "; ".join(lacking)}
        else:
            warning = _(
                "The reference data covers this round's years and moments. Opening it moves "
                "every new visitor into this round. Tick 'Yes, open this round' to open it."
            )
        self.add_error("confirm_open", forms.ValidationError(warning, code="confirm_open"))


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    form = AssessmentRoundForm
    list_display = ("name", "year_1", "year_2", "moment_1", "moment_2", "is_open", "created_at")
    list_filter = ("is_open",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        lacking = unserved(obj) if obj.is_open else []
        if lacking:
            messages.warning(
                request,
                _("This open round has no comparison data for: %(lacking)s.")
                % {"lacking": "; ".join(lacking)},
            )


@admin.register(Feedback)
class FeedbackAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "rating", "comment", "language", "status")
    list_filter = ("status", "rating", "language")
    readonly_fields = ("rating", "comment", "language", "created_at", "moderated_at")
    fields = ("rating", "comment", "language", "status", "created_at", "moderated_at")
    actions = ("approve", "reject")

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Approve: show on the landing page"))
    def approve(self, request, queryset):
        queryset.update(status=Feedback.Status.APPROVED, moderated_at=timezone.now())

    @admin.action(description=_("Reject: never show"))
    def reject(self, request, queryset):
        queryset.update(status=Feedback.Status.REJECTED, moderated_at=timezone.now())

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)
