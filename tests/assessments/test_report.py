from django.template.loader import render_to_string

from assessments.queries import quarterly_report_context
from assessments.queries.report import TOWN_TEMPLATE, VILLAGE_TEMPLATE
from tests.factories.assessments import publish_scored
from villages.periods import Period


def test_town_report_context_ranks_and_renders(scheme, town, village, other_village, town_office,
                                               django_assert_max_num_queries):
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)
    publish_scored(scheme=scheme, village=other_village, period="Q1", by=town_office, lost="3")
    with django_assert_max_num_queries(10):
        context = quarterly_report_context(town, Period.parse("2025Q1"))
    assert [r.village for r in context["results"]] == [village, other_village]
    html = render_to_string(TOWN_TEMPLATE, context)
    assert "荀子村" in html and '<section class="part">' in html


def test_village_report_lists_deductions_with_reasons(scheme, town, village, town_office):
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office, lost="2")
    context = quarterly_report_context(town, Period.parse("2025Q1"), village)
    html = render_to_string(VILLAGE_TEMPLATE, context)
    assert "公开栏未更新" in html and "督查记录第1号" in html
    assert context["blocks"][0]["points"] == 8


def test_report_of_an_unpublished_period_is_empty(scheme, town, village):
    context = quarterly_report_context(town, Period.parse("2025Q3"), village)
    assert context["assessment"] is None
    render_to_string(VILLAGE_TEMPLATE, context)
