"""The audit log in the admin: superusers read it; nobody adds, changes or deletes events.
AuditedAdminMixin logs staff opening and changing firm data in any ModelAdmin."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote

from hulplijn.web.audit import services
from hulplijn.web.audit.models import AccessEvent, LoginEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "role", "action", "object_type", "object_id", "kvk_number")
    list_filter = ("role", "action", "object_type")
    search_fields = ("actor_label", "kvk_number", "object_id")
    date_hierarchy = "at"
    actions = None

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LoginEvent)
class LoginEventAdmin(AccessEventAdmin):
    list_display = ("at", "user", "succeeded", "method", "ip_address")
    list_filter = ("succeeded", "method")
    search_fields = ("user__email", "user__eherkenning__kvk_number", "ip_address")


class AuditedAdminMixin:
    """For admins of firm or personal data: log opening (admin_view), saving and actions
    (admin_change) and deleting (admin_delete) an object."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                services.record(request, services.Action.ADMIN_VIEW, obj)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.record(request, services.Action.ADMIN_CHANGE, obj)

    def delete_model(self, request, obj):
        services.record(request, services.Action.ADMIN_DELETE, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.record(request, services.Action.ADMIN_DELETE, obj)
        super().delete_queryset(request, queryset)

    def response_action(self, request, queryset):
        action = request.POST.get("action")
        if action and action != "delete_selected":
            chosen = queryset
            if not request.POST.get("select_across"):
                chosen = queryset.filter(pk__in=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
            for obj in chosen:
                services.record(request, services.Action.ADMIN_CHANGE, obj)
        return super().response_action(request, queryset)
