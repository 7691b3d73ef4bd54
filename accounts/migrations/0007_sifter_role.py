"""Create the Sifter role group; accounts.roles gives it its permissions."""

from django.db import migrations

ROLE = "Sifter"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_rocu_vetting_unit_data")]
    operations = [migrations.RunPython(create_role, remove_role)]
