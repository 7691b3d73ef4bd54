"""Staff admin for the mailing list.

National HR manage subscribers (filter, suppress, export with a recorded reason);
ROCU HR see counts by region only (accounts/roles.py). Addresses never leave in
bulk without a reason written to AddressExport.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from . import selectors, services
from .models import AddressExport, AlertFanOut, Subscriber


class ExportReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need these email addresses?",
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you need these email addresses",
            "min_length": "Describe the reason in at least 10 characters",
        },
    )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "first_name", "status", "frequency", "wants_everywhere", "created_at")
    list_filter = ("status", "frequency", "wants_everywhere", "rocus")
    search_fields = ("=address_key",)  # exact address only: no fishing by fragment
    ordering = ("-created_at",)
    actions = ["export_addresses", "suppress_selected"]
    exclude = ("token_key", "address_key")
    readonly_fields = (
        "email",
        "first_name",
        "wants_everywhere",
        "rocus",
        "frequency",
        "status",
        "consent_text_version",
        "consented_at",
        "created_at",
        "confirmed_at",
        "last_reconfirmed_at",
        "reconfirm_requested_at",
        "unsubscribed_at",
        "unsubscribe_reason",
        "suppressed_at",
        "suppression_reason",
    )
    change_list_template = "admin/mailing_list/subscriber/change_list.html"

    def has_add_permission(self, request):
        return False  # people sign themselves up (double opt-in), never staff

    def has_export_addresses_permission(self, request):
        return request.user.has_perm("mailing_list.export_subscriber_addresses")

    def get_urls(self):
        return [
            path(
                "counts/",
                self.admin_site.admin_view(self.counts_view),
                name="mailing_list_subscriber_counts",
            ),
            *super().get_urls(),
        ]

    def counts_view(self, request):
        if not (
            request.user.has_perm("mailing_list.view_subscriber_counts")
            or request.user.has_perm("mailing_list.view_subscriber")
        ):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Subscribers by region",
            "rows": selectors.subscriber_counts_by_region(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/mailing_list/subscriber_counts.html", context)

    @admin.action(
        description="Export email addresses (a reason is recorded)",
        permissions=["export_addresses"],
    )
    def export_addresses(self, request, queryset):
        form = ExportReasonForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            body, count = services.subscriber_addresses_export(
                by=request.user,
                reason=form.cleaned_data["reason"],
                subscriber_ids=queryset.values_list("pk", flat=True),
            )
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
            filename = f"subscribers-{timezone.localdate().isoformat()}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": "Why are you exporting these addresses?",
            "form": form,
            "selected_ids": queryset.values_list("pk", flat=True),
            "count": queryset.count(),
            "opts": self.model._meta,
            "action_name": "export_addresses",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/mailing_list/export_reason.html", context)

    @admin.action(
        description="Suppress (stop all email to) selected addresses", permissions=["change"]
    )
    def suppress_selected(self, request, queryset):
        changed = 0
        for email in queryset.values_list("email", flat=True):
            changed += services.subscriber_suppress(
                email=email, reason=f"Suppressed in admin by {request.user.get_username()}"
            )
        self.message_user(request, f"{changed} subscriber(s) suppressed.", messages.SUCCESS)


@admin.register(AddressExport)
class AddressExportAdmin(admin.ModelAdmin):
    """The audit trail of address exports: read-only, for everyone allowed to see it."""

    list_display = ("exported_at", "exported_by", "row_count", "reason")
    list_select_related = ("exported_by",)
    readonly_fields = ("exported_at", "exported_by", "row_count", "reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AlertFanOut)
class AlertFanOutAdmin(admin.ModelAdmin):
    """Which adverts' alerts have gone out, and how many were queued."""

    list_display = ("vacancy", "created_at", "started_at", "completed_at", "enqueued_count")
    list_select_related = ("vacancy",)
    readonly_fields = ("vacancy", "created_at", "started_at", "completed_at", "enqueued_count")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
