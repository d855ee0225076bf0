"""Users log in with their e-mail address; advisers can be given access to shared assessments."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    """Creates users by e-mail address (there is no username)."""

    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_eherkenning_user(self, kvk_number: str, level_of_assurance: str) -> User:
        """An account without e-mail address or password, for a firm that logs in with
        eHerkenning."""
        user = self.model(email=None)
        user.set_unusable_password()
        user.save(using=self._db)
        EherkenningIdentity.objects.create(
            user=user, kvk_number=kvk_number, level_of_assurance=level_of_assurance
        )
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """An SME owner, an adviser or a staff member; identified by e-mail address, or (firms that
    log in with eHerkenning) by the KvK number of their EherkenningIdentity."""

    username = None
    email = models.EmailField(
        _("e-mail address"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Empty for accounts that log in with eHerkenning only."),
    )
    is_adviser = models.BooleanField(
        _("adviser"),
        default=False,
        help_text=_("Advisers can open assessments that owners share with them."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        if self.email:
            return self.email
        identity = getattr(self, "eherkenning", None)
        return f"KvK {identity.kvk_number}" if identity else f"#{self.pk}"

    def clean(self) -> None:
        super().clean()
        self.email = self.email or None  # many accounts without an address, one per address


class EherkenningIdentity(models.Model):
    """The firm (KvK number) an account logs in as with eHerkenning."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="eherkenning")
    kvk_number = models.CharField(_("KvK number"), max_length=8, unique=True)
    level_of_assurance = models.CharField(_("level of assurance of the last login"), max_length=100)
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last eHerkenning login"), null=True, blank=True)

    class Meta:
        verbose_name = _("eHerkenning identity")
        verbose_name_plural = _("eHerkenning identities")

    def __str__(self) -> str:
        return f"KvK {self.kvk_number}"


KVK_NUMBER = RegexValidator(
    r"^(?!00)\d{8}$",
    _("A KvK number has 8 digits and does not start with 00."),
    code="kvk_number",
    flags=re.ASCII,  # the digits 0-9 only, not every script's (Python's \d)
)


class AdviserRequest(models.Model):
    """An account holder asks to become an adviser (an accountant's office, named by its KvK
    number); a staff member approves it in the admin, which gives the account the adviser role
    (``User.is_adviser``), or rejects it. Who decided is in the audit log (the admin's actions
    are logged)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="adviser_requests", verbose_name=_("account")
    )
    office = models.CharField(_("name of the office"), max_length=200)
    kvk_number = models.CharField(
        _("KvK number of the office"), max_length=8, validators=[KVK_NUMBER]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("adviser request")
        verbose_name_plural = _("adviser requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_adviser_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} (KvK {self.kvk_number})"
