import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import resolve, reverse
from django.utils import translation
from rest_framework import serializers

from reports.models import Document
from villages.periods import (
    MONTH,
    QUARTER,
    YEAR,
    Period,
    PeriodFormField,
    PeriodSerializerField,
    month_end,
    validate_period,
)

D = datetime.date


@pytest.mark.parametrize(("text", "period"), [
    ("2025", Period(YEAR, 2025)), ("2025Q3", Period(QUARTER, 2025, 3)), ("202507", Period(MONTH, 2025, 7)),
    ("202512", Period(MONTH, 2025, 12)), (" 2025Q1 ", Period(QUARTER, 2025, 1)),
])
def test_the_kind_is_read_from_the_shape(text, period):
    assert Period.parse(text) == period


def test_the_older_month_spelling_is_read_and_written_back_in_the_one_spelling():
    assert str(Period.parse("2025-07")) == "202507"


@pytest.mark.parametrize("text", ["", None, "25", "2025Q5", "2025Q0", "202513", "202500", "2025-13", "2025-Q3",
                                  "2025-YEAR", "2025q3", "20250315", "2025W10", "0999", "Q3", "2025-7"])
def test_bad_input_is_refused_with_a_clear_message(text):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            Period.parse(text)
        assert error.value.messages == ["A period is a year (2025), a quarter (2025Q3) or a month (202507)."]


@pytest.mark.parametrize("text", ["2025", "2025Q1", "2025Q4", "202501", "202512", "1999Q2"])
def test_round_trip(text):
    assert str(Period.parse(text)) == text


@pytest.mark.parametrize(("text", "starts_on", "ends_on"), [
    ("2025", D(2025, 1, 1), D(2025, 12, 31)), ("2025Q1", D(2025, 1, 1), D(2025, 3, 31)),
    ("2025Q2", D(2025, 4, 1), D(2025, 6, 30)), ("2025Q3", D(2025, 7, 1), D(2025, 9, 30)),
    ("2025Q4", D(2025, 10, 1), D(2025, 12, 31)), ("202502", D(2025, 2, 1), D(2025, 2, 28)),
    ("202402", D(2024, 2, 1), D(2024, 2, 29)), ("190002", D(1900, 2, 1), D(1900, 2, 28)),
    ("200002", D(2000, 2, 1), D(2000, 2, 29)), ("202411", D(2024, 11, 1), D(2024, 11, 30)),
])
def test_start_and_end_dates_know_month_lengths_and_leap_years(text, starts_on, ends_on):
    period = Period.parse(text)
    assert (period.starts_on, period.ends_on) == (starts_on, ends_on)


def test_month_ends_of_a_leap_quarter_and_of_a_year():
    assert Period.parse("2024Q1").month_ends == (D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31))
    assert len(Period.parse("2025").month_ends) == 12
    assert Period.parse("202506").month_ends == (D(2025, 6, 30),)
    assert month_end(D(2024, 2, 10)) == D(2024, 2, 29)


def test_the_months_and_quarters_a_period_is_made_of():
    assert [str(p) for p in Period.parse("2025Q3").months()] == ["202507", "202508", "202509"]
    assert [str(p) for p in Period.parse("2025").quarters()] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert len(Period.parse("2025").months()) == 12
    assert Period.parse("2025Q3").quarters() == [Period.parse("2025Q3")]
    assert Period.parse("202507").quarters() == []


@pytest.mark.parametrize(("text", "previous", "following"), [
    ("2025", "2024", "2026"), ("2025Q1", "2024Q4", "2025Q2"), ("2025Q4", "2025Q3", "2026Q1"),
    ("202501", "202412", "202502"), ("202512", "202511", "202601"),
])
def test_previous_and_next_cross_the_year(text, previous, following):
    period = Period.parse(text)
    assert (str(period.previous()), str(period.next())) == (previous, following)


@pytest.mark.parametrize(("kind", "expected"), [(YEAR, "2024"), (QUARTER, "2024Q1"), (MONTH, "202402")])
def test_the_period_containing_a_day(kind, expected):
    assert str(Period.containing(D(2024, 2, 29), kind)) == expected
    assert str(Period.containing(D(2024, 12, 31), QUARTER)) == "2024Q4"


@pytest.mark.parametrize(("language", "labels"), [
    ("en", ["year 2025", "2025 Q3", "July 2025"]),
    ("zh-hans", ["2025年", "2025年第3季度", "2025年7月"]),
])
def test_labels_in_both_languages(language, labels):
    with translation.override(language):
        assert [Period.parse(text).label for text in ("2025", "2025Q3", "202507")] == labels


def test_a_period_that_cannot_exist_is_a_programming_error():
    with pytest.raises(ValueError):
        Period(QUARTER, 2025, 5)


def test_stored_periods_are_validated_in_the_one_spelling():
    validate_period("202507")
    with pytest.raises(ValidationError):
        validate_period("2025-07")


def test_the_database_refuses_a_period_in_another_spelling(town, town_office):
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(kind="status_sheet", title="t", town=town, period="2025-07", requested_by=town_office)
    Document.objects.create(kind="status_sheet", title="t", town=town, period="202507", requested_by=town_office)


def test_forms_and_the_api_read_any_spelling_and_give_the_one_spelling():
    class Form(forms.Form):
        period = PeriodFormField(required=False)

    form = Form({"period": "2025-07"})
    assert form.is_valid() and form.cleaned_data["period"] == "202507"
    assert Form({"period": ""}).is_valid()
    assert "period" in Form({"period": "2025Q9"}).errors
    assert "202507" in str(Form().fields["period"].help_text)
    field = PeriodSerializerField()
    assert field.run_validation("2025-07") == "202507"
    with pytest.raises(serializers.ValidationError):
        field.run_validation("July")


def test_urls_take_the_period_in_the_one_spelling():
    url = reverse("assessments:board", args=[Period.parse("2025Q3")])
    assert url == "/assessments/periods/2025Q3/"
    assert resolve(url).kwargs == {"period": Period(QUARTER, 2025, 3)}
