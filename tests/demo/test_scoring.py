from collections import Counter

import pytest

from assessments.models import Assessment, Case, LedgerEntry, ResponsibilityBook, Scheme
from assessments.queries import designation_outcomes, lagging_two_years
from demo import scoring
from demo.town import build as build_demo_town
from villages.models import Designation


@pytest.fixture(scope="module")
def demo_town(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        town = build_demo_town()
        scheme = scoring.build(town)
    yield town, scheme
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def test_year_end_gives_eight_demonstration_and_eight_qualified_villages(demo_town):
    town, scheme = demo_town
    kinds = Counter(Designation.objects.filter(year=scheme.year).values_list("kind", flat=True))
    assert kinds == {"demonstration": 8, "qualified": 8, "lagging": 1}


def test_daqi_is_lagging_two_years_running(demo_town):
    town, scheme = demo_town
    daqi = town.villages.get(name="大旗村")
    assert daqi.pk in lagging_two_years(town.pk, scheme.year)
    outcome = next(o for o in designation_outcomes(scheme) if o.village == daqi)
    assert outcome.lagging_two_years_running


def test_four_quarters_and_the_year_end_are_published_for_all_villages(demo_town):
    town, scheme = demo_town
    periods = Counter(Assessment.objects.filter(scheme=scheme, status="published").values_list("period", flat=True))
    assert periods == {p: 41 for p in ("Q1", "Q2", "Q3", "Q4", "YEAR")}
    association = Scheme.objects.get(town=town, year=scheme.year, subject="association")
    assert Assessment.objects.filter(scheme=association, period="YEAR", status="published").count() == 41


def test_ledger_and_cases_match_the_seed(demo_town):
    town, scheme = demo_town
    assert Case.objects.filter(reported_on__year=scheme.year).values("village").distinct().count() == 5
    kinds = Counter(LedgerEntry.objects.filter(decided_on__year=scheme.year).values_list("kind", flat=True))
    assert kinds["party_discipline"] == 2
    assert kinds["economic_penalty"] == 35
    withdrawal = LedgerEntry.objects.get(kind="honour_withdrawn")
    assert withdrawal.certificate_recovered and withdrawal.amount_recovered == withdrawal.withdraws.amount
    assert "十佳村干部" in withdrawal.withdraws.title
    assert LedgerEntry.objects.filter(kind="town_notice", person_name=withdrawal.person_name).exists()
    assert ResponsibilityBook.objects.filter(year=scheme.year, status="signed").count() == 41


def test_building_again_changes_nothing(demo_town):
    town, scheme = demo_town
    counts = (Assessment.objects.count(), LedgerEntry.objects.count(), Case.objects.count())
    scoring.build(town)
    assert (Assessment.objects.count(), LedgerEntry.objects.count(), Case.objects.count()) == counts
