"""Writes for the reports: the audit row of each CSV export.

An export is allowed only with a reason, and only of a report the person may
see, in their own ROCUs (the view has already built the rows through
reports.selectors, which scope them). The audit row is written before the file
is returned, in the same request, so no file leaves without its row.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from accounts.selectors import user_may_act_for_rocu

from .models import ReportExport, ReportKind
from .selectors import ReportScope, user_may_view_diversity_report, user_may_view_pipeline_reports

logger = logging.getLogger(__name__)


class ReportExportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def report_export_record(
    *, by, report: str, scope: ReportScope, reason: str, rows: int, question: str = ""
) -> ReportExport:
    problems = []
    allowed = (
        user_may_view_diversity_report(by)
        if report == ReportKind.DIVERSITY
        else user_may_view_pipeline_reports(by)
    )
    if not allowed:
        problems.append("You do not have permission to export this report.")
    elif scope.rocu is not None and not user_may_act_for_rocu(by, scope.rocu.pk):
        problems.append("You can only export reports of your own ROCUs.")
    if not reason.strip():
        problems.append("Enter why you are exporting this report.")
    if problems:
        raise ReportExportRefused(problems)
    with transaction.atomic():
        export = ReportExport.objects.create(
            report=report,
            by=by,
            at=timezone.now(),
            rocu=scope.rocu,
            vacancy=scope.vacancy,
            question=question,
            reason=reason.strip(),
            rows=rows,
        )
    # Ids only: the reason can name people.
    logger.info("report export %s: %s by user %s", export.pk, report, by.pk)
    return export
