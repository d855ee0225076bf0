"""Admin: assessment rounds and feedback moderation. Assessments themselves are not in the admin:
staff see firm data only through aggregate views."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulplijn.web.assessments.models import AssessmentRound, Feedback
from hulplijn.web.audit.admin import AuditedAdminMixin


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ("name", "year_1", "year_2", "moment_1", "moment_2", "is_open", "created_at")
    list_filter = ("is_open",)


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
