"""Vetting levels: the security clearance a post needs, as data.

Each ROCU sets the level for its own posts and every advert names one. The
residence rule itself lives in ``vetting/rules.py`` (pure, no Django); a level
row supplies its parameters.
"""

from django.db import models

from . import rules


class FamilyOfExempt(models.TextChoices):
    EXEMPT = "exempt", "Treated as exempt"
    REVIEW = "review", "Sent to a person for review"


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
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def as_rule(self) -> rules.LevelRule:
        """This level as the pure rule engine sees it (vetting/rules.py)."""
        return rules.LevelRule(
            code=self.code,
            required_years=self.required_residence_years,
            family_of_exempt=self.family_of_exempt,
        )
