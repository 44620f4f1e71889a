"""The quarterly assessment report's contract (assessments.queries.documents): scoped, published results only."""

import pytest
from django.core.exceptions import ValidationError

from assessments.queries.documents import check_request, published_assessment_villages, quarterly_assessment_context
from tests.factories.assessments import publish_scored
from villages.periods import Period
from villages.queries import OutOfScope

Q1 = Period.parse("2025Q1")


@pytest.fixture
def published_q1(scheme, village, other_village, town_office):
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)
    publish_scored(scheme=scheme, village=other_village, period="Q1", by=town_office, lost="3")


def test_town_report_ranks_the_published_villages(published_q1, leader, town, village, other_village):
    [context] = quarterly_assessment_context(user=leader, town=town, village=None, period=Q1)

    assert [result.village for result in context["results"]] == [village, other_village]


def test_village_report_for_its_specialist(published_q1, specialist, town, village):
    [context] = quarterly_assessment_context(user=specialist, town=town, village=village, period=Q1)

    assert context["assessment"].village == village


def test_another_village_and_the_town_are_out_of_scope_for_a_specialist(published_q1, specialist, town,
                                                                         other_village):
    with pytest.raises(OutOfScope):
        quarterly_assessment_context(user=specialist, town=town, village=other_village, period=Q1)
    with pytest.raises(OutOfScope):
        quarterly_assessment_context(user=specialist, town=town, village=None, period=Q1)


def test_a_month_or_an_unpublished_quarter_gives_no_report(published_q1, town_office, town, village):
    for period in ("202502", "2025Q2"):
        with pytest.raises(ValidationError):
            quarterly_assessment_context(user=town_office, town=town, village=village, period=Period.parse(period))
        with pytest.raises(ValidationError) as refused:
            check_request(town=town, village=None, period=Period.parse(period))
        assert "period" in refused.value.message_dict


def test_published_villages_of_a_quarter(published_q1, town, village, other_village):
    assert published_assessment_villages(town_id=town.pk, period=Q1) == {village.pk, other_village.pk}
    assert published_assessment_villages(town_id=town.pk, period=Period.parse("2025")) == set()
