"""Each ledger row's span: the day the person's next row was recorded, and the person's total after it
(members.actions.ledger). Written for every existing row in one set-based statement."""

from django.conf import settings
from django.db import migrations, models

CHAIN = """
UPDATE members_vitalevent SET superseded_on = chained.next_on, total_after = chained.total
FROM (SELECT id, LEAD(recorded_on) OVER ledger AS next_on, SUM(change) OVER ledger AS total
      FROM members_vitalevent
      WINDOW ledger AS (PARTITION BY person_id ORDER BY recorded_on, id)) AS chained
WHERE members_vitalevent.id = chained.id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0008_event_person_latest'),
        ('villages', '0007_county_office'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='vitalevent',
            name='event_person_latest',
        ),
        migrations.AddField(
            model_name='vitalevent',
            name='superseded_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='latest until'),
        ),
        migrations.AddField(
            model_name='vitalevent',
            name='total_after',
            field=models.SmallIntegerField(default=0, editable=False, verbose_name='registered after this row'),
        ),
        migrations.RunSQL(CHAIN, migrations.RunSQL.noop, elidable=True),
    ]
