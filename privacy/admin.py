"""National HR's privacy pages: the audit of reads, and subject access and erasure.

Both models are read-only lists. Subject access works on one email address,
carried in POST bodies only (never in a URL, so never in an access log): find
the person, see what is held, download the export (a ZIP of HTML and JSON), or
review and confirm an erasure. Every view checks ``privacy.subject_access``,
which only National HR holds (accounts/roles.py); every export and erasure is
recorded (``SubjectAccessRecord``) with who asked and why.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from . import services
from .forms import ErasureForm, ExportForm, SubjectForm
from .models import ReadAuditEntry, SubjectAccessRecord


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReadAuditEntry)
class ReadAuditEntryAdmin(_ReadOnlyAdmin):
    list_display = ("at", "by", "part", "record_label", "record_type", "record_id")
    list_filter = (("by", admin.RelatedOnlyFieldListFilter), "part", "record_type")
    search_fields = ("record_label", "=record_id")
    date_hierarchy = "at"
    list_select_related = ("by",)
    list_per_page = 100
    show_full_result_count = False


@admin.register(SubjectAccessRecord)
class SubjectAccessRecordAdmin(_ReadOnlyAdmin):
    list_display = ("at", "kind", "by", "reason")
    list_filter = ("kind", ("by", admin.RelatedOnlyFieldListFilter))
    # Searched by address (get_search_results): the table holds only keyed digests.
    date_hierarchy = "at"
    list_select_related = ("by",)
    change_list_template = "admin/privacy/subjectaccessrecord/change_list.html"

    search_help_text = "Search by the person's email address."

    def get_search_fields(self, request):
        return ("subject_digest",)  # shows the search box; the matching is below

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(subject_digest__in=services.subject_digests(search_term)), False

    def get_urls(self):
        def view(function, name):
            return path(
                f"subject/{name}/" if name else "subject/",
                self.admin_site.admin_view(function),
                name=f"privacy_subject_{name or 'find'}",
            )

        return [
            view(self.find_view, ""),
            view(self.export_view, "export"),
            view(self.erase_view, "erase"),
            *super().get_urls(),
        ]

    # --- the three pages ------------------------------------------------------------

    def _context(self, request, title, **extra):
        if not request.user.has_perm(services.SUBJECT_ACCESS_PERMISSION):
            raise PermissionDenied
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def _summary(self, request, email, export_form=None):
        sections = [
            section for _, sections in services.subject_sections(email) for section in sections
        ]
        context = self._context(
            request,
            "What we hold about this person",
            email=email,
            sections=sections,
            holds_anything=any(section.records for section in sections),
            export_form=export_form or ExportForm(initial={"email": email}),
        )
        return TemplateResponse(request, "admin/privacy/subject_summary.html", context)

    def find_view(self, request):
        """Ask for the address; show what each app holds, in counts."""
        form = SubjectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return self._summary(request, form.cleaned_data["email"])
        context = self._context(request, "Find a person's data", form=form)
        return TemplateResponse(request, "admin/privacy/subject_find.html", context)

    def export_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = ExportForm(request.POST)
        if not form.is_valid():
            return self._summary(request, request.POST.get("email", ""), export_form=form)
        archive, record = services.subject_export(
            by=request.user, email=form.cleaned_data["email"], reason=form.cleaned_data["reason"]
        )
        response = HttpResponse(archive, content_type="application/zip")
        filename = f"subject-access-{record.pk}-{timezone.localdate():%Y-%m-%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def erase_view(self, request):
        """Review what erasure would do (a POST from the summary), then confirm it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        confirming = "confirm_erasure" in request.POST
        email = request.POST.get("email", "")
        form = ErasureForm(request.POST if confirming else None, initial={"email": email})
        if confirming and form.is_valid():
            try:
                services.subject_erase(
                    by=request.user, email=email, reason=form.cleaned_data["reason"]
                )
            except services.ErasureRefused as refused:
                for problem in refused.problems:
                    form.add_error(None, problem)
            else:
                messages.success(request, "The person's data is erased; the record is below.")
                return HttpResponseRedirect(reverse("admin:privacy_subjectaccessrecord_changelist"))
        lines, problems = services.subject_erasure_preview(email)
        context = self._context(
            request,
            "Erase this person's data",
            email=email,
            form=form,
            lines=lines,
            problems=problems,
        )
        return TemplateResponse(request, "admin/privacy/subject_erase.html", context)
