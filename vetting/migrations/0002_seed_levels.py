"""Seed the vetting levels named in the TOEX job profile (docs/vetting-rule.md)."""

from django.db import migrations

LEVELS = (
    {
        "code": "MV",
        "name": "Management Vetting",
        "required_residence_years": 5,
        "family_of_exempt": "review",
        "description": (
            "You must have lived in the UK for the last 5 years, so that your history can "
            "be checked. Time abroad while employed by the British Armed Forces or on "
            "official duty for HM Government counts as if you were in the UK."
        ),
        "source": "TOEX Intelligence Researcher job profile, January 2022",
    },
    {
        "code": "DV",
        "name": "Developed Vetting",
        "required_residence_years": 10,
        "family_of_exempt": "review",
        "description": (
            "You must have lived in the UK for the last 10 years, so that your history can "
            "be checked. Time abroad while employed by the British Armed Forces or on "
            "official duty for HM Government counts as if you were in the UK."
        ),
        "source": "TOEX Intelligence Researcher job profile, January 2022",
    },
)


def seed_levels(apps, schema_editor):
    VettingLevel = apps.get_model("vetting", "VettingLevel")
    for level in LEVELS:
        VettingLevel.objects.update_or_create(code=level["code"], defaults=level)


def unseed_levels(apps, schema_editor):
    codes = [level["code"] for level in LEVELS]
    apps.get_model("vetting", "VettingLevel").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("vetting", "0001_vetting_levels")]
    operations = [migrations.RunPython(seed_levels, unseed_levels)]
