from digid_eherkenning import admin as eherkenning_admin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hulplijn.web.accounts.models import EherkenningIdentity, User
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
