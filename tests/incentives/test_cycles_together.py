"""Several cycles computed at once (`compute_cycles`): the same entitlements as one by one, village policies
alike but for their village judged by one query, all or none, and the town office's own towns only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incentives import actions
from incentives.models import Cycle, Entitlement
from incentives.rules import rule_of
from tests.factories import make_group, make_village
from tests.factories.incentives import childcare_subsidy, make_policy, rule, two_daughter_pension
from tests.factories.members import make_household, person_fields

D = datetime.date
TWO_DAUGHTERS = [("F", D(2010, 1, 1)), ("F", D(2012, 1, 1))]


def two_daughter_household(village, surname, group=9):
    return make_household(group=make_group(village=village, number=group), people=[
        person_fields(name=f"{surname}大", relation="02", born=D(1980, 1, 1)),
        person_fields(name=f"{surname}妻", sex="F", relation="12", born=D(1982, 1, 1)),
        person_fields(name=f"{surname}一", sex="F", relation="30", born=D(2010, 1, 1), with_id=False),
        person_fields(name=f"{surname}二", sex="F", relation="30", born=D(2013, 1, 1), with_id=False)])


def entitlements(cycle):
    return sorted(cycle.entitlements.values_list("household_id", "person_id", "amount", "month_mask"))


@pytest.fixture
def villages(town, village, other_village):
    return [village, other_village, make_village(town=town, name="三村")]


@pytest.fixture
def pensions(town, villages, family):
    """The same village policy adopted by three villages, a two-daughter household in each, and a baby."""
    for index, village in enumerate(villages):
        two_daughter_household(village, "赵钱孙"[index])
    family(children=[("M", D(2025, 3, 1))], names=["王强", "李芳", "王小一"])
    return [two_daughter_pension(town, village=village) for village in villages]


def opened(policies, period="2025"):
    return [actions.open_cycle(policy=policy, period=period, by=None) for policy in policies]


def test_together_gives_each_village_its_own_households_as_one_by_one(town, villages, pensions):
    town_wide = childcare_subsidy(town)
    together = opened([*pensions, town_wide])
    results = actions.compute_cycles(cycles=together, by=None)
    households = [list(c.entitlements.values_list("household__village", flat=True)) for c in together[:3]]
    assert households == [[village.pk] for village in villages]
    assert [r.new for r in results.values()] == [1, 1, 1, 1]
    alone = opened(pensions, period="2024")
    for cycle in alone:
        actions.compute_cycle(cycle=cycle, by=None)
    # 2024 and 2025 ask the same of these households.
    assert [entitlements(c) for c in together[:3]] == [entitlements(c) for c in alone[:3]]
    assert Cycle.objects.get(pk=together[0].pk).last_result["new"] == 1


def test_village_policies_alike_share_one_query(town, villages, pensions):
    def queries(cycles):
        with CaptureQueriesContext(connection) as captured:
            actions.compute_cycles(cycles=cycles, by=None)
        return [q["sql"] for q in captured.captured_queries if '"members_household"' in q["sql"].split("WHERE")[0]
                and "family" in q["sql"]]

    assert rule_of(pensions[0]).signature() == rule_of(pensions[2]).signature()
    assert len(queries(opened(pensions[:2]))) == 1
    assert len(queries(opened(pensions, "2024"))) == 1
    # A rule that differs (another age limit) is asked on its own.
    other = make_policy(town=town, beneficiary="household", kind="insurance", village=villages[0],
                        conditions=[rule("household", "family_category", ["two_daughters"]),
                                    rule("parent", "age", minimum=18, maximum=40)])
    assert rule_of(other).signature() != rule_of(pensions[0]).signature()
    assert len(queries(opened([*pensions, other], "2023"))) == 2


def test_query_count_does_not_grow_with_village_policies(town, villages, pensions):
    def count(cycles):
        with CaptureQueriesContext(connection) as captured:
            actions.compute_cycles(cycles=cycles, by=None)
        return len(captured)

    assert count(opened(pensions[:2], "2024")) == count(opened(pensions, "2025"))


def test_computing_together_again_adds_nothing(town, pensions):
    cycles = opened(pensions)
    actions.compute_cycles(cycles=cycles, by=None)
    again = actions.compute_cycles(cycles=cycles, by=None)
    assert [(r.new, r.kept) for r in again.values()] == [(0, 1)] * 3
    assert Entitlement.objects.filter(cycle__in=cycles).count() == 3
    assert [Cycle.objects.get(pk=c.pk).version for c in cycles] == [3] * 3
    assert all(Cycle.history.filter(id=c.pk).count() == 3 for c in cycles)


def test_a_period_opens_its_missing_cycles_at_once_or_one_by_one_when_another_opened_one(town, pensions,
                                                                                      town_office, monkeypatch):
    from incentives.actions import cycles as cycle_actions

    real_bulk_create = cycle_actions.bulk_create_with_history

    def someone_opens_one_meanwhile(objects, model, **options):
        if model is Cycle and objects:  # another office's request, committed between the read and the insert
            Cycle.objects.create(policy=pensions[1], period="2025", starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))
        return real_bulk_create(objects, model, **options)

    monkeypatch.setattr(cycle_actions, "bulk_create_with_history", someone_opens_one_meanwhile)
    result = actions.compute_period(town=town, period="2025", by=town_office)

    assert (result.cycles, result.new) == (3, 3)
    assert Cycle.objects.filter(period="2025").count() == 3
    assert Cycle.objects.get(policy=pensions[1], period="2025").entitlements.count() == 1
    # One history row of each opening: the other office's, and the two opened one by one (the insert's undone)
    assert Cycle.history.filter(period="2025", history_type="+").count() == 3


def test_a_closed_cycle_among_them_stops_all(town, pensions):
    cycles = opened(pensions)
    Cycle.objects.filter(pk=cycles[1].pk).update(status=Cycle.Status.CLOSED)
    with pytest.raises(ValidationError) as refused:
        actions.compute_cycles(cycles=cycles, by=None)
    assert str(cycles[1]) in str(refused.value)
    assert not Entitlement.objects.filter(cycle__in=cycles).exists()


def test_only_the_town_office_of_every_cycle_computes(town, pensions, specialist, leader, town_office):
    cycles = opened(pensions)
    for user in (specialist, leader):
        with pytest.raises(PermissionDenied):
            actions.compute_cycles(cycles=cycles, by=user)
    assert not Entitlement.objects.filter(cycle__in=cycles).exists()
    assert all(r.new == 1 for r in actions.compute_cycles(cycles=cycles, by=town_office).values())


def test_town_office_opens_and_computes_a_period_from_the_cycle_list(client, town, pensions, town_office):
    from tests.factories import make_town

    elsewhere = two_daughter_pension(make_town(name="芦义镇", code="421122101"))
    client.force_login(town_office)
    page = client.get("/benefits/cycles/")
    assert 'action="/benefits/cycles/compute/"' in page.content.decode()
    response = client.post("/benefits/cycles/compute/", {"period": "2025"}, follow=True)
    assert response.redirect_chain[-1][0] == "/benefits/cycles/?year=2025"
    assert [str(m) for m in response.context["messages"]] == [
        "2025：已核算3个批次，新增3个享受对象。"]
    assert set(Cycle.objects.filter(period="2025").values_list("policy", flat=True)) == {p.pk for p in pensions}
    assert not elsewhere.cycles.exists()
    assert Entitlement.objects.filter(cycle__period="2025").count() == 3
    # Again: nothing new, nothing changed.
    client.post("/benefits/cycles/compute/", {"period": "2025"})
    assert Entitlement.objects.filter(cycle__period="2025").count() == 3


@pytest.mark.parametrize("period, error", [("2025Q5", "期间"), ("2099", "尚未开始"), ("2025-07", "没有")])
def test_a_bad_period_is_refused_on_the_form_and_opens_nothing(client, town, pensions, town_office, period, error):
    client.force_login(town_office)
    response = client.post("/benefits/cycles/compute/", {"period": period})
    assert response.status_code == 400
    assert error in response.context["period_form"].errors["period"][0]
    assert not Cycle.objects.exists()


def test_only_the_town_office_computes_a_period(client, town, pensions, specialist, leader):
    for user in (specialist, leader):
        client.force_login(user)
        assert "/benefits/cycles/compute/" not in client.get("/benefits/cycles/").content.decode()
        assert client.post("/benefits/cycles/compute/", {"period": "2025"}).status_code == 403
        assert client.post("/api/v1/cycles/compute-period/", {"period": "2025"}).status_code == 403
    assert not Cycle.objects.exists()


def test_the_api_computes_a_period_and_answers_bad_input_with_field_errors(client, town, pensions, town_office):
    client.force_login(town_office)
    response = client.post("/api/v1/cycles/compute-period/", {"period": "2025"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"cycles": 3, "closed": 0, "new": 3, "kept": 0, "differing": 0,
                               "no_longer_eligible": 0, "without_rate": 0}
    assert client.post("/api/v1/cycles/compute-period/", {"period": "2025"},
                       content_type="application/json").json()["kept"] == 3
    refused = client.post("/api/v1/cycles/compute-period/", {"period": "soon"}, content_type="application/json")
    assert refused.status_code == 400 and "period" in refused.json()
    future = client.post("/api/v1/cycles/compute-period/", {"period": "2099"}, content_type="application/json")
    assert future.status_code == 400 and "period" in future.json()


def test_admin_computes_the_selected_cycles_together_and_leaves_closed_ones(client, town, pensions, office_staff):
    cycles = opened(pensions)
    Cycle.objects.filter(pk=cycles[0].pk).update(status=Cycle.Status.CLOSED)
    client.force_login(office_staff)
    selected = {"action": "compute", "_selected_action": [c.pk for c in cycles]}
    response = client.post("/admin/incentives/cycle/", selected, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["已结清的批次不再核算；其余批次已核算。",
                                                             "已核算2个批次：新增2个享受对象。"]
    assert list(Entitlement.objects.filter(cycle__in=cycles).values_list("cycle", flat=True).order_by("cycle")) == [
        cycles[1].pk, cycles[2].pk]


def test_unchanged_inputs_are_not_judged_again_and_any_change_is(town, pensions):
    cycles = opened(pensions)
    actions.compute_cycles(cycles=cycles, by=None)
    with CaptureQueriesContext(connection) as captured:
        again = actions.compute_cycles(cycles=cycles, by=None)
    assert not [q for q in captured.captured_queries if "members_household" in q["sql"]]
    assert [(r.new, r.kept) for r in again.values()] == [(0, 1)] * 3
    assert Cycle.objects.get(pk=cycles[0].pk).last_result["kept"] == 1
    # A two-daughter household newly registered in the first village: the cycles are judged again.
    household = two_daughter_household(pensions[0].village, "周", group=10)
    assert household.categories.filter(category="two_daughters").exists()
    after = actions.compute_cycles(cycles=cycles, by=None)
    assert [(r.new, r.kept) for r in after.values()] == [(1, 1), (0, 1), (0, 1)]
    # Any change moves the mark, even one the rule does not ask about: judged again, the same result.
    person = household.people.order_by("pk").first()
    actions.record_fact(household=household, person=person, kind="association_staff", occurred_on=D(2025, 2, 1),
                        by=None)
    with CaptureQueriesContext(connection) as captured:
        last = actions.compute_cycles(cycles=cycles, by=None)
    assert [q for q in captured.captured_queries if "members_household" in q["sql"]]
    assert [(r.new, r.kept) for r in last.values()] == [(0, 2), (0, 1), (0, 1)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="another open transaction: PostgreSQL's activity")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ends", ["COMMIT", "ROLLBACK"])
def test_a_transaction_writing_meanwhile_is_not_missed(town, pensions, ends):
    """Rows of a transaction still open when a cycle is computed may later appear below its last rows: once it
    has committed, the cycle is judged again; if it rolled back, nothing changed."""
    import psycopg

    settings = connection.settings_dict
    cycles = opened(pensions)
    with psycopg.connect(dbname=settings["NAME"], host=settings["HOST"] or None, port=settings["PORT"] or None,
                         user=settings["USER"]) as other:
        writer = int(other.execute("SELECT pg_current_xact_id()").fetchone()[0])  # an id, as a writer has
        actions.compute_cycles(cycles=cycles, by=None)
        assert Cycle.objects.get(pk=cycles[0].pk).inputs_mark["writers"] == [writer]
        assert not judged_again(cycles)  # still open: what it wrote is not seen yet
        other.execute(ends)
    assert judged_again(cycles) == (ends == "COMMIT")
    assert not judged_again(cycles)


def judged_again(cycles) -> bool:
    with CaptureQueriesContext(connection) as captured:
        actions.compute_cycles(cycles=cycles, by=None)
    return any("members_household" in q["sql"] for q in captured.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="another open transaction: PostgreSQL's activity")
@pytest.mark.django_db(transaction=True)
def test_the_writers_are_read_afresh_and_numbered_as_the_database_does():
    """A writer's id may be above the snapshot's horizon (assigned after the last transaction ended), and the
    activity is read anew each time, not as it was first read in the transaction."""
    import psycopg
    from django.db import transaction

    from incentives.rules import inputs

    settings = connection.settings_dict
    with transaction.atomic():
        assert inputs.current_mark()["writers"] == []
        with psycopg.connect(dbname=settings["NAME"], host=settings["HOST"] or None, port=settings["PORT"] or None,
                             user=settings["USER"]) as other:
            writer = int(other.execute("SELECT pg_current_xact_id()").fetchone()[0])
            assert inputs.current_mark()["writers"] == [writer]
            other.execute("ROLLBACK")
            assert inputs.current_mark()["writers"] == []
