"""Staff pages for the checks, reached from the application's change page.

- Medical questionnaires: occupational health's own list and page (answers and
  the decision); nobody else holds ``offers.decide_medical``, so HR never sees
  the answers, only the status on the application's panel.
- Right to work and vetting: one form page each, behind the buttons on the
  application's panel (HR: right to work; vetting officers: vetting).

Every page loads the application through ``scope_to_user_rocus``: another
ROCU's application is a 404. The services re-check permission and ROCU.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from accounts.selectors import scope_to_user_rocus
from applications.models import Application
from applications.workflow import OFFER
from privacy.models import ReadPart
from privacy.services import read_audit_record

from . import services
from .forms import QUESTIONS, MedicalDecisionForm, RightToWorkForm, VettingCaseForm
from .models import MedicalQuestionnaire, MedicalStatus, RightToWorkCheck, VettingCase


def _scoped_applications(user):
    return scope_to_user_rocus(
        Application.objects.select_related("vacancy__rocu"), user, rocu_field="vacancy__rocu"
    )


def _change_url(application) -> str:
    return reverse("admin:applications_application_change", args=[application.pk])


def _add_problems(form, problems: dict[str, str]) -> None:
    for name, problem in problems.items():
        form.add_error(name if name in form.fields else None, problem)


@admin.register(MedicalQuestionnaire)
class MedicalQuestionnaireAdmin(admin.ModelAdmin):
    """Occupational health: the questionnaires of their ROCUs' candidates."""

    list_display = ("reference", "status", "sent_at", "returned_at")
    list_filter = ("status",)
    search_fields = ("application__reference",)
    ordering = ("-returned_at", "-sent_at")

    @admin.display(description="Application", ordering="application__reference")
    def reference(self, obj):
        return obj.application.reference

    def get_queryset(self, request):
        return scope_to_user_rocus(
            super().get_queryset(request).select_related("application"),
            request.user,
            rocu_field="application__vacancy__rocu",
        ).defer("answers", "decision_note")

    def _is_occupational_health(self, request) -> bool:
        return request.user.has_perm(services.DECIDE_MEDICAL)

    def has_module_permission(self, request):
        return self._is_occupational_health(request)

    def has_view_permission(self, request, obj=None):
        return self._is_occupational_health(request)

    def has_change_permission(self, request, obj=None):
        return self._is_occupational_health(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The answers and the decision form (not the model form: answers are read-only)."""
        if not self._is_occupational_health(request):
            raise PermissionDenied
        questionnaire = (
            scope_to_user_rocus(
                MedicalQuestionnaire.objects.select_related("application__vacancy__rocu"),
                request.user,
                rocu_field="application__vacancy__rocu",
            )
            .filter(pk=object_id)
            .first()
        )
        if questionnaire is None:
            raise Http404("No such questionnaire")
        application = questionnaire.application
        form = MedicalDecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.medical_questionnaire_decide(
                    questionnaire=questionnaire,
                    by=request.user,
                    cleared=form.cleaned_data["outcome"] == "cleared",
                    note=form.cleaned_data["note"],
                )
            except services.CheckRefused as refused:
                _add_problems(form, refused.problems)
            else:
                messages.success(
                    request,
                    f"{application.reference}: the decision is recorded. HR see only the status.",
                )
                return HttpResponseRedirect(reverse("admin:offers_medicalquestionnaire_changelist"))
        answers = questionnaire.answers or {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Medical questionnaire: {application.reference}",
            "questionnaire": questionnaire,
            "application": application,
            "answers": [
                (question, answers.get(name, ""), answers.get(detail, ""))
                for name, question, detail, _label in QUESTIONS
            ],
            "may_decide": questionnaire.status == MedicalStatus.RETURNED,
            "form": form,
        }
        return TemplateResponse(request, "admin/offers/medical.html", context)


@admin.register(RightToWorkCheck)
class ChecksAdmin(admin.ModelAdmin):
    """No list of its own: the right to work and vetting form pages behind the panel."""

    def get_model_perms(self, request):
        return {}  # not on the admin index: reached from an application's page

    def has_view_permission(self, request, obj=None):
        return False  # no list or change page: the form pages below check their own

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "application/<int:application_id>/right-to-work/",
                self.admin_site.admin_view(self.right_to_work_view),
                name="offers_right_to_work",
            ),
            path(
                "vetting-case/<int:case_id>/",
                self.admin_site.admin_view(self.vetting_case_view),
                name="offers_vetting_case",
            ),
            *super().get_urls(),
        ]

    def _page(self, request, template, **context):
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": Application._meta, **context},
        )

    def right_to_work_view(self, request, application_id):
        application = _scoped_applications(request.user).filter(pk=application_id).first()
        if application is None:
            raise Http404("No such application")
        if not request.user.has_perm(OFFER):
            raise PermissionDenied
        existing = RightToWorkCheck.objects.filter(application=application).first()
        initial = (
            {
                "checked_on": existing.checked_on,
                "document_type": existing.document_type,
                "expires_on": existing.expires_on,
            }
            if existing
            else {}
        )
        form = RightToWorkForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.right_to_work_record(
                    application=application, by=request.user, **form.cleaned_data
                )
            except services.CheckRefused as refused:
                _add_problems(form, refused.problems)
            else:
                messages.success(request, f"{application.reference}: right to work recorded.")
                return HttpResponseRedirect(_change_url(application))
        return self._page(
            request,
            "admin/offers/right_to_work.html",
            title=f"Record the right to work check: {application.reference}",
            application=application,
            change_url=_change_url(application),
            form=form,
        )

    def vetting_case_view(self, request, case_id):
        case = (
            scope_to_user_rocus(
                VettingCase.objects.select_related("application__vacancy__rocu", "level"),
                request.user,
                rocu_field="application__vacancy__rocu",
            )
            .filter(pk=case_id)
            .first()
        )
        if case is None:
            raise Http404("No such vetting case")
        if not request.user.has_perm(services.RECORD_VETTING):
            raise PermissionDenied
        application = case.application
        if request.method == "GET":
            # Who opened the vetting case (a refusal's reason is on it), never what it says.
            read_audit_record(
                by=request.user,
                record_type="offers.vettingcase",
                record_id=case.pk,
                record_label=application.reference or "",
                part=ReadPart.VETTING_CASE,
            )
        form = VettingCaseForm(
            request.POST if request.method == "POST" else None,
            initial={
                name: getattr(case, name)
                for name in VettingCaseForm.base_fields
                if getattr(case, name) not in (None, "")
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.vetting_case_record(case=case, by=request.user, facts=form.facts())
            except services.CheckRefused as refused:
                _add_problems(form, refused.problems)
            else:
                messages.success(
                    request, f"{application.reference}: {case.level.name} vetting recorded."
                )
                return HttpResponseRedirect(_change_url(application))
        return self._page(
            request,
            "admin/offers/vetting_case.html",
            title=f"Record {case.level.name} vetting: {application.reference}",
            application=application,
            case=case,
            change_url=_change_url(application),
            form=form,
        )
