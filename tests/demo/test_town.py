import datetime

import pytest

from demo import town
from villages import catalogue
from villages.models import Appointment, CandidateVetting, Designation, Position, Village, VillagerGroup
from villages.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_town():
    return town.build()


def test_demo_town_has_the_seeds_figures(demo_town):
    villages = Village.objects.filter(town=demo_town)
    assert villages.count() == 41
    assert VillagerGroup.objects.filter(village__town=demo_town).count() == 469
    assert villages.filter(self_government_declared_on__year=2024).count() == 26
    assert villages.filter(regulations_adopted_on__lte=datetime.date(2025, 8, 31)).count() == 39
    assert {"大旗村", "荀子村", "永中村", "前塘村"} <= set(villages.values_list("name", flat=True))


def test_daqi_is_lagging_two_years_running_and_its_cadres_were_dismissed(demo_town):
    daqi = Village.objects.get(name="大旗村")
    lagging = Designation.objects.filter(village=daqi, kind="lagging")
    assert sorted(lagging.values_list("year", flat=True)) == [2024, 2025]
    assert all(d.rectification_plan and d.target_year_three for d in lagging)
    dismissed = Appointment.objects.filter(position__village=daqi, end_reason="dismissal")
    assert set(dismissed.values_list("position__kind", flat=True)) == {"party_secretary", "specialist"}


def test_three_specialists_dismissed_and_two_candidates_rejected(demo_town):
    dismissed = Appointment.objects.filter(end_reason="dismissal", position__kind=Position.Kind.SPECIALIST)
    assert dismissed.count() == 3 and all(a.end_note for a in dismissed)
    assert CandidateVetting.objects.filter(decision="rejected", position_kind="party_secretary").count() == 2


def test_every_post_has_one_current_holder(demo_town):
    assert Position.objects.count() == Appointment.objects.filter(ended_on__isnull=True).count()


def test_demo_records_start_with_a_history_row(demo_town):
    for model in (Village, VillagerGroup, Position, Appointment, CandidateVetting, Designation):
        assert model.history.count() == model.objects.count()


def test_building_twice_changes_nothing(demo_town):
    counts = [model.objects.count() for model in (Village, VillagerGroup, Appointment, Village.history.model)]
    town.build()
    assert counts == [model.objects.count() for model in (Village, VillagerGroup, Appointment,
                                                          Village.history.model)]


def test_overview_reproduces_the_figures(demo_town):
    found = catalogue.values(demo_town.pk, Period.parse("2025"))
    assert [found.get(f"villages.{name}") for name in ("villages", "groups", "declared_before", "regulations")] == [
        41, 469, 26, 39]
    assert found.get("villages.designated_lagging") == 1
