"""A read-only admin inline for an audit trail (advert history, vetting level changes).

Audit rows are written only by services, so the inline never adds, changes or
deletes; it shows who did it with one join.
"""

from django.contrib import admin


class ReadOnlyHistoryInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
