"""Seed RV, CTC and SC, and record the kind and renewal period of MV and DV.

Sources are on each row and in docs/vetting-rule.md. Idempotent: new levels are
written with update_or_create on their code; MV and DV only get the two new
facts (their kind and renewal period), so wording HR edited in the admin stays.

Reversing deletes RV, CTC and SC unless an advert still names one (the advert's
foreign key protects it): such a row is left in place rather than failing the
rollback or deleting an advert.
"""

from django.db import migrations

FORCE_PAGES = (
    "College of Policing Vetting APP as restated on force recruitment pages: Devon & "
    "Cornwall and Dorset police staff eligibility (recruitment-dcp-dp.org); Lincolnshire "
    "Police staff eligibility"
)
UKSV_GUIDANCE = (
    'GOV.UK, UK Security Vetting: "National security vetting: advice for people who are '
    'being vetted"'
)
EXEMPTIONS = (
    "Time abroad while employed by the British Armed Forces or on official duty for HM "
    "Government counts as if you were in the UK."
)

NEW_LEVELS = (
    {
        "code": "RV",
        "name": "Recruitment Vetting",
        "kind": "force",
        "required_residence_years": 3,
        "renewal_years": 10,
        "family_of_exempt": "review",
        "description": (
            "Police force vetting for most police staff posts. You must have lived in the UK "
            "for the last 3 years, so that your history can be checked. " + EXEMPTIONS
        ),
        "source": FORCE_PAGES + "; re-vetted after 10 years",
    },
    {
        "code": "CTC",
        "name": "Counter Terrorist Check",
        "kind": "national_security",
        "required_residence_years": 3,
        "renewal_years": None,
        "family_of_exempt": "review",
        "description": (
            "National security vetting by UK Security Vetting, separate from police force "
            "vetting. You normally need to have lived in the UK for the last 3 years. " + EXEMPTIONS
        ),
        "source": UKSV_GUIDANCE + ' ("normally 3 years")',
    },
    {
        "code": "SC",
        "name": "Security Check",
        "kind": "national_security",
        "required_residence_years": 5,
        "renewal_years": None,
        "family_of_exempt": "review",
        "description": (
            "National security vetting by UK Security Vetting, separate from police force "
            "vetting. You normally need to have lived in the UK for the last 5 years. " + EXEMPTIONS
        ),
        "source": UKSV_GUIDANCE + ' ("normally 5 years")',
    },
)
# The two levels the job profile names: only what this migration adds to them.
EXISTING_LEVELS = {
    "MV": {"kind": "force", "renewal_years": None},
    "DV": {"kind": "national_security", "renewal_years": 7},
}


def seed_levels(apps, schema_editor):
    VettingLevel = apps.get_model("vetting", "VettingLevel")
    for level in NEW_LEVELS:
        VettingLevel.objects.update_or_create(
            code=level["code"], defaults={k: v for k, v in level.items() if k != "code"}
        )
    for code, facts in EXISTING_LEVELS.items():
        VettingLevel.objects.filter(code=code).update(**facts)


def unseed_levels(apps, schema_editor):
    VettingLevel = apps.get_model("vetting", "VettingLevel")
    Vacancy = apps.get_model("vacancies", "Vacancy")
    in_use = set(Vacancy.objects.values_list("vetting_level__code", flat=True))
    codes = [level["code"] for level in NEW_LEVELS if level["code"] not in in_use]
    VettingLevel.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("vetting", "0003_vettinglevel_kind_renewal_change"),
        # unseed_levels reads adverts; vacancies 0003 is the last before this app's levels
        # could be named twice on an advert.
        ("vacancies", "0003_alter_vacancy_contact_email"),
    ]
    operations = [migrations.RunPython(seed_levels, unseed_levels)]
