"""Admin for the outbox: read-only rows, a "Re-send" action, and a template preview.

Recipient addresses are personal data, so only National HR (and superusers)
hold ``notifications.view_notification`` (accounts/roles.py). Rows are never
edited or added by hand: the only change is re-sending a failed row, through
``notification_resend``.
"""

from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import Truncator
from django.views.decorators.clickjacking import xframe_options_deny

from . import kinds, previews
from .models import Notification, NotificationStatus
from .services import message_id_for, notification_render, notification_resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "status",
        "failure_reason",
        "smtp_code",
        "attempts",
        "created_at",
        "sent_at",
        "short_last_error",
    )
    list_filter = ("status", "failure_reason", "kind")
    search_fields = ("kind", "idempotency_key")
    date_hierarchy = "created_at"
    list_per_page = 100
    # The changelist's "N of M" count would scan a table of millions on each load.
    show_full_result_count = False
    readonly_fields = [field.name for field in Notification._meta.fields] + ["message_id"]
    actions = ["resend_failed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("notifications.resend_notification")

    @admin.display(description="Last error")
    def short_last_error(self, obj):
        return Truncator(obj.last_error).chars(80)

    @admin.display(description="Message-ID")
    def message_id(self, obj):
        return message_id_for(obj.idempotency_key)

    @admin.action(description="Re-send selected failed emails", permissions=["resend"])
    def resend_failed(self, request, queryset):
        ids = list(queryset.filter(status=NotificationStatus.FAILED).values_list("pk", flat=True))
        count = notification_resend(notification_ids=ids, by=request.user)
        self.message_user(
            request, f"{count} failed email(s) queued to send again.", messages.SUCCESS
        )

    def get_urls(self):
        preview = [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="notifications_notification_preview",
            ),
            path(
                "preview/<str:kind_name>/html/",
                self.admin_site.admin_view(self.preview_html_view),
                name="notifications_notification_preview_html",
            ),
        ]
        return preview + super().get_urls()

    def _check_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def preview_view(self, request):
        """Every registered kind rendered with its example context."""
        self._check_view(request)
        kind_previews = previews.email_kind_previews()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Email templates",
            "previews": kind_previews,
        }
        return TemplateResponse(request, "admin/notifications/preview.html", context)

    @csp_replace(
        {
            "default-src": ["'none'"],
            "style-src": ["'unsafe-inline'"],
            "script-src": ["'none'"],
            "img-src": ["'none'"],
            "font-src": ["'none'"],
            "connect-src": ["'none'"],
            "form-action": ["'none'"],
        }
    )
    @xframe_options_deny
    def preview_html_view(self, request, kind_name):
        # Email HTML must carry inline styles (mail clients drop <style>), so this
        # one response allows inline styles, and nothing else: no script at all.
        self._check_view(request)
        try:
            kind = kinds.get(kind_name)
        except kinds.UnknownEmailKind:
            return HttpResponse("No such email kind.", status=404, content_type="text/plain")
        rendered = notification_render(kind=kind.name, context=kind.example_context)
        return HttpResponse(rendered.html)
