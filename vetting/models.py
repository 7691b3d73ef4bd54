"""Vetting levels: the security clearance a post needs, as data.

Two separate processes publish levels (docs/vetting-rule.md): **force vetting**
by the police (Recruitment Vetting, Management Vetting) and **national security
vetting** by UK Security Vetting (CTC, SC, DV). Each ROCU sets the levels for
its own posts: an advert names a force level and may add a national-security
one. The residence rule itself lives in ``vetting/rules.py`` (pure, no Django);
a level row supplies its parameters. Changes of a level's years are recorded
in ``VettingLevelChange`` by ``vetting.services``.
"""

from django.conf import settings
from django.db import models

from . import requirements, rules


class FamilyOfExempt(models.TextChoices):
    EXEMPT = "exempt", "Treated as exempt"
    REVIEW = "review", "Sent to a person for review"


class VettingKind(models.TextChoices):
    FORCE = "force", "Force vetting"
    NATIONAL_SECURITY = "national_security", "National security vetting"


class VettingLevel(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text="Short code, e.g. MV.")
    name = models.CharField(max_length=80, unique=True)
    required_residence_years = models.PositiveSmallIntegerField(
        help_text="Years of UK residence immediately before the assessment date."
    )
    family_of_exempt = models.CharField(
        max_length=10,
        choices=FamilyOfExempt.choices,
        default=FamilyOfExempt.REVIEW,
        help_text="How time abroad accompanying a family member in the Forces or on HM "
        "Government duty is treated.",
    )
    kind = models.CharField(
        max_length=20,
        choices=VettingKind.choices,
        default=VettingKind.FORCE,
        help_text="Force vetting (by the police) or national security vetting (by UK "
        "Security Vetting): separate processes, so an advert may need one of each.",
    )
    renewal_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Years after which the clearance is reviewed or renewed, where its source "
        "publishes one; blank if not published.",
    )
    description = models.TextField(
        help_text="What this level means for a candidate, in plain English."
    )
    source = models.CharField(max_length=255, help_text="Where the level's rule comes from.")
    is_active = models.BooleanField(default=True, help_text="Offered for new adverts.")

    class Meta:
        ordering = ["required_residence_years", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(required_residence_years__lte=50),
                name="vetting_level_years_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(renewal_years__isnull=True)
                | models.Q(renewal_years__gte=1, renewal_years__lte=50),
                name="vetting_level_renewal_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_national_security(self) -> bool:
        return self.kind == VettingKind.NATIONAL_SECURITY

    def as_facts(self) -> requirements.LevelFacts:
        """This level as the requirements and clearance rules see it (pure dataclass)."""
        return requirements.LevelFacts(
            code=self.code,
            name=self.name,
            required_years=self.required_residence_years,
            kind=self.kind,
            family_of_exempt=self.family_of_exempt,
        )

    def as_rule(self) -> rules.LevelRule:
        """This level as the pure rule engine sees it (vetting/rules.py)."""
        return rules.LevelRule(
            code=self.code,
            required_years=self.required_residence_years,
            family_of_exempt=self.family_of_exempt,
        )


class VettingLevelChange(models.Model):
    """Who changed a level's years, when and why: added by vetting.services, never edited.

    A level named by an open advert is "live": changing its years changes what
    candidates were told, so the service requires a reason (like a change of an
    advert's vetting level, vacancies.VacancyAuditEntry).
    """

    level = models.ForeignKey(VettingLevel, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=40, blank=True)
    new_value = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    was_live = models.BooleanField(
        help_text="Whether an open advert named the level when it changed."
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "vetting level change"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(was_live=False) | ~models.Q(reason=""),
                name="vetting_level_live_change_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.level_id} {self.field}: {self.old_value} -> {self.new_value}"
