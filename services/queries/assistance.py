"""Assistance a user may see: a year's totals by kind, the records (household by household only for those who see
people: the town office and the village's specialist — a family's hardship is personal), the projects with
their households and what became of them in the registry, a household's help."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404

from members.models import Household, Person
from members.models.codes import HEAD_RELATIONS
from members.queries import household_for_user
from services.models import Assistance, AssistanceProject
from services.models.assistance import MONEY_KINDS, AssistanceKind
from services.queries.scope import in_scope, writable_villages
from villages.roles import may_see_people

ZERO = Decimal("0.00")


def head_name() -> Subquery:
    return Subquery(Person.objects.filter(household=OuterRef("household"), relation__in=HEAD_RELATIONS)
                    .order_by("status", "pk").values("name")[:1])


def assistance_for(user) -> QuerySet[Assistance]:
    return in_scope(Assistance.objects.select_related("town", "village", "household", "project", "fundraising"), user)


def records_for(user) -> QuerySet[Assistance]:
    """The records household by household: none for those who read totals only (the leadership)."""
    if not may_see_people(user):
        return Assistance.objects.none()
    return assistance_for(user)


def record_for_user(user, pk: int) -> Assistance:
    try:
        return records_for(user).get(pk=pk)
    except Assistance.DoesNotExist:
        raise Http404 from None


def projects_for(user) -> QuerySet[AssistanceProject]:
    return in_scope(AssistanceProject.objects.select_related("town", "village"), user)


def project_for_user(user, pk: int) -> AssistanceProject:
    try:
        return projects_for(user).get(pk=pk)
    except AssistanceProject.DoesNotExist:
        raise Http404 from None


def _of_year(rows: QuerySet, year: int) -> QuerySet:
    """Records in force during the year: given in it (money), or running some day of it (pairings, projects)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return rows.filter(voided_on__isnull=True, given_on__lte=end).filter(
        Q(given_on__gte=start) | Q(until__isnull=True, kind__in=[AssistanceKind.PAIRING, AssistanceKind.PROJECT])
        | Q(until__gte=start))


def records_of_year(user, year: int) -> QuerySet[Assistance]:
    return _of_year(records_for(user), year).annotate(head=head_name(), children_count=Count("children")).order_by(
        "-given_on", "-pk")


def kind_totals(user, year: int) -> list[dict]:
    """Per kind: families helped, records, amount (money kinds) and children kept in school (school fees) in the
    year (two queries), every kind listed."""
    rows = (_of_year(assistance_for(user), year).order_by().values("kind")
            .annotate(families=Count("household", distinct=True), records=Count("pk"), amount=Sum("amount")))
    found = {row["kind"]: row for row in rows}
    children = (_of_year(assistance_for(user), year).filter(kind=AssistanceKind.SCHOOL_FEES)
                .aggregate(n=Count("children", distinct=True))["n"])
    return [{"kind": label, "code": code, "families": found.get(code, {}).get("families", 0),
             "records": found.get(code, {}).get("records", 0),
             "amount": (found.get(code, {}).get("amount") or ZERO) if code in MONEY_KINDS else None,
             "children": children if code == AssistanceKind.SCHOOL_FEES else None}
            for code, label in AssistanceKind.choices]


def project_list(user) -> QuerySet[AssistanceProject]:
    """Projects with their households taking part and those out of poverty since they joined (one query)."""
    taking_part = Q(participants__voided_on__isnull=True)
    lifted = taking_part & Q(participants__household__poverty=Household.Poverty.LIFTED,
                             participants__household__poverty_since__gte=F("participants__given_on"))
    return projects_for(user).annotate(households=Count("participants__household", filter=taking_part, distinct=True),
                                       lifted=Count("participants__household", filter=lifted, distinct=True)
                                       ).order_by("village__code", "-started_on", "pk")


@dataclass
class ProjectPage:
    project: AssistanceProject
    rows: list  # the participations (with head and household), for those who see people; else []
    households: int
    lifted: int  # households out of poverty in the registry since the day they joined
    history_rows: list


def project_page(user, pk: int) -> ProjectPage:
    project = project_for_user(user, pk)
    participants = list(project.participants.filter(voided_on__isnull=True).select_related("household")
                        .annotate(head=head_name()).order_by("household__number", "given_on", "pk"))
    for row in participants:
        poverty = row.household.poverty
        row.lifted_here = (poverty == Household.Poverty.LIFTED and row.household.poverty_since is not None
                           and row.household.poverty_since >= row.given_on)
    lifted = {row.household_id for row in participants if row.lifted_here}
    return ProjectPage(project=project, rows=participants if may_see_people(user) else [],
                       households=len({row.household_id for row in participants}), lifted=len(lifted),
                       history_rows=list(project.history.select_related("history_user")
                                         .order_by("-history_date")[:50]))


def household_page(user, pk: int) -> tuple[Household, list[Assistance]]:
    """A household the user sees person by person (404 otherwise) with all its assistance, voided too."""
    if not may_see_people(user):
        raise Http404
    household = household_for_user(user, pk)
    rows = list(records_for(user).filter(household=household).prefetch_related(
        Prefetch("children", queryset=Person.objects.order_by("birth_date", "pk"))).order_by("-given_on", "-pk"))
    return household, rows


def household_by_number(user, number: str) -> Household | None:
    """The household with this number in a village the user writes for (None if there is none)."""
    return (Household.objects.filter(village__in=writable_villages(user), number=number.strip())
            .select_related("village__town").first())


def paid_from(drive) -> dict:
    """What the assistance records say a fundraising drive paid for: families, children named and the amount
    (voided records left out; two queries, so that the children's join does not repeat the amounts)."""
    rows = Assistance.objects.filter(fundraising=drive, voided_on__isnull=True)
    found = rows.aggregate(families=Count("household", distinct=True), amount=Sum("amount"))
    return found | rows.aggregate(children=Count("children", distinct=True))
