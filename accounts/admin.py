"""Admin for staff users and ROCU reference data.

User accounts are managed by superusers only; ROCU details (contact email,
website, host force and vetting unit) may be kept up to date by National HR.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import PoliceForce, Rocu, User


class PoliceForceInline(admin.TabularInline):
    model = PoliceForce
    extra = 0
    can_delete = False
    fields = ("name",)
    readonly_fields = ("name",)


@admin.register(Rocu)
class RocuAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "region", "contact_email", "vetting_unit_name")
    list_filter = ("region",)
    search_fields = ("name", "short_name")
    readonly_fields = ("slug",)
    inlines = [PoliceForceInline]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "region", "contact_email", "website")}),
        (
            "Vetting unit (shown on adverts and self-check results)",
            {"fields": ("host_force", "vetting_unit_name", "vetting_unit_email")},
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "host_force":
            # Only this ROCU's forces; the model's clean() checks it again.
            rocu_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = PoliceForce.objects.filter(rocu_id=rocu_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("ROCUs", {"fields": ("rocus",)}))
    filter_horizontal = ("groups", "user_permissions", "rocus")
    list_display = ("username", "email", "first_name", "last_name", "is_staff")
    list_filter = ("is_staff", "is_active", "groups", "rocus")
