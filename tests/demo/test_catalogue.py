"""The whole demo town, loaded once for the module (about a minute and a half): the seed's figures read through
the catalogue for the demo year, and the demo's workflow records dated inside it."""

import datetime
import io

import pytest
from django.core.management import call_command

from assessments.models import AssessmentEvent, LedgerEntry
from demo.town import TOWN_CODE
from incentives.models import Cycle, Entitlement, Fact, Payment
from villages import catalogue
from villages.catalogue import TOWN
from villages.models import Appointment, Position, Town, User
from villages.periods import Period

YEAR = Period.parse("2025")
END = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
# The seed's figures for the demo year, by figure of the catalogue. Add a line as the other apps' figures land
# (population 47,600, married women 9,344, 462 association members).
SEED = {
    "villages.villages": 41,
    "villages.groups": 469,
    "villages.declared_before": 26,
    "villages.regulations": 39,
    "villages.designated_demonstration": 8,
    "villages.designated_qualified": 8,
    "villages.rejected_candidates": 2,
    "villages.specialists_dismissed": 3,
    "association.members": 462,
    "assessments.cases": 5,
    "assessments.villages_with_cases": 5,
    "assessments.party_discipline": 2,
    "assessments.economic_penalties": 35,
}
VILLAGE_POLICIES = {"two_daughter_pension": 35, "gave_up_birth": 23, "one_child": 20, "two_daughter_tuition": 13,
                    "timely_measures": 9}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_town", stdout=io.StringIO())
        town = Town.objects.get(code=TOWN_CODE)
        yield town, catalogue.values(town.pk, YEAR)
        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("code", "expected"), SEED.items())
def test_the_demo_years_catalogue_gives_the_seeds_figures(demo, code, expected):
    town, values = demo
    assert values.get(code) == expected


def test_villages_with_each_kind_of_village_policy(demo):
    town, values = demo
    kinds = catalogue.get("incentives.village_policy_adoptions").breakdowns[0]
    assert values.breakdown("incentives.village_policy_adoptions", kinds) == VILLAGE_POLICIES


def test_three_specialists_and_daqis_party_secretary_were_dismissed_in_the_demo_year(demo):
    # The seed's "three village planners dismissed" are specialists; Daqi's party secretary was dismissed too.
    town, values = demo
    office = User.objects.get(username="town-assessor")
    dismissed = catalogue.get("villages.dismissals").records(office, YEAR, TOWN, None)
    assert values.get("villages.dismissals") == 4
    assert values.get("villages.dismissals", category="post:party_secretary") == 1
    assert dismissed.filter(position__kind=Position.Kind.SPECIALIST).count() == 3
    assert values.get("assessments.sanctions", category="ledger_kind:dismissal") == 4
    assert not Appointment.objects.filter(end_reason="dismissal", ended_on__year=2024).exists()


def test_the_town_works_on_the_demo_year(demo):
    town, values = demo
    assert town.working_year == 2025


def test_workflow_records_are_dated_inside_the_demo_year(demo):
    town, values = demo
    for model, field in ((AssessmentEvent, "at"), (LedgerEntry, "recorded_at"), (Cycle, "created_at"),
                         (Payment, "recorded_at"), (Fact, "recorded_at"), (Entitlement, "computed_at")):
        assert not model.objects.filter(**{f"{field}__gte": END}).exists(), model
    for model in (Entitlement, Cycle, Payment, Appointment, LedgerEntry):
        assert not model.history.filter(history_date__gte=END).exists(), model
    steps = dict(AssessmentEvent.objects.filter(assessment__village__name="大旗村", assessment__period="Q2",
                                                assessment__scheme__year=2025).values_list("action", "at"))
    assert steps["opened"] < steps["submitted"] < steps["scored"] < steps["reviewed"] < steps["published"]
    assert steps["opened"].date() > datetime.date(2025, 6, 30)
