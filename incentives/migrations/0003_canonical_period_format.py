import villages.periods
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incentives', '0002_canonical_month_periods'),
    ]

    operations = [
        migrations.AlterField(
            model_name='cycle',
            name='period',
            field=models.CharField(max_length=7, validators=[villages.periods.validate_period], verbose_name='period'),
        ),
        migrations.AlterField(
            model_name='historicalcycle',
            name='period',
            field=models.CharField(max_length=7, validators=[villages.periods.validate_period], verbose_name='period'),
        ),
        migrations.AddConstraint(
            model_name='cycle',
            constraint=models.CheckConstraint(condition=models.Q(('period__regex', '^[1-9]\\d{3}(?:Q[1-4]|0[1-9]|1[0-2])?$')), name='cycle_period_format'),
        ),
        migrations.AddConstraint(
            model_name='entitlement',
            constraint=models.CheckConstraint(condition=models.Q(('period__regex', '^[1-9]\\d{3}(?:Q[1-4]|0[1-9]|1[0-2])?$')), name='entitlement_period_format'),
        ),
    ]
