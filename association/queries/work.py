"""Reads of the association's year of work: monthly feedback, meetings, evaluations and the town's rules.

Scoped like every read of the association (see `members`): a member's login sees its own only.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from association.models import (
    AssociationMember,
    AssociationYearRules,
    ContactAssignment,
    EvaluationCriterion,
    Meeting,
    MeetingAttendance,
    MemberEvaluation,
    MonthlyFeedback,
)
from association.queries.members import VIA_MEMBER, household_head_name, members_for, own_only
from members.models import Household
from villages.models import Town, User
from villages.periods import month_end
from villages.privacy import sensitive_villages
from villages.queries import scoped
from villages.roles import is_association_member


def year_rules(town_id: int, year: int) -> AssociationYearRules:
    """The town's rules for the year, or the defaults (unsaved) when the town has not set them."""
    rules = AssociationYearRules.objects.filter(town_id=town_id, year=year).first()
    return rules or AssociationYearRules(town_id=town_id, year=year)


def criteria_for(town_id: int, year: int) -> QuerySet[EvaluationCriterion]:
    return EvaluationCriterion.objects.filter(town_id=town_id, year=year).order_by("order", "pk")


def card_households_in(member: AssociationMember, month: datetime.date) -> list[Household]:
    """The households on the member's card at some time in the month (for that month's feedback)."""
    served = ContactAssignment.objects.filter(member=member, household=OuterRef("pk")).filter(
        Q(served_until__isnull=True) | Q(served_until__gte=month), served_from__lte=month_end(month))
    return list(Household.objects.filter(Exists(served)).annotate(head_name=household_head_name())
                .order_by("number"))


def feedback_for(user: User) -> QuerySet[MonthlyFeedback]:
    return own_only(scoped(MonthlyFeedback.objects.all(), user, **VIA_MEMBER), user)


def feedback_for_user(user: User, pk: int) -> MonthlyFeedback:
    return get_object_or_404(feedback_for(user).select_related("member__village", "member__group", "submitted_by")
                             .prefetch_related("notes__household"), pk=pk)


def own_evaluations(member: AssociationMember) -> QuerySet[MemberEvaluation]:
    """A member's own year-end evaluations and awards, every year they were a member (one query)."""
    return member.evaluations.select_related("award").order_by("-year")


def feedback_of_member(member: AssociationMember, year: int) -> dict[datetime.date, MonthlyFeedback]:
    rows = member.feedback.filter(month__year=year)
    return {row.month: row for row in rows}


def may_read_feedback_text(user: User, member: AssociationMember) -> bool:
    """What members write about households may touch on health: its author, the village's specialist and
    the town office read it; the leadership reads the counts."""
    return member.pk in feedback_text_readable(user, [member])


def feedback_text_readable(user: User, members: Iterable[AssociationMember]) -> set[int]:
    """The members, among these, whose feedback text the user may read (one query at most, however many)."""
    members = list(members)
    villages = sensitive_villages(user, {member.village_id for member in members})
    return {member.pk for member in members
            if (member.user_id is not None and member.user_id == user.pk) or member.village_id in villages}


def feedback_month(user: User, village_id: int, month: datetime.date) -> list[tuple[AssociationMember, object]]:
    """Every member on the village's roll at the month's end, with their report for the month or None (2 queries)."""
    members = list(members_for(user).filter(village_id=village_id).current(month_end(month))
                   .select_related("group").order_by("group__number", "name"))
    reports = {f.member_id: f for f in MonthlyFeedback.objects.filter(member__in=members, month=month)}
    return [(member, reports.get(member.pk)) for member in members]


def meetings_for(user: User) -> QuerySet[Meeting]:
    meetings = scoped(Meeting.objects.all(), user, village="village")
    if is_association_member(user):
        meetings = meetings.filter(attendance__member__user=user)
    return meetings


def meeting_list(user: User, *, village: int | None = None, year: int | None = None) -> QuerySet[Meeting]:
    meetings = meetings_for(user).select_related("village").annotate(
        present=Count("attendance", filter=Q(attendance__status=MeetingAttendance.Status.PRESENT)),
        apologies=Count("attendance", filter=Q(attendance__status=MeetingAttendance.Status.APOLOGIES)),
        absent=Count("attendance", filter=Q(attendance__status=MeetingAttendance.Status.ABSENT)),
    ).order_by("-held_on", "pk")
    if village:
        meetings = meetings.filter(village_id=village)
    if year:
        meetings = meetings.filter(held_on__year=year)
    return meetings


def meeting_for_user(user: User, pk: int) -> Meeting:
    return get_object_or_404(meetings_for(user).select_related("village", "recorded_by").prefetch_related(
        Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("member__group"))), pk=pk)


def evaluations_for(user: User) -> QuerySet[MemberEvaluation]:
    return own_only(scoped(MemberEvaluation.objects.all(), user, **VIA_MEMBER), user)


def evaluation_for_user(user: User, pk: int) -> MemberEvaluation:
    return get_object_or_404(evaluations_for(user).select_related("member__village", "award")
                             .prefetch_related("scores__criterion"), pk=pk)


def members_to_evaluate(user: User, village_id: int, year: int) -> list[tuple[AssociationMember, object]]:
    """Members on the roll at some time in the year, each with their evaluation or None (2 queries)."""
    members = list(members_for(user).filter(village_id=village_id, joined_on__lte=datetime.date(year, 12, 31))
                   .exclude(left_on__lt=datetime.date(year, 1, 1)).select_related("group")
                   .order_by("group__number", "name"))
    evaluations = {e.member_id: e for e in MemberEvaluation.objects.filter(member__in=members, year=year)
                   .select_related("award")}
    return [(member, evaluations.get(member.pk)) for member in members]


def default_year(town_id: int | None, today: datetime.date | None = None) -> int:
    """The year the association's pages open on when none is asked for: the town's working year, else the
    latest year with monthly feedback in the town, or this year when there is none. The one place that chooses it."""
    today = today or timezone.localdate()
    if town_id is None:
        return today.year
    working = Town.objects.filter(pk=town_id).values_list("working_year", flat=True).first()
    if working:
        return working
    latest = (MonthlyFeedback.objects.filter(member__village__town_id=town_id)
              .aggregate(latest=Max("month"))["latest"])
    return min(latest.year, today.year) if latest else today.year


def data_years(town_id: int | None, today: datetime.date | None = None,
               member: AssociationMember | None = None) -> list[int]:
    """The years that have data, newest first: from the earliest joining or report (the town's, or one
    member's) to this year (one query)."""
    today = today or timezone.localdate()
    if member is not None:
        members = AssociationMember.objects.filter(pk=member.pk)
    elif town_id is not None:
        members = AssociationMember.objects.filter(village__town_id=town_id)
    else:
        return [today.year]
    first = members.aggregate(joined=Min("joined_on"), reported=Min("feedback__month"))
    days = [day for day in first.values() if day is not None]
    start = min(min(days).year, today.year) if days else today.year
    return list(range(today.year, start - 1, -1))
