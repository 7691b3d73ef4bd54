"""Create the Occupational health role group; accounts.roles gives it its permissions."""

from django.db import migrations

ROLE = "Occupational health"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_rocu_stage_target_days")]
    operations = [migrations.RunPython(create_role, remove_role)]
