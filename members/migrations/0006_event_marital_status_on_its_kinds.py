# After the backfill (0005): the database keeps a marital status on exactly the kinds that say one.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_backfill_event_marital_status'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='vitalevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['marriage', 'divorce', 'registered', 'birth', 'adoption', 'move_in']), models.Q(('marital_status', ''), _negated=True)), models.Q(models.Q(('kind__in', ['marriage', 'divorce', 'registered', 'birth', 'adoption', 'move_in']), _negated=True), ('marital_status', '')), _connector='OR'), name='event_marital_status_on_its_kinds'),
        ),
    ]
