"""The figures on the pages and in the API equal those counted directly from the records."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from association.actions import members as actions
from association.actions import work
from association.models import ContactAssignment, MonthlyFeedback
from association.queries.figures import association_results, feedback_by_month, percent
from members.actions import move_household_out
from members.models import Household
from tests.factories import make_group
from tests.factories.association import make_card, make_households, make_member, submit

YEAR = 2025


@pytest.fixture
def world(village, other_village, specialist):
    """Two members with cards, a group without a member, reports on time, late and missing, and a meeting."""
    first, second = make_member(village=village, name="张芳"), make_member(village=village, name="李梅")
    make_card(first, 3)
    make_card(second, 2)
    make_households(make_group(village=village, number=30), 1)  # served by nobody
    gone = make_card(first, 1)[0]  # on the card, then the household left the town: no longer counted
    move_household_out(household=gone, moved_on=datetime.date(2024, 6, 1), destination="外省", reason="全户迁出",
                       by=None)
    for number in range(1, 13):
        month = datetime.date(YEAR, number, 1)
        due = datetime.date(YEAR + (number == 12), number % 12 + 1, 5)
        if number <= 9:
            submit(first, month, received_on=due if number % 3 else due + datetime.timedelta(days=2))
        submit(second, month, received_on=due - datetime.timedelta(days=3))
    work.record_meeting(village=village, held_on=datetime.date(YEAR, 3, 20), agenda="例会", by=specialist,
                        attendance={first.pk: "present", second.pk: "apologies"})
    stranger = make_member(village=other_village)
    make_card(stranger, 2)
    submit(stranger, datetime.date(YEAR, 1, 1), received_on=datetime.date(YEAR, 3, 1))
    return {"first": first, "second": second}


def direct_coverage(village) -> tuple[int, int]:
    active = Household.objects.filter(village=village, status=Household.Status.ACTIVE)
    covered = [h for h in active if ContactAssignment.objects.filter(household=h, served_until__isnull=True).exists()]
    return len(covered), active.count()


def direct_feedback(village) -> tuple[int, int, int, int]:
    reports = list(MonthlyFeedback.objects.filter(member__village=village, month__year=YEAR))
    on_time = sum(1 for r in reports if r.submitted_on <= r.due_on)
    late = len(reports) - on_time
    expected = 2 * 12
    return expected, on_time, late, expected - len(reports)


def test_village_page_figures_equal_the_records(client, specialist, village, world):
    client.force_login(specialist)
    response = client.get(f"/association/villages/{village.pk}/?year={YEAR}")

    row = response.context["row"]
    covered, active = direct_coverage(village)
    expected, on_time, late, missing = direct_feedback(village)
    assert (row.coverage.covered, row.coverage.active) == (covered, active) == (5, 6)
    assert (row.feedback.due, row.feedback.on_time, row.feedback.late, row.feedback.missing) == (
        expected, on_time, late, missing) == (24, 18, 3, 3)
    assert row.feedback.on_time_rate == percent(on_time, expected) == Decimal("75.0")
    assert row.members == 2 and row.groups_without_member == 1
    html = response.content.decode()
    assert 'data-figure="coverage">83.3%<' in html
    assert 'data-figure="on-time">75.0%<' in html


def test_town_page_sums_the_villages(client, town_office, village, other_village, world):
    client.force_login(town_office)
    response = client.get(f"/association/?year={YEAR}")

    totals = response.context["totals"]
    covered = sum(direct_coverage(v)[0] for v in (village, other_village))
    active = sum(direct_coverage(v)[1] for v in (village, other_village))
    assert (totals.coverage.covered, totals.coverage.active) == (covered, active) == (7, 8)
    assert (totals.feedback.on_time, totals.feedback.late, totals.feedback.missing) == (18, 4, 3 + 11)


def test_months_count_late_reports_as_late(specialist, village, world):
    months = feedback_by_month(specialist, YEAR, datetime.date(2026, 1, 31), village_id=village.pk)
    march = months[2]
    assert (march.expected, march.on_time, march.late, march.missing) == (2, 1, 1, 0)
    october = months[9]
    assert (october.on_time, october.missing) == (1, 1)


def test_month_not_yet_due_is_pending_not_missing(specialist, village):
    member = make_member(village=village, joined_on=datetime.date(2025, 1, 1))
    months = feedback_by_month(specialist, 2025, datetime.date(2025, 3, 3), village_id=village.pk)
    assert [(m.missing, m.pending) for m in months] == [(1, 0), (0, 1), (0, 1)]
    submit(member, datetime.date(2025, 2, 1), received_on=datetime.date(2025, 2, 27))
    months = feedback_by_month(specialist, 2025, datetime.date(2025, 3, 3), village_id=village.pk)
    assert (months[1].on_time, months[1].pending) == (1, 0)


def test_handover_keeps_coverage_on_the_page(client, specialist, village, world):
    client.force_login(specialist)
    before = client.get(f"/association/villages/{village.pk}/?year={YEAR}").context["row"].coverage

    response = client.post(f"/association/members/{world['first'].pk}/handover/", {
        "successor": world["second"].pk, "on": timezone.localdate().isoformat(), "leaves": "on",
        "leave_reason": "moved_away"})

    assert response.status_code == 302
    after = client.get(f"/association/villages/{village.pk}/?year={YEAR}").context["row"].coverage
    assert (after.covered, after.active) == (before.covered, before.active)
    assert world["second"].assignments.current().count() == 5


def test_excellent_association_needs_every_threshold(specialist, village, world, town):
    result = association_results(specialist, YEAR, datetime.date(2026, 1, 31))[village.pk]
    assert not result.excellent
    assert len(result.reasons) == 4  # coverage, on time, attendance (50 %), one meeting of four
    work.set_year_rules(town=town, year=YEAR, by=None, excellent_coverage=80, excellent_on_time=75,
                        excellent_attendance=50, excellent_meetings=1)
    assert association_results(specialist, YEAR, datetime.date(2026, 1, 31))[village.pk].excellent


def test_leaving_member_is_not_expected_after_leaving(specialist, village):
    member = make_member(village=village, joined_on=datetime.date(2024, 1, 1))
    actions.leave_association(member=member, left_on=datetime.date(2025, 4, 10), reason="resigned", by=specialist)
    months = feedback_by_month(specialist, 2025, datetime.date(2026, 1, 31), village_id=village.pk)
    assert [m.expected for m in months] == [1, 1, 1] + [0] * 9
