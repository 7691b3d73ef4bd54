"""Staff side of adverts: ROCU leads draft, preview, publish and close them here.

Declarative admin with behaviour in narrow hooks; every write goes through
``vacancies.services`` (which checks permission again and writes the audit
trail). Scoping, by URL and not just on the list page:

- the queryset is the user's own ROCUs' adverts (National HR: all), and an
  advert outside it is a 404 on every object URL (change, history, delete,
  preview) rather than the admin's usual redirect, so nobody can probe for
  another ROCU's references;
- object permissions narrow further: closed and archived adverts are
  read-only, only drafts may be deleted;
- the ROCU choice on the add form lists only the user's ROCUs, and an
  advert's ROCU cannot change afterwards.

Times are entered and shown in Europe/London (TIME_ZONE); the closing time is
shown the way UK users expect, "11:59pm on 14 March 2027".
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from accounts.selectors import user_may_act_for_rocu
from core.admin_history import ReadOnlyHistoryInline
from core.govuk_dates import govuk_date, govuk_datetime
from vetting.models import VettingKind, VettingLevel

from . import services
from .models import (
    QUESTIONS_PER_ADVERT_MAX,
    QUESTIONS_PER_ADVERT_MIN,
    AdvertQuestion,
    FocusArea,
    Vacancy,
    VacancyAuditEntry,
    VacancyLocation,
    VacancyStatus,
)
from .presentation import actual_close
from .selectors import (
    EDITABLE_STATUSES,
    rocus_user_may_draft_for,
    user_may_create_vacancy,
    user_may_edit_vacancy,
    user_may_publish_vacancy,
    vacancies_for_user,
)
from .services import VacancyActionRefused

PREVIEW_TEMPLATE = "vacancies/vacancy_detail.html"
STEP_TEMPLATE = "admin/vacancies/vacancy/step.html"
CLOSE_SELECTED_TEMPLATE = "admin/vacancies/vacancy/close_selected.html"
# Not a life-cycle step (the advert itself does not change), but a button beside them.
DUPLICATE = "duplicate"
# Each button's label, its confirmation page's "what will happen" ({closes}: the
# advert's closing time in words) and the success message. Keys: the workflow's
# steps, then duplicate.
STEP_WORDING = {
    "publish": {
        "button": "Publish",
        "done": "Published",
        "what_happens": (
            "The advert goes on the public job board, the Atom feed and the sitemap at once.",
            "Candidates can apply until {closes}; it then closes by itself.",
            "Mailing-list subscribers who chose this region, or anywhere, are emailed about it "
            "as often as they asked to be.",
            "While it is published, changing its vetting level or closing date needs a reason.",
        ),
    },
    "close": {
        "button": "Close now",
        "done": "Closed",
        "what_happens": (
            "The advert stops taking applications now, instead of at {closes}.",
            'Its page stays readable with a "This vacancy has closed" banner giving today\'s '
            "time; it leaves the job board.",
            "Applications already submitted carry on through selection.",
            "It cannot be opened again: to recruit again, duplicate it.",
        ),
    },
    "archive": {
        "button": "Archive",
        "done": "Archived",
        "what_happens": (
            'The advert leaves the public pages for good: its address shows "Page not found".',
            "Its history, and any applications made to it, are kept.",
            "It cannot be published or opened again: to recruit again, duplicate it.",
        ),
    },
    DUPLICATE: {
        "button": "Duplicate as a new draft",
        "done": "New draft created",
        "what_happens": (
            "A new draft is made with this advert's text, salary, vetting levels, "
            "locations and competency questions, and a new reference.",
            "Its closing date is left empty: choose one before you publish it.",
            "This advert is not changed.",
        ),
    },
}

# The change form's groups. "The post" is every editable field not shown
# elsewhere, so a field added to services.EDITABLE_FIELDS appears on the form.
_TEXT_FIELDS = ("summary", "description", "role_involves", "selection_process")
_POST_FIELDS = tuple(
    field
    for field in services.EDITABLE_FIELDS
    if field
    not in {
        "title",
        "vetting_level",
        "national_security_level",
        "closing_at",
        "focus_areas",
        *_TEXT_FIELDS,
    }
)


class VacancyAdminForm(forms.ModelForm):
    focus_areas = forms.MultipleChoiceField(
        choices=FocusArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The crime types the post covers.",
        error_messages={"invalid_choice": "Choose focus areas from the list"},
    )
    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you change the vetting level or closing date of a "
        "published advert. It is kept in the advert's history.",
    )

    class Meta:
        model = Vacancy
        fields = ("rocu", *services.EDITABLE_FIELDS)
        error_messages = {
            "title": {
                "required": "Enter a job title",
                "max_length": "Job title must be %(limit_value)d characters or fewer",
            },
            "vetting_level": {"invalid_choice": "Choose a vetting level from the list"},
            "national_security_level": {
                "invalid_choice": "Choose a national security vetting level from the list"
            },
            "salary_min": {"invalid": "Minimum salary must be a whole number of pounds"},
            "salary_max": {"invalid": "Maximum salary must be a whole number of pounds"},
            "number_of_posts": {"invalid": "Number of posts must be a whole number"},
            "contact_email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        closing = self.fields.get("closing_at")
        if closing is not None and hasattr(closing.widget, "widgets"):
            # The admin's split widget prints "Date:" and "Time:" as bare text, which
            # labels neither input for a screen reader.
            date_input, time_input = closing.widget.widgets
            date_input.attrs["aria-label"] = "Closing date (day/month/year)"
            time_input.attrs["aria-label"] = "Closing time (hours:minutes:seconds)"
        level = self.fields.get("vetting_level")
        if level is not None:
            # Retired levels stay selectable only on the advert that already has one.
            current = self.instance.vetting_level_id if self.instance.pk else None
            level.queryset = VettingLevel.objects.filter(is_active=True) | (
                VettingLevel.objects.filter(pk=current)
            )
        national = self.fields.get("national_security_level")
        if national is not None:
            current = self.instance.national_security_level_id if self.instance.pk else None
            national.queryset = VettingLevel.objects.filter(
                kind=VettingKind.NATIONAL_SECURITY, is_active=True
            ) | VettingLevel.objects.filter(pk=current)

    # vacancy_update_problems names the reason "reason"; on this form it is "change_reason".
    _PROBLEM_FIELDS = {"reason": "change_reason"}

    def clean(self):
        cleaned = super().clean()
        # The service's own edit rules, shown against their fields before it runs.
        changes = {
            name: cleaned[name]
            for name in self.changed_data
            if name in services.EDITABLE_FIELDS and name in cleaned
        }
        for field, message in services.vacancy_update_problems(
            vacancy=self.instance,
            changes=changes,
            reason=cleaned.get("change_reason", ""),
            now=timezone.now(),
        ):
            self.add_error(self._PROBLEM_FIELDS.get(field, field), message)
        return cleaned


def _status_in_words(vacancy) -> str:
    """ "a draft", "published", "closed", "archived": as a sentence says it."""
    if vacancy.status == VacancyStatus.DRAFT:
        return "a draft"
    return vacancy.get_status_display().lower()


class VacancyCloseReasonForm(forms.Form):
    """The reason an advert is closed before its closing time (kept in its history)."""

    reason = forms.CharField(
        label="Why are you closing it early?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, all posts are filled. It is kept in the advert's history.",
        error_messages={
            "required": services.VACANCY_WORKFLOW["close"].reason_missing,
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class VacancyLocationInlineForm(forms.ModelForm):
    class Meta:
        model = VacancyLocation
        fields = ("town", "postcode")
        # A tabular inline shows the field names as column headings only, which
        # label no input: each input gets its name.
        widgets = {
            "town": forms.TextInput(attrs={"aria-label": "Town", "class": "vTextField"}),
            "postcode": forms.TextInput(attrs={"aria-label": "Postcode", "class": "vTextField"}),
        }


class VacancyLocationFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # the "Delete?" column heading labels no checkbox
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this location"


class VacancyLocationInline(admin.TabularInline):
    model = VacancyLocation
    form = VacancyLocationInlineForm
    formset = VacancyLocationFormSet
    extra = 1
    fields = ("town", "postcode")
    verbose_name = "base location"
    verbose_name_plural = "base locations"

    def _editable(self, request, obj) -> bool:
        return obj is None or (
            obj.status in EDITABLE_STATUSES and user_may_edit_vacancy(request.user, vacancy=obj)
        )

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class AdvertQuestionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if kept and not QUESTIONS_PER_ADVERT_MIN <= len(kept) <= QUESTIONS_PER_ADVERT_MAX:
            raise forms.ValidationError(
                f"Set {QUESTIONS_PER_ADVERT_MIN} to {QUESTIONS_PER_ADVERT_MAX} competency "
                f"questions, or none"
            )


class AdvertQuestionInline(VacancyLocationInline):
    """The competency questions candidates answer (2 to 4, each tied to a CVF competency)."""

    model = AdvertQuestion
    formset = AdvertQuestionFormSet
    extra = 0
    max_num = QUESTIONS_PER_ADVERT_MAX
    fields = ("position", "competency", "question", "word_limit")
    verbose_name = "competency question"
    verbose_name_plural = "competency questions (2 to 4; candidates answer them when they apply)"


class VacancyAuditEntryInline(ReadOnlyHistoryInline):
    """The advert's history, read-only: written only by vacancies.services."""

    model = VacancyAuditEntry
    fk_name = "vacancy"
    fields = ("at", "action", "by", "from_status", "to_status", "old_value", "new_value", "reason")
    readonly_fields = fields
    verbose_name_plural = "history of this advert"


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    form = VacancyAdminForm
    inlines = [VacancyLocationInline, AdvertQuestionInline, VacancyAuditEntryInline]
    # Fits a 1280 px screen beside the admin's navigation and filters with the closing
    # date in full (tests/browser/test_advert_admin_steps.py): the vetting levels as
    # their codes, the publication date inside the status, and the ROCU through a
    # method (the admin keeps a foreign key's or a date's cell on one line).
    list_display = ("reference", "title", "rocu_in_list", "status_in_list", "vetting", "closes")
    list_select_related = ("rocu", "vetting_level", "national_security_level")
    list_filter = (
        ("rocu", admin.RelatedOnlyFieldListFilter),
        "status",
        ("vetting_level", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "reference")
    ordering = ("-created_at",)
    actions = ["publish_selected", "close_selected", "duplicate_selected", "archive_selected"]
    fieldsets = (
        (None, {"fields": ("rocu", "reference", "status", "preview", "title")}),
        (
            "Vetting and closing date",
            {
                "fields": (
                    "vetting_level",
                    "national_security_level",
                    "closing_at",
                    "change_reason",
                )
            },
        ),
        ("The post", {"fields": _POST_FIELDS}),
        ("Advert text (Markdown: paragraphs, lists, links; no HTML)", {"fields": _TEXT_FIELDS}),
        ("Focus areas", {"fields": ("focus_areas",)}),
        ("Life cycle", {"fields": ("published_at", "closed_at", "created_at", "updated_at")}),
    )

    # --- scoping -------------------------------------------------------------
    def get_queryset(self, request):
        return vacancies_for_user(request.user).select_related(
            "rocu", "vetting_level", "national_security_level"
        )

    def get_object(self, request, object_id, from_field=None):
        vacancy = super().get_object(request, object_id, from_field)
        if vacancy is None:
            # Not the admin's redirect-with-message: another ROCU's advert (or a
            # made-up id) is simply not there for this user.
            raise Http404("No advert with that id")
        return vacancy

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or user_may_act_for_rocu(request.user, obj.rocu_id)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None
            or (
                obj.status in EDITABLE_STATUSES and user_may_edit_vacancy(request.user, vacancy=obj)
            )
        )

    def has_delete_permission(self, request, obj=None):
        # Only a draft, which no candidate has seen; anything else is archived instead.
        return super().has_delete_permission(request, obj) and (
            obj is None
            or (
                obj.status == VacancyStatus.DRAFT
                and user_may_act_for_rocu(request.user, obj.rocu_id)
            )
        )

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("vacancies.publish_vacancy")

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk delete would bypass the draft-only rule above.
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rocu":
            kwargs["queryset"] = rocus_user_may_draft_for(request.user)
            kwargs["error_messages"] = {
                "invalid_choice": "Choose one of your ROCUs",
                "required": "Choose the ROCU the advert is for",
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        rocus = list(rocus_user_may_draft_for(request.user)[:2])
        if len(rocus) == 1:
            initial.setdefault("rocu", rocus[0].pk)
        return initial

    def get_inlines(self, request, obj):
        # A new advert has no history yet.
        return [VacancyLocationInline, AdvertQuestionInline] if obj is None else self.inlines

    def get_readonly_fields(self, request, obj=None):
        readonly = ["reference", "status", "preview", "published_at", "closed_at"]
        readonly += ["created_at", "updated_at"]
        if obj is not None:
            readonly.append("rocu")  # an advert never moves to another ROCU
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            # Nothing to preview, record or explain before the advert exists.
            hidden = {"reference", "status", "preview", "change_reason"}
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
                for name, opts in fieldsets
                if name != "Life cycle"
            ]
        return fieldsets

    # --- display -------------------------------------------------------------
    @admin.display(description="Closes (UK time)", ordering="closing_at")
    def closes(self, obj):
        if obj.closed_at:
            # Closed early or by the expiry task: when it really stopped taking applications.
            return f"Closed {govuk_datetime(actual_close(obj))}"
        return govuk_datetime(obj.closing_at) or "–"

    @admin.display(description="ROCU", ordering="rocu__short_name")
    def rocu_in_list(self, obj):
        return str(obj.rocu)

    @admin.display(description="Status", ordering="status")
    def status_in_list(self, obj):
        if obj.status == VacancyStatus.PUBLISHED and obj.published_at:
            return f"Published on {govuk_date(obj.published_at)}"
        return obj.get_status_display()

    @admin.display(description="Vetting", ordering="vetting_level__code")
    def vetting(self, obj):
        levels = [level for level in (obj.vetting_level, obj.national_security_level) if level]
        if not levels:
            return "–"
        return format_html_join(
            " + ", '<abbr title="{}">{}</abbr>', ((level.name, level.code) for level in levels)
        )

    @admin.display(description="Preview")
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">Preview the public page</a>',
            reverse("admin:vacancies_vacancy_preview", args=[obj.pk]),
        )

    # --- writes: through services ---------------------------------------------
    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            changes = {name: fields[name] for name in form.changed_data if name in fields}
            services.vacancy_update(
                vacancy=obj,
                by=request.user,
                reason=form.cleaned_data.get("change_reason", ""),
                **changes,
            )
            return
        created = services.vacancy_create(by=request.user, rocu=form.cleaned_data["rocu"], **fields)
        # The admin goes on to save the inlines against ``obj``: make it the saved row.
        obj.pk = created.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and any(
            formset.has_changed() for formset in formsets if formset.model is VacancyLocation
        ):
            services.vacancy_locations_changed(vacancy=form.instance, by=request.user)

    def delete_model(self, request, obj):
        if obj.status != VacancyStatus.DRAFT:
            raise PermissionDenied
        super().delete_model(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VacancyActionRefused as refused:
            # Only reachable through a race (the form checks the same rules first):
            # the transaction has rolled back; say why instead of a 500.
            for problem in refused.problems:
                self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- life-cycle buttons on the advert's own page --------------------------------
    def _buttons(self, request, vacancy) -> list[tuple[str, str]]:
        """(label, confirmation page URL) for each step this user may start now."""
        steps = services.vacancy_steps_open_to(vacancy=vacancy, by=request.user)
        if user_may_create_vacancy(request.user, rocu_id=vacancy.rocu_id):
            steps.append(DUPLICATE)
        return [
            (
                STEP_WORDING[step]["button"],
                reverse(f"admin:vacancies_vacancy_{step}", args=[vacancy.pk]),
            )
            for step in steps
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # Here rather than in change_view: the admin has loaded the advert already.
            context["step_buttons"] = self._buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def step_view(self, request, object_id, step):
        """One step (publish, close, archive, duplicate) on its own confirmation page.

        GET says what will happen and lists every problem that stops it; POST (with
        the CSRF token, as every admin form) asks the service, which checks again on
        the locked row. Another ROCU's advert is a 404, like every object URL here.
        """
        vacancy = self.get_object(request, object_id)
        change_url = reverse("admin:vacancies_vacancy_change", args=[vacancy.pk])
        wording = STEP_WORDING[step]
        if step == DUPLICATE:
            if not user_may_create_vacancy(request.user, rocu_id=vacancy.rocu_id):
                raise PermissionDenied
            problems = []
        else:
            if not user_may_publish_vacancy(request.user, vacancy=vacancy):
                raise PermissionDenied
            if step not in services.vacancy_steps_open_to(vacancy=vacancy, by=request.user):
                messages.error(
                    request,
                    f"This advert is {_status_in_words(vacancy)}, so it cannot be "
                    f"{wording['done'].lower()}. Choose one of the buttons below.",
                )
                return HttpResponseRedirect(change_url)
            problems = services.vacancy_step_problems(
                vacancy=vacancy, by=request.user, step=step, now=timezone.now()
            )
        asks_reason = step != DUPLICATE and services.VACANCY_WORKFLOW[step].reason_missing
        form = (
            VacancyCloseReasonForm(request.POST if request.method == "POST" else None)
            if asks_reason
            else None
        )
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                result = self._do_step(request, vacancy, step, form)
            except VacancyActionRefused as refused:
                problems = refused.problems
            else:
                messages.success(request, f"{wording['done']}: {result.reference}")
                if step == DUPLICATE:
                    return HttpResponseRedirect(
                        reverse("admin:vacancies_vacancy_change", args=[result.pk])
                    )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{wording['button']}: {vacancy.reference}",
            "vacancy": vacancy,
            "step": step,
            "wording": wording,
            "what_happens": [
                sentence.format(closes=govuk_datetime(vacancy.closing_at) or "its closing date")
                for sentence in wording["what_happens"]
            ],
            "problems": problems,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, STEP_TEMPLATE, context)

    @staticmethod
    def _do_step(request, vacancy, step, form):
        if step == DUPLICATE:
            return services.vacancy_duplicate(vacancy=vacancy, by=request.user)
        if step == "close":
            return services.vacancy_close(
                vacancy=vacancy, by=request.user, reason=form.cleaned_data["reason"]
            )
        return {"publish": services.vacancy_publish, "archive": services.vacancy_archive}[step](
            vacancy=vacancy, by=request.user
        )

    # --- bulk actions ----------------------------------------------------------
    def _run(self, request, queryset, service, done: str, failed: str, **kwargs):
        succeeded = []
        for vacancy in queryset.select_related("rocu", "vetting_level"):
            try:
                result = service(vacancy=vacancy, by=request.user, **kwargs)
            except VacancyActionRefused as refused:
                self.message_user(
                    request,
                    f"{vacancy.reference} could not be {failed}: " + "; ".join(refused.problems),
                    messages.ERROR,
                )
            else:
                succeeded.append(result.reference)
        if succeeded:
            self.message_user(request, f"{done}: {', '.join(succeeded)}", messages.SUCCESS)

    @admin.action(description="Publish selected adverts", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run(request, queryset, services.vacancy_publish, "Published", "published")

    @admin.action(description="Close selected adverts now…", permissions=["publish"])
    def close_selected(self, request, queryset):
        """Asks the one reason for closing them all early, then closes each."""
        form = VacancyCloseReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                queryset,
                services.vacancy_close,
                "Closed",
                "closed",
                reason=form.cleaned_data["reason"],
            )
            return None
        vacancies = list(queryset.order_by("reference"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Close {len(vacancies)} advert{'s' if len(vacancies) != 1 else ''} now",
            "vacancies": vacancies,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, CLOSE_SELECTED_TEMPLATE, context)

    @admin.action(description="Archive selected adverts", permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._run(request, queryset, services.vacancy_archive, "Archived", "archived")

    @admin.action(description="Duplicate selected adverts as new drafts", permissions=["add"])
    def duplicate_selected(self, request, queryset):
        self._run(request, queryset, services.vacancy_duplicate, "New drafts created", "duplicated")

    # --- preview -------------------------------------------------------------
    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="vacancies_vacancy_preview",
        )
        steps = [
            path(
                f"<path:object_id>/{step}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=f"vacancies_vacancy_{step}",
            )
            for step in STEP_WORDING
        ]
        return [preview, *steps, *super().get_urls()]

    def preview_view(self, request, object_id):
        vacancy = self.get_object(request, object_id)
        if not self.has_view_permission(request, vacancy):
            raise PermissionDenied
        response = TemplateResponse(
            request, PREVIEW_TEMPLATE, {"vacancy": vacancy, "is_preview": True}
        )
        # A draft must never be indexed or kept by a shared cache.
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
