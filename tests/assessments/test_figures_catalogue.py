"""The assessments' figures in the catalogue: cases by report date, the ledger by decision date, published results."""

import datetime
from decimal import Decimal

import pytest

from assessments import actions
from assessments.models import LedgerEntry
from assessments.queries.indicators import read_one
from tests.factories import make_user
from tests.factories.assessments import adopt_regulations, make_scheme, publish_scored
from villages import catalogue, closing
from villages.catalogue import TOWN, VILLAGE
from villages.models import Appointment, Position, User
from villages.periods import Period

D = datetime.date
YEAR, NEXT = Period.parse("2025"), Period.parse("2026")
Kind = LedgerEntry.Kind


@pytest.fixture
def secretary(village):
    position = Position.objects.create(village=village, kind=Position.Kind.PARTY_SECRETARY)
    return Appointment.objects.create(position=position, holder_name="王建国", started_on=D(2021, 1, 1))


def _case(village, reported_on, by, title="隐瞒违法生育"):
    return actions.open_case(village=village, kind="concealment", title=title, description="群众来信",
                             reported_on=reported_on, reported_by="群众", recorded_by=by)


def _entry(village, kind, decided_on, by, **fields):
    return actions.record_ledger_entry(village=village, kind=kind, title="决定", reason="理由", decision="决定",
                                       decided_on=decided_on, decided_by="镇党委", recorded_by=by, **fields)


@pytest.fixture
def ledger(village, other_village, secretary, town_office):
    """2025: two cases in the village, the secretary's honour of 2024 withdrawn, party discipline, economic
    penalties for two people (one of them twice) and one naming nobody, a commendation; around it, a case
    reported in 2024 and decided in 2025, and decisions of 2026."""
    by = town_office
    _case(village, D(2025, 4, 18), by)
    _case(village, D(2025, 10, 9), by, title="信息上报滞后")
    earlier = _case(other_village, D(2024, 12, 30), by)
    actions.decide_case(case=earlier, founded=True, finding="属实", decision="通报", decided_on=D(2025, 2, 1),
                        decided_by="镇党委", recorded_by=by)
    _case(village, D(2026, 1, 5), by)
    honour = _entry(village, Kind.HONOUR, D(2024, 12, 30), by, appointment=secretary, amount=Decimal(1000))
    actions.withdraw_honour(honour=honour, reason="隐瞒", decision="取消资格", decided_on=D(2025, 9, 20),
                            decided_by="镇党委", recorded_by=by, notify_town=True)
    _entry(village, Kind.PARTY_DISCIPLINE, D(2025, 6, 28), by, appointment=secretary)
    _entry(village, Kind.PARTY_DISCIPLINE, D(2026, 1, 10), by, appointment=secretary)
    for day in (D(2025, 12, 30), D(2025, 12, 31)):
        _entry(village, Kind.ECONOMIC_PENALTY, day, by, appointment=secretary, amount=Decimal(800))
    _entry(village, Kind.ECONOMIC_PENALTY, D(2025, 12, 30), by, person_name="李包村", person_role="镇包村干部")
    _entry(other_village, Kind.ECONOMIC_PENALTY, D(2025, 12, 30), by, amount=Decimal(2000))
    _entry(village, Kind.COMMENDATION, D(2025, 12, 30), by, amount=Decimal(5000))


def test_cases_count_by_the_day_they_were_reported(town, village, other_village, ledger):
    found = catalogue.compute(town.pk, YEAR, ["assessments.cases", "assessments.villages_with_cases"])
    assert found.get("assessments.cases") == 2
    assert found.get("assessments.cases", VILLAGE, village.pk) == 2
    assert found.get("assessments.cases", VILLAGE, other_village.pk) == 0  # reported in 2024, decided in 2025
    assert found.get("assessments.villages_with_cases") == 1
    assert catalogue.compute(town.pk, NEXT, ["assessments.cases"]).get("assessments.cases") == 1


def test_people_disciplined_and_penalised_count_once_each(town, village, other_village, ledger):
    found = catalogue.compute(town.pk, YEAR, ["assessments.party_discipline", "assessments.economic_penalties"])
    assert found.get("assessments.party_discipline") == 1
    assert found.get("assessments.party_discipline", VILLAGE, village.pk) == 1
    assert found.get("assessments.economic_penalties") == 2  # the secretary twice, a town cadre; not a village
    assert found.get("assessments.economic_penalties", VILLAGE, other_village.pk) == 0
    assert catalogue.compute(town.pk, NEXT, ["assessments.party_discipline"]).get("assessments.party_discipline") == 1


def test_rewards_and_sanctions_by_kind_and_decision_date(town, village, other_village, ledger):
    found = catalogue.compute(town.pk, YEAR, ["assessments.rewards", "assessments.sanctions"])
    assert found.get("assessments.rewards") == 1
    assert found.get("assessments.rewards", category="ledger_kind:commendation") == 1
    sanctions = catalogue.get("assessments.sanctions").breakdowns[0]
    assert found.breakdown("assessments.sanctions", sanctions) == {
        "honour_withdrawn": 1, "party_discipline": 1, "economic_penalty": 4, "dismissal": 0, "town_notice": 1}
    assert found.get("assessments.sanctions", VILLAGE, other_village.pk) == 1
    # The honour withdrawn in 2025 is still a reward of 2024.
    assert catalogue.compute(town.pk, Period.parse("2024"), ["assessments.rewards"]).get("assessments.rewards") == 1


def test_published_results_by_village_and_the_towns_average(town, village, other_village, town_office):
    scheme = make_scheme(town=town)
    adopt_regulations(village)
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)  # 10 + 5
    publish_scored(scheme=scheme, village=other_village, period="Q1", by=town_office, lost="2")  # 8 + 0
    publish_scored(scheme=make_scheme(town=town, year=2026), village=village, period="Q1", by=town_office)
    codes = ["assessments.assessed", "assessments.points", "assessments.average_points"]
    found = catalogue.compute(town.pk, Period.parse("2025Q1"), codes)
    assert found.get("assessments.assessed") == 2
    assert found.get("assessments.points", VILLAGE, village.pk) == Decimal(15)
    assert found.get("assessments.average_points", VILLAGE, other_village.pk) == Decimal(8)
    assert found.get("assessments.average_points") == Decimal("11.5")
    assert catalogue.compute(town.pk, Period.parse("2025Q2"), codes).get("assessments.average_points") is None
    assert catalogue.compute(town.pk, Period.parse("202501"), codes).get("assessments.assessed") == 0


def test_records_behind_a_figure_are_scoped_to_the_reader(village, other_village, specialist, leader, ledger):
    reader = make_user(role=User.Role.SPECIALIST, village=other_village, username="other-specialist")
    cases = catalogue.get("assessments.cases")
    assert cases.records(specialist, YEAR, VILLAGE, village.pk).count() == 2
    assert not cases.records(reader, YEAR, VILLAGE, village.pk).exists()
    assert not cases.records(reader, YEAR, TOWN, None).exists()
    assert cases.records(leader, YEAR, TOWN, None).count() == 2
    penalties = catalogue.get("assessments.economic_penalties")
    assert penalties.records(specialist, YEAR, TOWN, None).count() == 3
    assert not penalties.records(reader, YEAR, TOWN, None).exists()


def test_every_figure_has_a_definition_and_registers_its_years(town, ledger):
    mine = [f for f in catalogue.catalogue() if f.code.startswith("assessments.")]
    assert all(str(f.definition) and (f.records or f.is_indicator) for f in mine)
    assert {2024, 2025, 2026} <= set(catalogue.years_with_data(town.pk))


def test_computed_items_read_the_catalogue_so_a_closed_period_keeps_its_figures(town, village, town_office):
    closing.close(town=town, period=YEAR, by=town_office)
    adopt_regulations(village, D(2025, 3, 1))  # recorded after the town office closed 2025
    assert read_one("regulations_adopted", village, YEAR).figure == 0
    assert read_one("regulations_adopted", village, Period.parse("2025Q1")).figure == 1  # a quarter still open
