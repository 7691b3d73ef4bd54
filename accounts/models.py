"""Staff users and the Regional Organised Crime Units (ROCUs) they belong to.

Candidates have no staff account: everything public is anonymous or token-based.
A staff user's ROCUs bound what they may see; the ``accounts.access_all_rocus``
permission (National HR) lifts that bound.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE_HUMBER = "yorkshire_humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EASTERN = "eastern", "East of England"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    WALES = "wales", "Wales"


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

    class Meta:
        ordering = ["name"]
        verbose_name = "ROCU"
        verbose_name_plural = "ROCUs"

    def __str__(self):
        return self.short_name


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
        ]
