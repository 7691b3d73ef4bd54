"""The HR applications list, newest first, read from an index (docs/performance.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_held_clearance"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["-submitted_at", "-id"], name="application_newest_first"),
        ),
    ]
