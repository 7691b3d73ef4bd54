"""Admin → Reports → Report exports: the audit of every CSV export (read-only)."""

from django.contrib import admin

from accounts.selectors import scope_to_user_rocus

from .models import ReportExport


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    list_display = ("at", "report", "by", "rocu", "vacancy", "question", "rows", "reason")
    list_filter = ("report",)
    list_select_related = ("by", "rocu", "vacancy")
    date_hierarchy = "at"
    fields = list_display

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # An export of every ROCU (rocu empty) is National HR's to read.
        return scope_to_user_rocus(queryset, request.user).select_related(*self.list_select_related)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
