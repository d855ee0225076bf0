from digid_eherkenning import admin as eherkenning_admin
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hulplijn.web.accounts.models import AdviserRequest, EherkenningIdentity, User
from hulplijn.web.audit.admin import AuditedAdminMixin

# only eHerkenning is used: the library's DigiD configuration stays out of the admin
admin.site.unregister(eherkenning_admin.DigidConfiguration)
admin.site.unregister(eherkenning_admin.MockDigidUser)


class EherkenningIdentityInline(admin.StackedInline):
    model = EherkenningIdentity
    can_delete = False
    extra = 0
    max_num = 1
    readonly_fields = ("kvk_number", "level_of_assurance", "created_at", "last_login_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    ordering = ("email",)
    list_display = ("__str__", "is_adviser", "is_staff", "is_active", "date_joined")
    list_filter = ("is_adviser", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "eherkenning__kvk_number")
    inlines = (EherkenningIdentityInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Roles"), {"fields": ("is_adviser", "is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(AdviserRequest)
class AdviserRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Requests for an adviser account: staff approve (the account gets the adviser role and
    an e-mail) or reject them; the requests themselves are the requester's."""

    list_display = ("office", "kvk_number", "user", "status", "created_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("office", "kvk_number", "user__email")
    readonly_fields = ("user", "office", "kvk_number", "status", "created_at", "decided_at")
    actions = ("approve", "reject")

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Approve: give the account the adviser role"))
    def approve(self, request, queryset):
        approved = 0
        for asked in queryset.filter(status=AdviserRequest.Status.PENDING).select_related("user"):
            with transaction.atomic():
                asked.status = AdviserRequest.Status.APPROVED
                asked.decided_at = timezone.now()
                asked.save(update_fields=["status", "decided_at"])
                User.objects.filter(pk=asked.user_id).update(is_adviser=True)
            if asked.user.email:
                _tell_approved(request, asked)
            approved += 1
        messages.success(request, gettext("Approved: %(n)d.") % {"n": approved})

    @admin.action(description=_("Reject: no adviser role"))
    def reject(self, request, queryset):
        rejected = queryset.filter(status=AdviserRequest.Status.PENDING).update(
            status=AdviserRequest.Status.REJECTED, decided_at=timezone.now()
        )
        messages.success(request, gettext("Rejected: %(n)d.") % {"n": rejected})


def _tell_approved(request, asked: AdviserRequest) -> None:
    """The e-mail to the requester (in the site's language: the account keeps none)."""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + gettext("Your adviser account is ready"),
            gettext(
                "Your request for an adviser account for %(office)s has been approved. Owners "
                "can now share their assessment with you by your e-mail address; you find what "
                "is shared with you at %(url)s."
            )
            % {
                "office": asked.office,
                "url": request.build_absolute_uri(reverse("accounts:overview")),
            },
            None,
            [asked.user.email],
        )
