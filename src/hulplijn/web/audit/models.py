"""One row per access to a firm's data by somebody other than its owner."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    """An adviser, a share-link reader, staff or the policy role opened, exported or changed
    a firm's data. Written by the application only; never changed or deleted from the UI."""

    class Role(models.TextChoices):
        ADVISER = "adviser", _("adviser")
        LINK = "link", _("reader of a share link")
        STAFF = "staff", _("staff")
        POLICY = "policy", _("policy")

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CHANGE = "change", _("changed")
        EXPORT = "export", _("exported")
        PDF = "pdf", _("downloaded as PDF")
        ADMIN_VIEW = "admin_view", _("opened in the admin")
        ADMIN_CHANGE = "admin_change", _("changed in the admin")
        ADMIN_DELETE = "admin_delete", _("deleted in the admin")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(
        _("actor (as it was)"),
        max_length=254,
        blank=True,
        help_text=_(
            "The actor's e-mail address or KvK number at the time; kept when the account is deleted."
        ),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    data_subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("whose data"),
        help_text=_("Emptied when that account is deleted."),
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, db_index=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or '-'} {self.action} {self.object_type}"
        )


class LoginEvent(models.Model):
    """A login to an account, or a failed attempt naming an existing account's e-mail address.
    Shown to the account holder in their data download; deleted with the account."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("account"),
    )
    succeeded = models.BooleanField(_("succeeded"))
    method = models.CharField(
        _("login method"),
        max_length=200,
        blank=True,
        help_text=_("The authentication backend that accepted the login; empty when it failed."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("login")
        verbose_name_plural = _("logins")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "failed"
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {outcome}"
