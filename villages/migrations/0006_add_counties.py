"""The county becomes a record: each town points at its County instead of holding the county's name as text.

One County is made for each distinct county name the towns held, its code the first six digits of the towns'
township codes; a town with no county name gets the county of its code prefix, named "县 <code>" until the town
office names it. Backwards the towns get the names back as text (empty for those placeholder names).
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

PLACEHOLDER = "县 {code}"


def _county_for(counties: dict, county_model, name: str, code: str):
    """The county of a town named `name` (maybe empty) whose township code is `code`."""
    prefix = code[:6]
    if not name:
        county = county_model.objects.filter(code=prefix).first()
        return county or county_model.objects.create(name=PLACEHOLDER.format(code=prefix), code=prefix)
    if name not in counties:
        taken = county_model.objects.filter(code=prefix).exists()
        counties[name] = county_model.objects.create(name=name, code=_free_code(county_model, prefix) if taken
                                                     else prefix)
    return counties[name]


def _free_code(county_model, prefix: str) -> str:
    """A second county name on the same code prefix (a typo in one town's county name) gets the next free code."""
    number = int(prefix)
    while county_model.objects.filter(code=f"{number:06d}").exists():
        number = (number + 1) % 1_000_000
    return f"{number:06d}"


def make_counties(apps, schema_editor):
    county_model = apps.get_model("villages", "County")
    historical_county = apps.get_model("villages", "HistoricalCounty")
    town_model = apps.get_model("villages", "Town")
    historical_town = apps.get_model("villages", "HistoricalTown")
    counties = {}
    # Named counties first, so a town with an empty name joins the named county of its prefix.
    towns = sorted(town_model.objects.order_by("code"), key=lambda town: not town.county_name)
    for town in towns:
        town.county = _county_for(counties, county_model, town.county_name, town.code)
        town.save(update_fields=["county"])
    # A history row belongs to the town's county; a deleted town's rows are placed by their own name and code.
    county_of_town = dict(town_model.objects.values_list("pk", "county_id"))
    for row in historical_town.objects.order_by("history_id"):
        row.county_id = county_of_town.get(row.id) or _county_for(counties, county_model, row.county_name,
                                                                  row.code).pk
        row.save(update_fields=["county"])
    now = timezone.now()
    historical_county.objects.bulk_create([
        historical_county(id=county.pk, name=county.name, code=county.code, history_date=now, history_type="+",
                          history_change_reason="county made from the towns' county names")
        for county in county_model.objects.order_by("code")])


def name_counties_again(apps, schema_editor):
    county_model = apps.get_model("villages", "County")
    names = {county.pk: "" if county.name == PLACEHOLDER.format(code=county.code) else county.name
             for county in county_model.objects.all()}
    for model_name in ("Town", "HistoricalTown"):
        for row in apps.get_model("villages", model_name).objects.exclude(county=None):
            row.county_name = names.get(row.county_id, "")
            row.save(update_fields=["county_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('villages', '0005_add_history_of_towns_and_users'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='County',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='name')),
                ('code', models.CharField(max_length=6, unique=True, validators=[django.core.validators.RegexValidator('^\\d{6}$', 'A county code has exactly 6 digits.')], verbose_name='county division code')),
            ],
            options={
                'verbose_name': 'county',
                'verbose_name_plural': 'counties',
                'ordering': ['code'],
                'constraints': [models.CheckConstraint(condition=models.Q(('code__regex', '^\\d{6}$')), name='county_code_six_digits')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCounty',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='name')),
                ('code', models.CharField(db_index=True, max_length=6, validators=[django.core.validators.RegexValidator('^\\d{6}$', 'A county code has exactly 6 digits.')], verbose_name='county division code')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical county',
                'verbose_name_plural': 'historical counties',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RenameField(model_name='town', old_name='county', new_name='county_name'),
        migrations.RenameField(model_name='historicaltown', old_name='county', new_name='county_name'),
        migrations.AddField(
            model_name='town',
            name='county',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='towns', to='villages.county', verbose_name='county'),
        ),
        migrations.AddField(
            model_name='historicaltown',
            name='county',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='villages.county', verbose_name='county'),
        ),
        migrations.RunPython(make_counties, name_counties_again),
        migrations.RemoveField(model_name='town', name='county_name'),
        migrations.RemoveField(model_name='historicaltown', name='county_name'),
        migrations.AlterField(
            model_name='town',
            name='county',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='towns', to='villages.county', verbose_name='county'),
        ),
    ]
