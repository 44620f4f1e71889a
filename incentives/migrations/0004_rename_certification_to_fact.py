"""The recorded facts' model takes the name the pages, the API and the actions use: Certification becomes Fact.

The rows stay: the tables are renamed (incentives_certification -> incentives_fact, and its history
table), the content types follow (Django renames them after each RenameModel), and the indexes
and constraints take the new name. The permissions' codenames follow in 0003.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Q


class Migration(migrations.Migration):

    dependencies = [
        ('incentives', '0003_canonical_period_format'),
        ('members', '0003_member_network_moved_out'),
    ]

    operations = [
        migrations.RenameModel(old_name='Certification', new_name='Fact'),
        migrations.RenameModel(old_name='HistoricalCertification', new_name='HistoricalFact'),
        migrations.AlterField(
            model_name='fact',
            name='household',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='facts',
                                    to='members.household', verbose_name='household'),
        ),
        migrations.AlterField(
            model_name='fact',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='facts', to='members.person', verbose_name='person'),
        ),
        migrations.RenameIndex(model_name='fact', new_name='fact_kind_person', old_name='certification_kind_person'),
        migrations.RenameIndex(model_name='fact', new_name='fact_kind_household',
                               old_name='certification_kind_household'),
        migrations.RemoveConstraint(model_name='fact', name='certification_valid_after_date'),
        migrations.AddConstraint(
            model_name='fact',
            constraint=models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F('occurred_on')),
                                              name='fact_valid_after_date'),
        ),
        migrations.RemoveConstraint(model_name='fact', name='certification_deactivated_with_reason'),
        migrations.AddConstraint(
            model_name='fact',
            constraint=models.CheckConstraint(condition=Q(is_active=True) | ~Q(deactivated_reason=''),
                                              name='fact_deactivated_with_reason'),
        ),
    ]
