"""Admin for vetting levels: National HR maintain them; everyone else reads."""

from django.contrib import admin

from .models import VettingLevel


@admin.register(VettingLevel)
class VettingLevelAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "required_residence_years", "family_of_exempt", "is_active")
    list_filter = ("is_active", "family_of_exempt")
    search_fields = ("code", "name")
