from django.db import migrations

from villages.periods import respell_months

MODELS = ("Document", "DocumentBatch")


def months_without_dash(apps, schema_editor):
    """2025-07 → 202507: the one spelling of a month."""
    for name in MODELS:
        respell_months(apps.get_model("reports", name))


def months_with_dash(apps, schema_editor):
    for name in MODELS:
        respell_months(apps.get_model("reports", name), back=True)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_drop_dashed_period_format'),
    ]

    operations = [
        migrations.RunPython(months_without_dash, months_with_dash),
    ]
