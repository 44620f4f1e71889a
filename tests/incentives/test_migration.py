"""The recorded facts' model was renamed from Certification to Fact: a database of the old name keeps every row."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_pre_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from incentives.models import Fact
from tests.factories.members import head, make_household
from villages.actions import set_up_town_office_group

BEFORE_THE_RENAME = [("incentives", "0003_canonical_period_format")]


def _migrate(targets) -> MigrationExecutor:
    """As `migrate` does it: the pre-migrate signal lets the content types follow each renamed model."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    emit_pre_migrate_signal(0, False, connection.alias, apps=executor.loader.project_state().apps, plan=plan)
    executor.migrate(targets, plan=plan)
    ContentType.objects.clear_cache()
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_rename_keeps_its_facts_and_permissions(village):
    household = make_household(village=village)
    person = head(household)
    content_type = ContentType.objects.get(app_label="incentives", model="fact").pk
    executor = _migrate(BEFORE_THE_RENAME)
    try:
        # given: a fact and its history row under the old name, a group given permissions on it, and a
        # permission that a `migrate` stopped after 0002 created early under the new name
        assert ContentType.objects.get(app_label="incentives", model="certification").pk == content_type
        old_apps = executor.loader.project_state(BEFORE_THE_RENAME).apps
        fact = old_apps.get_model("incentives", "Certification").objects.create(
            kind="association_staff", village_id=village.pk, household_id=household.pk, person_id=person.pk,
            occurred_on=datetime.date(2024, 3, 1), evidence="村计生协会任职文件")
        old_apps.get_model("incentives", "HistoricalCertification").objects.create(
            id=fact.pk, kind=fact.kind, village_id=village.pk, household_id=household.pk, person_id=person.pk,
            occurred_on=fact.occurred_on, evidence=fact.evidence, history_date=timezone.now(), history_type="+")
        clerks = Group.objects.create(name="clerks")
        clerks.permissions.add(*Permission.objects.filter(content_type_id=content_type,
                                                          codename__in=["change_certification", "view_certification"]))
        Permission.objects.create(content_type_id=content_type, codename="view_fact", name="Can view recorded fact")
    finally:
        # when
        _migrate(None)

    # then
    moved = Fact.objects.get(pk=fact.pk)
    assert (moved.kind, moved.household, moved.person, moved.evidence) == (
        "association_staff", household, person, "村计生协会任职文件")
    assert moved.history.get().history_type == "+"
    assert list(household.facts.all()) == [moved]
    assert ContentType.objects.get_for_model(Fact).pk == content_type
    assert not Permission.objects.filter(codename__contains="certification").exists()
    assert set(clerks.permissions.values_list("content_type_id", "codename")) == {
        (content_type, "change_fact"), (content_type, "view_fact")}


def test_town_office_group_is_given_the_fact_permissions(db):
    codenames = set(set_up_town_office_group().permissions.filter(content_type__app_label="incentives")
                    .values_list("codename", flat=True))

    assert {"view_fact", "add_fact", "change_fact"} <= codenames
    assert "delete_fact" not in codenames
