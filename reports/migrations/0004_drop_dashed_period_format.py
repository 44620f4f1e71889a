import villages.periods
from django.db import migrations, models


class Migration(migrations.Migration):
    """Months were stored as 2025-07; the old guard goes before they are written as 202507 (0005, 0006)."""

    dependencies = [
        ('reports', '0003_add_benefit_documents'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='document',
            name='document_period_format',
        ),
        migrations.RemoveConstraint(
            model_name='documentbatch',
            name='documentbatch_period_format',
        ),
        migrations.AlterField(
            model_name='document',
            name='period',
            field=models.CharField(blank=True, max_length=7, validators=[villages.periods.validate_period], verbose_name='period'),
        ),
        migrations.AlterField(
            model_name='documentbatch',
            name='period',
            field=models.CharField(blank=True, max_length=7, validators=[villages.periods.validate_period], verbose_name='period'),
        ),
    ]
