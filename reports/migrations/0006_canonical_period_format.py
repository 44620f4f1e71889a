from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0005_canonical_month_periods'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(('period__regex', '^([1-9]\\d{3}(?:Q[1-4]|0[1-9]|1[0-2])?)?$')), name='document_period_format'),
        ),
        migrations.AddConstraint(
            model_name='documentbatch',
            constraint=models.CheckConstraint(condition=models.Q(('period__regex', '^([1-9]\\d{3}(?:Q[1-4]|0[1-9]|1[0-2])?)?$')), name='documentbatch_period_format'),
        ),
    ]
