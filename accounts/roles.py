"""The five staff roles and the permissions each holds, declared in one place.

The groups are created by migrations ``accounts.0003_staff_roles`` and
``accounts.0007_sifter_role``; their permissions are (re)applied after every
``migrate`` by :func:`sync_role_permissions`, because a model's permissions only exist once
its app has migrated. So adding a permission here and running ``migrate`` is
the whole change: nobody edits groups by hand.

Which ROCUs a person sees is not a group matter: it is ``User.rocus``, and
``accounts.access_all_rocus`` (National HR only) lifts it.
"""

from django.contrib.auth.management import create_permissions

NATIONAL_HR = "National HR"
ROCU_HR = "ROCU HR"
ROCU_LEAD = "ROCU lead"
# Reads applications blind (no name, contact details or referees) and makes the
# sift decision; created by migration accounts.0007_sifter_role.
SIFTER = "Sifter"
# Reads medical questionnaires (after a conditional offer) and clears them or not;
# nobody else reads the answers. Created by accounts.0009_occupational_health_role.
OCCUPATIONAL_HEALTH = "Occupational health"
# Reads the diversity report (equality answers by stage, small numbers
# suppressed) and nothing that scores or moves an application: whoever scores
# never sees equality data (docs/reports.md). Created by migration
# reports.0002_equality_reporting_role.
EQUALITY_REPORTING = "Equality reporting"
STAFF_ROLES = (NATIONAL_HR, ROCU_HR, ROCU_LEAD, SIFTER, OCCUPATIONAL_HEALTH, EQUALITY_REPORTING)

_VIEW_REFERENCE_DATA = (
    "accounts.view_rocu",
    "accounts.view_policeforce",
    "vetting.view_vettinglevel",
)

# Adverts: leads draft, edit and publish their own ROCUs' adverts; ROCU HR
# reads them; National HR does everything for every ROCU. Audit entries are
# written only by vacancies.services, so nobody gets add/change on them.
_VACANCIES_VIEW = (
    "vacancies.view_vacancy",
    "vacancies.view_vacancylocation",
    "vacancies.view_vacancyauditentry",
    "vacancies.view_advertquestion",
)
_VACANCIES_EDIT = (
    *_VACANCIES_VIEW,
    "vacancies.add_vacancy",
    "vacancies.change_vacancy",
    "vacancies.publish_vacancy",
    "vacancies.add_vacancylocation",
    "vacancies.change_vacancylocation",
    "vacancies.delete_vacancylocation",
    "vacancies.add_advertquestion",
    "vacancies.change_advertquestion",
    "vacancies.delete_advertquestion",
)
# Applications: read-only in the admin for every staff role, scoped by ROCU; the
# equality monitoring table has no permission anyone holds (docs/applications.md).
_APPLICATIONS_VIEW = ("applications.view_application",)
# The selection pipeline (docs/pipeline.md): leads and HR move applications
# through sift, assessment and interview; offers are HR's.
_APPLICATIONS_SIFT = (*_APPLICATIONS_VIEW, "applications.sift_application")
# Seeing who the candidate is (name, contact details, referees): everyone but a sifter.
_APPLICATIONS_MOVE = (
    *_APPLICATIONS_SIFT,
    "applications.move_application",
    "applications.view_candidate_identity",
)
_APPLICATIONS_OFFER = (*_APPLICATIONS_MOVE, "applications.make_offer")
# References (docs/references.md): HR read the referees' answers and mark each one.
_REFERENCES_ASSESS = ("references.view_referencerequest", "references.assess_reference")
# Assessment and interview slots (scheduling): HR make them; leads see them.
_SLOTS_VIEW = ("scheduling.view_slot",)
_SLOTS_EDIT = (
    *_SLOTS_VIEW,
    "scheduling.add_slot",
    "scheduling.change_slot",
    "scheduling.delete_slot",
)

# The selection funnel reports (docs/reports.md), scoped by ROCU like everything else.
_PIPELINE_REPORTS = ("reports.view_pipeline_report",)

_STAFF_ACCOUNTS = ("accounts.view_user", "accounts.add_user", "accounts.change_user")

# "app_label.codename" for each role. Apps add their own models' permissions here.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    NATIONAL_HR: (
        "accounts.access_all_rocus",
        "accounts.change_rocu",
        # Staff accounts: every account (accounts.services enforces who may grant what).
        *_STAFF_ACCOUNTS,
        "accounts.reset_two_factor",
        "accounts.view_staffauditentry",
        "vetting.add_vettinglevel",
        "vetting.change_vettinglevel",
        "vetting.delete_vettinglevel",
        "vetting.view_vettinglevelchange",
        # The outbox holds recipients' addresses: National HR only.
        "notifications.view_notification",
        "notifications.resend_notification",
        *_VIEW_REFERENCE_DATA,
        *_VACANCIES_EDIT,
        "vacancies.delete_vacancy",
        # mailing_list: National HR manage the list; ROCU HR see counts only.
        "mailing_list.view_subscriber",
        "mailing_list.change_subscriber",
        "mailing_list.view_subscriber_counts",
        "mailing_list.export_subscriber_addresses",
        "mailing_list.view_addressexport",
        "mailing_list.view_alertfanout",
        *_APPLICATIONS_OFFER,
        *_REFERENCES_ASSESS,
        # The vetting officer's capability (offers): vetting case details and records.
        "offers.record_vetting",
        *_SLOTS_EDIT,
        *_PIPELINE_REPORTS,
        # Who exported which report, when and why.
        "reports.view_reportexport",
    ),
    ROCU_HR: (
        *_VIEW_REFERENCE_DATA,
        *_VACANCIES_VIEW,
        "mailing_list.view_subscriber_counts",
        # Their own ROCUs' ROCU HR and lead accounts only (accounts.staff_rules).
        *_STAFF_ACCOUNTS,
        *_APPLICATIONS_OFFER,
        *_REFERENCES_ASSESS,
        *_SLOTS_EDIT,
        *_PIPELINE_REPORTS,
    ),
    ROCU_LEAD: (
        *_VIEW_REFERENCE_DATA,
        *_VACANCIES_EDIT,
        *_APPLICATIONS_MOVE,
        *_SLOTS_VIEW,
        *_PIPELINE_REPORTS,
    ),
    SIFTER: _APPLICATIONS_SIFT,
    OCCUPATIONAL_HEALTH: ("offers.view_medicalquestionnaire", "offers.decide_medical"),
    # No application permission at all: the reports are their only view.
    EQUALITY_REPORTING: (*_PIPELINE_REPORTS, "reports.view_diversity_report"),
}


def sync_role_permissions(*, group_model, permission_model) -> list[str]:
    """Set each role group's permissions to exactly ROLE_PERMISSIONS.

    Returns the permission names that do not exist (a typo, or an app not yet
    migrated); a test asserts there are none.
    """
    missing: list[str] = []
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".", 1)
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                missing.append(name)
            else:
                permissions.append(permission)
        group.permissions.set(permissions)
    return missing


def sync_role_permissions_after_migrate(sender, app_config=None, using="default", **kwargs):
    # post_migrate runs once every app has migrated; make sure every app's
    # permissions exist before assigning them (auth creates them app by app).
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    sync_role_permissions(group_model=Group, permission_model=Permission)
