"""Staff users and the Regional Organised Crime Units (ROCUs) they belong to.

Candidates have no staff account: everything public is anonymous or token-based.
A staff user's ROCUs bound what they may see; the ``accounts.access_all_rocus``
permission (National HR) lifts that bound.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    # Candidates see the region on the advert pages and in the list's filter.
    NORTH_EAST = "north_east", _("North East")
    NORTH_WEST = "north_west", _("North West")
    YORKSHIRE_HUMBER = "yorkshire_humber", _("Yorkshire and the Humber")
    EAST_MIDLANDS = "east_midlands", _("East Midlands")
    WEST_MIDLANDS = "west_midlands", _("West Midlands")
    EASTERN = "eastern", _("East of England")
    SOUTH_EAST = "south_east", _("South East")
    SOUTH_WEST = "south_west", _("South West")
    WALES = "wales", _("Wales")


class Rocu(models.Model):
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    region = models.CharField(max_length=30, choices=Region.choices)
    contact_email = models.EmailField()
    website = models.URLField(blank=True)
    # Days an application may stay at each selection stage before it is flagged
    # overdue, e.g. {"sift": 7}; stages not named use applications.workflow's defaults.
    stage_target_days = models.JSONField(
        "stage target days",
        default=dict,
        blank=True,
        help_text='Overrides, e.g. {"sift": 7}. Other stages use the defaults in docs/pipeline.md.',
    )
    # Vetting is decided by the host force's vetting unit, not by the ROCU: the
    # advert and a not-eligible self-check result name it (docs/rocus.md).
    host_force = models.ForeignKey(
        "PoliceForce",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The force that employs the ROCU's staff and vets them.",
    )
    vetting_unit_name = models.CharField(
        max_length=120, blank=True, help_text="For example: West Midlands Police Vetting Unit."
    )
    vetting_unit_email = models.EmailField(
        blank=True, help_text="Where candidates can ask about vetting."
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "ROCU"
        verbose_name_plural = "ROCUs"

    def __str__(self):
        return self.short_name

    def clean(self):
        if self.host_force_id is not None and self.host_force.rocu_id != self.pk:
            raise ValidationError({"host_force": "Choose one of the forces this ROCU covers"})

    @property
    def vetting_contact_email(self) -> str:
        """The vetting unit's address, or the ROCU's own while none is recorded."""
        return self.vetting_unit_email or self.contact_email


class PoliceForce(models.Model):
    """A territorial police force; each is covered by one ROCU."""

    name = models.CharField(max_length=120, unique=True)
    rocu = models.ForeignKey(Rocu, on_delete=models.PROTECT, related_name="forces")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    rocus = models.ManyToManyField(
        Rocu,
        blank=True,
        related_name="staff",
        verbose_name="ROCUs",
        help_text="The ROCUs whose adverts and applications this person works on.",
    )

    class Meta:
        permissions = [
            ("access_all_rocus", "Can see and act on every ROCU's data (National HR)"),
            ("reset_two_factor", "Can reset a colleague's two-factor sign-in"),
        ]


class StaffAuditAction(models.TextChoices):
    CREATED = "created", "Account created"
    DETAILS_CHANGED = "details_changed", "Name or email changed"
    ROLE_CHANGED = "role_changed", "Role changed"
    ROCUS_CHANGED = "rocus_changed", "ROCUs changed"
    DEACTIVATED = "deactivated", "Account deactivated"
    REACTIVATED = "reactivated", "Account reactivated"
    INVITATION_SENT = "invitation_sent", "Set-password link sent"
    PASSWORD_SET = "password_set", "Password set"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Two-factor sign-in set up"
    TWO_FACTOR_RESET = "two_factor_reset", "Two-factor sign-in reset"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used to sign in"
    RECOVERY_CODES_REPLACED = "recovery_codes_replaced", "Recovery codes replaced"


class StaffAuditEntry(models.Model):
    """One change to a staff account: who did it, to whom, when, and what changed.

    Written only by accounts.services; never edited or deleted (no admin
    permission allows it), so it stays the record of who was given access to what.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the person did it themselves without being signed in "
        "(setting a password from an invitation).",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_audit_entries"
    )
    action = models.CharField(max_length=30, choices=StaffAuditAction.choices)
    # Human-readable before/after, e.g. {"from": "ROCU lead", "to": "ROCU HR"}.
    change = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "staff account change"
        verbose_name_plural = "staff account changes"

    def __str__(self):
        return f"{self.get_action_display()}: {self.subject} ({self.at:%d %b %Y %H:%M})"

    @property
    def change_text(self) -> str:
        if "from" in self.change or "to" in self.change:
            return f"{self.change.get('from') or 'none'} → {self.change.get('to') or 'none'}"
        return ", ".join(f"{key}: {value}" for key, value in self.change.items())
