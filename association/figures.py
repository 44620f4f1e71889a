"""The association's figures: members on the roll, households with a contact member, monthly feedback on time.

Members count from `joined_on` until `left_on`; a household is covered on a day when a contact card
line serves it that day (`served_from`, `served_until`); households are those registered that day. So
a past period's figures do not move when members join or households register later.
"""

from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models import AssociationMember, ContactAssignment, MonthlyFeedback
from association.queries import feedback_for, members_for, registered_on
from association.queries.figures import on_roll
from members.models import Household
from villages.catalogue import FLOW, Figure, in_unit, register, register_years
from villages.models import VillagerGroup
from villages.periods import Period, month_end
from villages.queries import groups_for, scoped

TOPIC = _("Family planning association")


def _members(town_id: int, period: Period):
    rows = (AssociationMember.objects.filter(village__town_id=town_id).current(period.ends_on)
            .values("village", "group").annotate(n=Count("pk")).order_by())
    return [(row["village"], row["group"], None, row["n"]) for row in rows]


def _groups_without_member(town_id: int, period: Period):
    on_roll = AssociationMember.objects.current(period.ends_on).filter(group=OuterRef("pk"))
    rows = (VillagerGroup.objects.filter(village__town_id=town_id).exclude(Exists(on_roll))
            .values_list("village", "pk"))
    return [(village, group, None, 1) for village, group in rows]


def _households(covered: bool):
    def compute(town_id: int, period: Period):
        day = period.ends_on
        households = Household.objects.filter(registered_on(day), town_id=town_id)
        if covered:
            households = households.filter(Exists(ContactAssignment.objects.serving_on(day)
                                                  .filter(household=OuterRef("pk"))))
        rows = households.values("village", "group").annotate(n=Count("pk")).order_by()
        return [(row["village"], row["group"], None, row["n"]) for row in rows]
    return compute


def _due_months(period: Period) -> list:
    """The months of the period whose reports were due by today (a month not yet due expects nothing yet)."""
    today = timezone.localdate()
    return [month.starts_on for month in period.months() if month_end(month.starts_on) < today]


def _feedback_expected(town_id: int, period: Period):
    months = _due_months(period)
    if not months:
        return []
    rows = (AssociationMember.objects.filter(village__town_id=town_id).values("village", "group").annotate(**{
        f"m{index}": Count("pk", filter=on_roll(month_end(month))) for index, month in enumerate(months)}).order_by())
    return [(row["village"], row["group"], None, sum(row[f"m{i}"] for i in range(len(months)))) for row in rows]


def _feedback_on_time(town_id: int, period: Period):
    months = _due_months(period)
    rows = (MonthlyFeedback.objects.filter(member__village__town_id=town_id, month__in=months,
                                           submitted_on__lte=F("due_on"))
            .values("member__village", "member__group").annotate(n=Count("pk")).order_by())
    return [(row["member__village"], row["member__group"], None, row["n"]) for row in rows]


def _member_records(user, period: Period, level: str, unit: int | None):
    return in_unit(members_for(user).current(period.ends_on).select_related("village", "group")
                    .order_by("village__code", "group__number", "name"), level, unit)


def _uncovered_records(user, period: Period, level: str, unit: int | None):
    day = period.ends_on
    served = ContactAssignment.objects.serving_on(day).filter(household=OuterRef("pk"))
    households = scoped(Household.objects.filter(registered_on(day)), user, village="village", group="group")
    return in_unit(households.exclude(Exists(served)).select_related("village", "group")
                    .order_by("village__code", "number"), level, unit)


def _group_records(user, period: Period, level: str, unit: int | None):
    on_roll = AssociationMember.objects.current(period.ends_on).filter(group=OuterRef("pk"))
    return in_unit(groups_for(user).exclude(Exists(on_roll)).select_related("village"), level, unit, group="pk")


def _late_records(user, period: Period, level: str, unit: int | None):
    reports = feedback_for(user).filter(month__in=_due_months(period), submitted_on__gt=F("due_on"))
    return in_unit(reports.select_related("member__village").order_by("month", "member__name"), level, unit,
                    village="member__village", group="member__group")


register(Figure(
    code="association.members", name=_("Association members"), unit=_("people"), compute=_members,
    definition=_("Members of the village family planning associations on the roll on the period's last day: "
                 "joined on or before it and not left by then. Counted in the villager group they belong to now."),
    records=_member_records, topic=TOPIC,
))
register(Figure(
    code="association.groups_without_member", name=_("Villager groups without a member"), unit=_("groups"),
    compute=_groups_without_member, about_people=False,
    definition=_("Villager groups with no association member on the roll on the period's last day."),
    records=_group_records, topic=TOPIC,
))
register(Figure(
    code="association.households", name=_("Households registered"), unit=_("households"),
    compute=_households(covered=False), about_people=False,
    definition=_("Households in the register on the period's last day: registered by then and not moved out or "
                 "dissolved before it. The base of the association's coverage."),
    topic=TOPIC,
))
register(Figure(
    code="association.households_covered", name=_("Households with a contact member"), unit=_("households"),
    compute=_households(covered=True), about_people=False,
    definition=_("Households in the register on the period's last day that a member's contact card served that "
                 "day."),
    topic=TOPIC,
))
register(Figure(
    code="association.coverage", name=_("Household coverage"), unit="%", numerator="association.households_covered",
    denominator="association.households", decimals=1, about_people=False,
    definition=_("Households with a contact member, out of the households registered, on the period's last day."),
    records=_uncovered_records, topic=TOPIC,
))
register(Figure(
    code="association.feedback_expected", name=_("Monthly reports due"), unit=_("reports"),
    compute=_feedback_expected, kind=FLOW, about_people=False,
    definition=_("For each month of the period whose reports have fallen due, the members on the roll at the "
                 "month's end: one report each."),
    topic=TOPIC,
))
register(Figure(
    code="association.feedback_on_time", name=_("Monthly reports on time"), unit=_("reports"),
    compute=_feedback_on_time, kind=FLOW, about_people=False,
    definition=_("Monthly reports of the period's due months received by their due day."),
    topic=TOPIC,
))
register(Figure(
    code="association.feedback_on_time_rate", name=_("Feedback on time"), unit="%", kind=FLOW,
    numerator="association.feedback_on_time", denominator="association.feedback_expected", decimals=1,
    about_people=False,
    definition=_("Monthly reports received by their due day, out of the reports due, over the period's due months."),
    records=_late_records, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    return set(MonthlyFeedback.objects.filter(member__village__town_id=town_id)
               .values_list("month__year", flat=True).distinct())
