"""The audit of report exports, and the permissions that open the reports.

Reports themselves are read from applications' rows (reports/selectors.py) and
stored nowhere. Each CSV export leaves one ``ReportExport`` row: who, when,
which report, for which ROCU and advert, and the reason they gave.
"""

from django.conf import settings
from django.db import models


class ReportKind(models.TextChoices):
    FUNNEL = "funnel", "Selection funnel"
    DIVERSITY = "diversity", "Diversity of applicants by stage"


class ReportExport(models.Model):
    report = models.CharField(max_length=20, choices=ReportKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    # The scope exported: one ROCU (null: every ROCU the person sees) and one advert (or all).
    rocu = models.ForeignKey(
        "accounts.Rocu", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Which equality question a diversity export was for ("" for the funnel).
    question = models.CharField(max_length=30, blank=True)
    reason = models.TextField(max_length=2000)
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        permissions = [
            ("view_pipeline_report", "Can see and export the selection funnel reports"),
            (
                "view_diversity_report",
                "Can see and export the diversity report (never given to anyone who scores)",
            ),
        ]

    def __str__(self):
        return f"{self.get_report_display()} export {self.pk}"
