"""Job adverts (vacancies): each belongs to one ROCU and names its vetting level."""

from django.db import models


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"
    ARCHIVED = "archived", "Archived"


class Vacancy(models.Model):
    rocu = models.ForeignKey("accounts.Rocu", on_delete=models.PROTECT, related_name="vacancies")
    reference = models.CharField(max_length=30, unique=True, editable=False)
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    vetting_level = models.ForeignKey(
        "vetting.VettingLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
    )
    closing_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "vacancies"
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "closing_at"], name="vacancy_status_closing")]

    def __str__(self):
        return f"{self.reference} {self.title}"
