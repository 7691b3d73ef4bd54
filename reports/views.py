"""The report pages in the admin: thin, they read the scope, ask the selectors, render.

Mounted under /admin/reports/ (reports/urls.py) and wrapped by the admin site's
``admin_view``, so only signed-in staff past two-factor reach them. Another
ROCU or an advert of another ROCU in the query string is a 404.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.selectors import staff_scope_description
from core.spreadsheets import rows_to_csv

from . import charts, exports, selectors, services
from .forms import DiversityScopeForm, ExportReasonForm, ReportScopeForm
from .models import ReportKind


def _page_context(request, title: str) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        # The model sidebar says nothing useful here (and "no permission" to a reader).
        "is_nav_sidebar_enabled": False,
        "staff_scope": staff_scope_description(request.user),
    }


def _scope_from(form) -> selectors.ReportScope:
    """The scope a valid form names; a ROCU or advert the user may not see is a 404."""
    if not form.is_valid():
        raise Http404("No such ROCU or advert in your reports")
    vacancy = form.cleaned_data["advert"]
    rocu = vacancy.rocu if vacancy is not None else form.cleaned_data["rocu"]
    return selectors.ReportScope(rocu=rocu, vacancy=vacancy)


def reports_index(request):
    may_see_pipeline = selectors.user_may_view_pipeline_reports(request.user)
    may_see_diversity = selectors.user_may_view_diversity_report(request.user)
    if not (may_see_pipeline or may_see_diversity):
        raise PermissionDenied
    context = {
        **_page_context(request, "Reports"),
        "may_see_pipeline": may_see_pipeline,
        "may_see_diversity": may_see_diversity,
    }
    return render(request, "admin/reports/index.html", context)


def _funnel_report(request):
    form = ReportScopeForm(request.GET or {}, user=request.user)
    scope = _scope_from(form)
    applications = selectors.report_applications(request.user, scope)
    funnel = selectors.funnel_for(applications)
    return form, scope, funnel, selectors.breakdown_by_advert(applications)


def funnel_report(request):
    if not selectors.user_may_view_pipeline_reports(request.user):
        raise PermissionDenied
    form, scope, funnel, by_advert = _funnel_report(request)
    by_rocu, total = selectors.breakdown_by_rocu(request.user)
    scope_text = scope.describe(request.user)
    reached_chart = charts.bar_chart(
        title=f"Applications that reached each stage, {scope_text}",
        unit_sentence="Number of applications that reached each stage.",
        rows=[(row.label, row.reached, f"{row.reached:,}") for row in funnel.path],
    )
    days_chart = charts.bar_chart(
        title=f"Median days in each stage, {scope_text}",
        unit_sentence="Median days an application stayed in each stage before moving on.",
        rows=[
            (
                row.label,
                row.median_days_in_stage,
                "no finished stays"
                if row.median_days_in_stage is None
                else f"{row.median_days_in_stage} days",
            )
            for row in funnel.path
            if row.stage != "start_date_agreed"
        ],
    )
    context = {
        **_page_context(request, "Selection funnel"),
        "form": form,
        "scope_text": scope_text,
        "funnel": funnel,
        "reached_chart": reached_chart,
        "days_chart": days_chart,
        "by_rocu": by_rocu,
        "total": total,
        "by_advert": by_advert,
        "query": request.GET.urlencode(),
    }
    return render(request, "admin/reports/funnel.html", context)


def _diversity_report(request):
    if not selectors.user_may_view_diversity_report(request.user):
        raise PermissionDenied
    form = DiversityScopeForm(request.GET or {}, user=request.user)
    scope = _scope_from(form)
    applications = selectors.report_applications(request.user, scope)
    table = selectors.diversity_table(applications, question=form.cleaned_data["question"])
    return form, scope, table


def diversity_report(request):
    form, scope, table = _diversity_report(request)
    context = {
        **_page_context(request, "Diversity of applicants by stage"),
        "form": form,
        "scope_text": scope.describe(request.user),
        "table": table,
        "query": request.GET.urlencode(),
    }
    return render(request, "admin/reports/diversity.html", context)


def export_report(request, report: str):
    """GET: ask why; POST with a reason: audit, then the CSV."""
    if report == ReportKind.FUNNEL:
        if not selectors.user_may_view_pipeline_reports(request.user):
            raise PermissionDenied
        form, scope, funnel, by_advert = _funnel_report(request)
        scope_text = scope.describe(request.user)
        rows = exports.funnel_rows(scope_text=scope_text, funnel=funnel, by_advert=by_advert)
        question = ""
    elif report == ReportKind.DIVERSITY:
        form, scope, table = _diversity_report(request)
        scope_text = scope.describe(request.user)
        rows = exports.diversity_rows(scope_text=scope_text, table=table)
        question = table.question
    else:
        raise Http404("No such report")
    reason_form = ExportReasonForm(request.POST if request.method == "POST" else None)
    if reason_form.is_valid():
        try:
            services.report_export_record(
                by=request.user,
                report=report,
                scope=scope,
                question=question,
                reason=reason_form.cleaned_data["reason"],
                rows=len(rows),
            )
        except services.ReportExportRefused as refused:
            for problem in refused.problems:
                reason_form.add_error(None, problem)
        else:
            response = HttpResponse(rows_to_csv(rows), content_type="text/csv; charset=utf-8")
            filename = f"{report}-report-{timezone.localdate():%Y-%m-%d}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
    context = {
        **_page_context(request, f"Export the {ReportKind(report).label.lower()} report"),
        "reason_form": reason_form,
        "report": report,
        "report_label": ReportKind(report).label,
        "scope_text": scope_text,
        "query": request.GET.urlencode(),
        "back_url_name": f"reports:{report}",
    }
    return render(request, "admin/reports/export.html", context)
