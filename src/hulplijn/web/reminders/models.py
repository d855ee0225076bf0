"""What an owner asked to be reminded of, and every reminder due, sent or not (one per subject)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSettings(models.Model):
    """An account's choice: both off until the owner turns one on (explicit opt-in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_settings",
    )
    new_round = models.BooleanField(_("when a new round opens"), default=False)
    follow_up = models.BooleanField(_("follow-up on measures I meant to apply for"), default=False)
    language = models.CharField(max_length=5, default="nl")  # of the page where it was chosen
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    @property
    def any(self) -> bool:
        return self.new_round or self.follow_up


class Reminder(models.Model):
    """One reminder for one subject (a round, a measure uptake): made once when due, sent at
    most once (unique per account, kind and subject; a worker claims it before sending)."""

    class Kind(models.TextChoices):
        NEW_ROUND = "new_round", _("new round")
        FOLLOW_UP = "follow_up", _("follow-up on a measure")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        CANCELLED = "cancelled", _("not sent (unsubscribed)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    subject = models.CharField(max_length=64)  # "round:<id>" or "uptake:<id>"
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    claim = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "subject"], name="one_reminder_per_subject"
            )
        ]
