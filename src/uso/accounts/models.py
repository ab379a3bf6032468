import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from uso.core.validators import validate_phone


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Network coordinator")
    CONSULTANT = "consultant", _("Consultant")
    CONTACT = "contact", _("Municipal contact person")
    PARTICIPANT = "participant", _("Municipal participant")


class Leadership(models.TextChoices):
    POLITICAL = "political", _("Political leadership")
    PROFESSIONAL = "professional", _("Professional leadership")


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class UserQuerySet(models.QuerySet):
    def of_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def active(self):
        return self.filter(is_active=True, anonymised_at__isnull=True)

    def address_taken(self, email: str, *, but=None) -> bool:
        """Whether someone (other than `but`) has the address, whatever the case of its
        letters: one person an address."""
        others = self.filter(email__iexact=email.strip())
        return (others.exclude(pk=but.pk) if but and but.pk else others).exists()

    def staff_of_network(self):
        return self.filter(municipality__isnull=True)

    def visible_to(self, user):
        """People a user may list: coordinators everyone; consultants their municipalities'
        people; municipal people their own municipality's."""
        if user.is_coordinator:
            return self
        if user.is_consultant:
            assigned = user.assignments.values("membership__municipality")
            return self.filter(Q(municipality__in=assigned) | Q(pk=user.pk))
        if user.municipality_id:
            return self.filter(municipality_id=user.municipality_id)
        return self.filter(pk=user.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.COORDINATOR)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person: network staff (no municipality) or someone of one municipality."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("Empty for the network's own staff."),
    )
    position = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("For example “kunnanjohtaja”.")
    )
    leadership = models.CharField(
        _("leadership type"), max_length=20, choices=Leadership.choices, blank=True
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "email"]
        indexes = [
            models.Index(fields=["municipality", "role"]),
            models.Index(fields=["last_name", "first_name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["coordinator", "consultant"]) | Q(municipality__isnull=False),
                name="municipal_roles_have_a_municipality",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.COORDINATOR)

    @property
    def is_consultant(self) -> bool:
        return self.is_active and self.role == Role.CONSULTANT

    @property
    def is_contact(self) -> bool:
        return self.is_active and self.role == Role.CONTACT and self.municipality_id is not None

    @property
    def is_municipal(self) -> bool:
        return self.municipality_id is not None


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link by e-mail with which an invited person sets their password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_default_expiry, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return str(self.user)

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
