import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import actions
from assessments.models import GradeBand, Item
from assessments.queries import designation_outcomes
from tests.factories import make_village
from tests.factories.assessments import adopt_regulations, publish_scored
from villages.models import Designation


def test_part_of_a_frozen_scheme_cannot_change(scheme, village, town_office):
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)
    band = GradeBand.objects.get(scheme=scheme, code="excellent")
    band.min_total = Decimal(1)
    with pytest.raises(ValidationError):
        band.full_clean()


def test_copy_to_next_year_copies_items_vetoes_and_bands(scheme, town_office):
    copy = actions.copy_scheme_to_year(scheme=scheme, year=2026, copied_by=town_office)
    assert copy.copied_from == scheme
    assert list(copy.items.values_list("code", flat=True)) == ["disclosure", "regulations"]
    assert copy.bands.count() == 4 and copy.vetoes.count() == 1
    assert not copy.is_frozen


def test_copying_onto_an_existing_year_is_refused(scheme, town_office):
    actions.copy_scheme_to_year(scheme=scheme, year=2026, copied_by=town_office)
    with pytest.raises(ValidationError):
        actions.copy_scheme_to_year(scheme=scheme, year=2026, copied_by=town_office)


def test_computed_item_must_name_a_registered_indicator(scheme):
    item = Item(scheme=scheme, block=scheme.blocks.get(), code="x", title="x", max_points=1,
                method=Item.Method.COMPUTED, indicator_key="nonsense")
    with pytest.raises(ValidationError):
        item.full_clean()


def _year_end(scheme, town_office, villages_and_losses):
    for village, lost in villages_and_losses:
        adopt_regulations(village)
        publish_scored(scheme=scheme, village=village, period="YEAR", by=town_office, lost=lost)


def test_designations_follow_the_grade_bands_and_flag_lagging_two_years(scheme, town, village, other_village,
                                                                         town_office):
    third = make_village(town=town, name="永中村")
    Designation.objects.create(village=third, year=2024, kind="lagging", decided_on=datetime.date(2024, 12, 28),
                               rectification_plan="整改")
    _year_end(scheme, town_office, [(village, "0"), (other_village, "4"), (third, "10")])

    written = actions.decide_designations_for_year(scheme=scheme, decided_by=town_office)

    kinds = {d.village.name: d.kind for d in written}
    assert kinds == {"大旗村": "demonstration", "荀子村": "qualified", "永中村": "lagging"}
    lagging = next(o for o in designation_outcomes(scheme) if o.village == third)
    assert lagging.lagging_two_years_running
    assert Designation.objects.get(village=third, year=2025).rectification_plan


def test_past_designations_reproduce_from_the_frozen_scheme_after_next_year_changes(scheme, village, other_village,
                                                                                    town_office):
    _year_end(scheme, town_office, [(village, "0"), (other_village, "4")])
    before = [(o.village.pk, o.kind, o.total) for o in designation_outcomes(scheme)]

    next_year = actions.copy_scheme_to_year(scheme=scheme, year=2026, copied_by=town_office)
    next_year.bands.filter(code="excellent").update(min_total=Decimal(100))
    next_year.items.filter(code="disclosure").update(max_points=Decimal(50))

    after = [(o.village.pk, o.kind, o.total) for o in designation_outcomes(scheme)]
    assert after == before
    assert [kind for _pk, kind, _total in after] == ["demonstration", "qualified"]


def test_deciding_again_keeps_an_existing_row_and_its_plan(scheme, village, town_office):
    Designation.objects.create(village=village, year=2025, kind="lagging", decided_on=datetime.date(2025, 12, 1),
                               rectification_plan="原有整改方案", reason="原因")
    _year_end(scheme, town_office, [(village, "10")])
    actions.decide_designations_for_year(scheme=scheme, decided_by=town_office)
    row = Designation.objects.get(village=village, year=2025)
    assert (row.kind, row.rectification_plan, row.reason) == ("lagging", "原有整改方案", "原因")
