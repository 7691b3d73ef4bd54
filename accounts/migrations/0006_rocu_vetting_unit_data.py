"""Fill each ROCU's host force and vetting unit name (docs/rocus.md).

Idempotent: only blank values are filled, so a unit HR have already corrected in
the admin is left alone. The unit's email stays blank: no real address is known,
and Rocu.vetting_contact_email falls back to the ROCU's own contact address.
Reversing clears only values that still equal what this migration wrote.
"""

from django.db import migrations

from accounts.reference_data import HOST_FORCES, vetting_unit_name


def fill_vetting_units(apps, schema_editor):
    Rocu = apps.get_model("accounts", "Rocu")
    PoliceForce = apps.get_model("accounts", "PoliceForce")
    for slug, force_name in HOST_FORCES.items():
        rocu = Rocu.objects.filter(slug=slug).first()
        force = PoliceForce.objects.filter(name=force_name, rocu=rocu).first()
        if rocu is None or force is None:
            continue
        if rocu.host_force_id is None:
            rocu.host_force = force
        if not rocu.vetting_unit_name:
            rocu.vetting_unit_name = vetting_unit_name(force_name)
        rocu.save(update_fields=["host_force", "vetting_unit_name"])


def clear_vetting_units(apps, schema_editor):
    Rocu = apps.get_model("accounts", "Rocu")
    for slug, force_name in HOST_FORCES.items():
        Rocu.objects.filter(slug=slug, host_force__name=force_name).update(host_force=None)
        Rocu.objects.filter(slug=slug, vetting_unit_name=vetting_unit_name(force_name)).update(
            vetting_unit_name=""
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_rocu_vetting_unit")]
    operations = [migrations.RunPython(fill_vetting_units, clear_vetting_units)]
