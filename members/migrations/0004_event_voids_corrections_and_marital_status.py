# Vital events can be voided and corrected (a compensating row keeps the ledger), and say a marital status.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0003_member_network_moved_out'),
        ('villages', '0002_add_versions_and_team_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='vitalevent',
            name='corrects',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrected_by', to='members.vitalevent', verbose_name='corrects'),
        ),
        migrations.AddField(
            model_name='vitalevent',
            name='marital_status',
            field=models.CharField(blank=True, choices=[('10', 'never married'), ('20', 'married'), ('21', 'married (first marriage)'), ('22', 'remarried'), ('23', 'remarried to the former spouse'), ('30', 'widowed'), ('40', 'divorced'), ('90', 'marital status not stated')], max_length=2, verbose_name='marital status after the event'),
        ),
        migrations.AddField(
            model_name='vitalevent',
            name='void_reason',
            field=models.TextField(blank=True, verbose_name='reason for voiding'),
        ),
        migrations.AddField(
            model_name='vitalevent',
            name='voided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='voided by'),
        ),
        migrations.AddField(
            model_name='vitalevent',
            name='voided_on',
            field=models.DateField(blank=True, null=True, verbose_name='voided on'),
        ),
        migrations.AlterField(
            model_name='vitalevent',
            name='kind',
            field=models.CharField(choices=[('marriage', 'marriage'), ('divorce', 'divorce'), ('birth', 'birth'), ('adoption', 'adoption'), ('death', 'death'), ('move_in', 'moving in'), ('move_out', 'moving out'), ('transfer', 'change of household in the village'), ('registered', 'entered in the register'), ('removed', 'removed from the register'), ('correction', 'correction of an entry')], max_length=12, verbose_name='event'),
        ),
        migrations.AddConstraint(
            model_name='vitalevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('void_reason', ''), ('voided_on__isnull', True)), models.Q(('voided_on__isnull', False), models.Q(('void_reason', ''), _negated=True)), _connector='OR'), name='voided_event_has_date_and_reason'),
        ),
        migrations.AddConstraint(
            model_name='vitalevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'correction'), _negated=True), ('corrects__isnull', False), _connector='OR'), name='correction_names_its_event'),
        ),
        migrations.AddConstraint(
            model_name='vitalevent',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'correction')), fields=('corrects',), name='event_voided_once'),
        ),
        migrations.AddConstraint(
            model_name='vitalevent',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'correction'), _negated=True), fields=('corrects',), name='event_corrected_once'),
        ),
    ]
