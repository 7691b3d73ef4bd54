"""Load the ROCUs of England and Wales and their police forces (docs/rocus.md)."""

from django.db import migrations

from accounts.reference_data import ROCUS, placeholder_contact_email


def load_rocus(apps, schema_editor):
    Rocu = apps.get_model("accounts", "Rocu")
    PoliceForce = apps.get_model("accounts", "PoliceForce")
    for entry in ROCUS:
        rocu, _ = Rocu.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "short_name": entry["short_name"],
                "name": entry["name"],
                "region": entry["region"],
                "contact_email": placeholder_contact_email(entry["slug"]),
            },
        )
        for force_name in entry["forces"]:
            PoliceForce.objects.update_or_create(name=force_name, defaults={"rocu": rocu})


def unload_rocus(apps, schema_editor):
    apps.get_model("accounts", "PoliceForce").objects.all().delete()
    apps.get_model("accounts", "Rocu").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load_rocus, unload_rocus)]
