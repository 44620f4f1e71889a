"""The association's models moved from members to their own app: a database of the old layout keeps every row.

No other app's migrations point a foreign key at the association's models, so going back to
members 0002 (with the association's migrations unapplied) is the whole layout before the move.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from association.models import AssociationMember, ContactAssignment, MonthlyFeedback
from tests.factories import make_group
from tests.factories.association import make_households
from villages.actions import set_up_town_office_group

BEFORE_THE_MOVE = [("members", "0002_association_member_network"), ("association", None)]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor


def _old_rows(old_apps, *, village, group, household) -> dict:
    """A member with a card line, a month's report and a history row, written as the old members app held them."""
    member = old_apps.get_model("members", "AssociationMember").objects.create(
        village_id=village.pk, group_id=group.pk, name="王会员", joined_on=datetime.date(2024, 1, 1))
    old_apps.get_model("members", "HistoricalAssociationMember").objects.create(
        id=member.pk, village_id=village.pk, group_id=group.pk, name="王会员", joined_on=member.joined_on,
        history_date=timezone.now(), history_type="+")
    line = old_apps.get_model("members", "ContactAssignment").objects.create(
        member=member, household_id=household.pk, served_from=datetime.date(2024, 1, 1))
    feedback = old_apps.get_model("members", "MonthlyFeedback").objects.create(
        member=member, month=datetime.date(2025, 3, 1), households_contacted=1, changes="本月无变化",
        submitted_on=datetime.date(2025, 4, 2), due_on=datetime.date(2025, 4, 5))
    return {"member": member.pk, "line": line.pk, "feedback": feedback.pk}


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_rows_and_permissions(village, household_group):
    group, household = household_group
    moved = [model._meta.model_name for model in apps.get_app_config("association").get_models()]
    types = {ct.model: ct.pk for ct in ContentType.objects.filter(app_label="association")}
    executor = _migrate(BEFORE_THE_MOVE)
    try:
        # given: the old layout (the content types back under members), with rows, a group given an
        # association permission, and a content type that a stopped `migrate` created early under the new label
        assert {ct.model: ct.pk for ct in ContentType.objects.filter(model__in=moved, app_label="members")} == types
        old_apps = executor.loader.project_state(BEFORE_THE_MOVE[:1]).apps
        ids = _old_rows(old_apps, village=village, group=group, household=household)
        clerks = Group.objects.create(name="clerks")
        clerks.permissions.add(Permission.objects.get(content_type__app_label="members",
                                                      codename="change_associationmember"))
        stale = ContentType.objects.create(app_label="association", model="monthlyfeedback")
    finally:
        # when
        _migrate(None)

    # then
    member = AssociationMember.objects.get(pk=ids["member"])
    assert (member.name, member.village_id, member.group_id) == ("王会员", village.pk, group.pk)
    assert member.history.get().history_type == "+"
    assert ContactAssignment.objects.get(pk=ids["line"]).member == member
    assert MonthlyFeedback.objects.get(pk=ids["feedback"]).member == member
    assert {ct.model: ct.pk for ct in ContentType.objects.filter(model__in=moved, app_label="association")} == types
    assert len(types) == 23
    assert not ContentType.objects.filter(pk=stale.pk).exists()
    assert not ContentType.objects.filter(app_label="members", model__in=moved).exists()
    assert clerks.permissions.filter(content_type__app_label="association", codename="change_associationmember")


def test_town_office_group_is_given_the_association_permissions(db):
    codenames = set(set_up_town_office_group().permissions.filter(content_type__app_label="association")
                    .values_list("codename", flat=True))

    assert {"view_associationmember", "change_contactassignment", "add_monthlyfeedback", "view_award"} <= codenames
    assert not {c for c in codenames if c.startswith("delete_") or "historical" in c}


@pytest.fixture
def household_group(village):
    group = make_group(village=village, number=1)
    return group, make_households(group, 1)[0]
