"""Staff side of references: a ROCU-scoped list, and one page per reference to read and mark it.

HR reach the page from the References panel on the application's change page
(references/panels.py). Another ROCU's reference is a 404, by list and by URL.
The page shows the referee's answers (staff only) and, for a received reference
not yet marked and a user with ``references.assess_reference``, the form to mark
it satisfactory or not (a note is needed for "not satisfactory"). The mark goes
through ``services.reference_assess``, which checks permission and ROCU again.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.govuk_dates import govuk_month

from . import selectors, services
from .forms import AssessForm
from .models import ReferenceRequest, ReferenceStatus


@admin.register(ReferenceRequest)
class ReferenceRequestAdmin(admin.ModelAdmin):
    list_display = ("application", "referee_name", "status", "requested_at", "satisfactory")
    list_filter = ("status", "satisfactory")
    search_fields = ("application__reference",)
    ordering = ("-requested_at",)

    def get_queryset(self, request):
        return selectors.reference_requests_for_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        assess = path(
            "<path:object_id>/assess/",
            self.admin_site.admin_view(self.assess_view),
            name="references_referencerequest_assess",
        )
        return [assess, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One page per reference: the answers and HR's mark.
        return HttpResponseRedirect(
            reverse("admin:references_referencerequest_assess", args=[object_id])
        )

    def assess_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        reference = self.get_object(request, object_id)  # None outside the user's ROCUs
        if reference is None:
            raise Http404("No reference with that id")
        application = reference.application
        change_url = reverse("admin:applications_application_change", args=[application.pk])
        may_mark = (
            request.user.has_perm(services.ASSESS_PERMISSION)
            and reference.status == ReferenceStatus.RECEIVED
            and reference.satisfactory is None
        )
        form = AssessForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if not may_mark:
                messages.error(request, "This reference cannot be marked now.")
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                try:
                    services.reference_assess(
                        reference=reference,
                        by=request.user,
                        satisfactory=form.cleaned_data["outcome"] == "satisfactory",
                        note=form.cleaned_data["note"],
                    )
                except services.ReferenceRefused as refused:
                    for problem in refused.problems:
                        form.add_error(None, problem)
                else:
                    messages.success(
                        request, f"The reference from {reference.referee_name} is marked."
                    )
                    return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Reference from {reference.referee_name}: {application.reference}",
            "reference": reference,
            "application": application,
            "change_url": change_url,
            "answers": _answers(reference),
            "form": form if may_mark else None,
        }
        return TemplateResponse(request, "admin/references/referencerequest/assess.html", context)


def _answers(reference: ReferenceRequest) -> list[tuple[str, str]]:
    """The referee's answers as (question, answer) rows, in the form's order."""
    if reference.status == ReferenceStatus.DECLINED:
        return [("Cannot give a reference; reason", reference.cannot_give_reason or "(none given)")]
    if reference.status != ReferenceStatus.RECEIVED:
        return []
    dates = govuk_month(reference.known_from)
    if reference.known_to:
        dates += " to " + govuk_month(reference.known_to)
    return [
        ("Referee's job title", reference.referee_position),
        ("How they know the candidate", reference.get_capacity_display()),
        ("Known", dates),
        ("Candidate's role", reference.candidate_role or "-"),
        ("Disciplinary action", reference.get_disciplinary_display()),
        ("Disciplinary details", reference.disciplinary_detail or "-"),
        ("Concerns about honesty or integrity", reference.get_integrity_concerns_display()),
        ("Integrity details", reference.integrity_detail or "-"),
        ("Would employ again", reference.get_would_reemploy_display()),
        ("Anything else", reference.comments or "-"),
    ]
