"""Every read of assessments data goes through the user's jurisdiction (villages.queries.scoped)."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from assessments.models import (
    Assessment,
    AssessmentEvent,
    Case,
    Deduction,
    ItemScore,
    LedgerEntry,
    RectificationFollowUp,
    ResponsibilityBook,
    Scheme,
    SupervisionVisit,
    VetoFinding,
)
from villages.models import Designation
from villages.queries import get_scoped_or_404, scoped, town_id_of, village_for_user, villages_for
from villages.roles import is_specialist, is_town_office, may_read_cases


def sees_drafts(user) -> bool:
    """Town office staff see every draft of their town; a specialist those of their own village."""
    return is_town_office(user) or is_specialist(user)


def schemes_for(user) -> QuerySet[Scheme]:
    """Schemes of the user's town: everyone in a town reads how its villages are assessed."""
    queryset = Scheme.objects.select_related("town")
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    town_id = town_id_of(user)
    return queryset.filter(town_id=town_id) if town_id else queryset.none()


def assessments_for(user) -> QuerySet[Assessment]:
    queryset = scoped(Assessment.objects.select_related("scheme", "village", "grade"), user)
    if not sees_drafts(user):
        queryset = queryset.filter(status=Assessment.Status.PUBLISHED)
    return queryset


def assessment_for_user(user, pk: int) -> Assessment:
    """One assessment with its items, deductions, vetoes and history; anything out of reach is a 404."""
    queryset = assessments_for(user).prefetch_related(
        Prefetch("item_scores", ItemScore.objects.select_related("item__block", "scored_by").prefetch_related(
            Prefetch("deductions", Deduction.objects.select_related("rule", "recorded_by")),
            "item__deduction_rules")),
        Prefetch("veto_findings", VetoFinding.objects.select_related("veto", "recorded_by")),
        Prefetch("events", AssessmentEvent.objects.select_related("actor", "item")),
        "scheme__vetoes",
    )
    if not sees_drafts(user):
        queryset = queryset.filter(status=Assessment.Status.PUBLISHED)
    return get_scoped_or_404(queryset, user, pk=pk)


def item_score_for_user(user, pk: int) -> ItemScore:
    queryset = ItemScore.objects.select_related("item", "assessment__scheme", "assessment__village")
    if not sees_drafts(user):
        queryset = queryset.filter(assessment__status=Assessment.Status.PUBLISHED)
    return get_scoped_or_404(queryset, user, village="assessment__village", pk=pk)


def deduction_for_user(user, pk: int) -> Deduction:
    queryset = Deduction.objects.select_related("item_score__item", "item_score__assessment")
    if not sees_drafts(user):
        queryset = queryset.filter(item_score__assessment__status=Assessment.Status.PUBLISHED)
    return get_scoped_or_404(queryset, user, village="item_score__assessment__village", pk=pk)


def ledger_for(user) -> QuerySet[LedgerEntry]:
    """The ledger names cadres by their post (an appointment), never an association member: a member reads
    none of it, no one's penalties (villages.roles.may_read_cases)."""
    if not may_read_cases(user):
        return LedgerEntry.objects.none()
    return scoped(LedgerEntry.objects.select_related("village", "appointment__position", "case", "assessment__scheme",
                                                     "withdraws", "recorded_by"), user)


def cases_for(user) -> QuerySet[Case]:
    """Cases against named cadres: not for association members."""
    if not may_read_cases(user):
        return Case.objects.none()
    return scoped(Case.objects.select_related("village", "appointment__position"), user)


def case_for_user(user, pk: int) -> Case:
    queryset = cases_for(user).prefetch_related(
        Prefetch("ledger_entries", LedgerEntry.objects.select_related("village")))
    return get_scoped_or_404(queryset, user, pk=pk)


def visits_for(user) -> QuerySet[SupervisionVisit]:
    return scoped(SupervisionVisit.objects.select_related("village", "recorded_by"), user)


def books_for(user) -> QuerySet[ResponsibilityBook]:
    return scoped(ResponsibilityBook.objects.select_related("village", "scheme"), user)


def book_for_user(user, pk: int) -> ResponsibilityBook:
    return get_scoped_or_404(books_for(user).prefetch_related("targets__item"), user, pk=pk)


def lagging_for(user) -> QuerySet[Designation]:
    return scoped(Designation.objects.filter(kind=Designation.Kind.LAGGING).select_related("village"), user)


def follow_ups_for(user, designation: Designation) -> QuerySet[RectificationFollowUp]:
    return scoped(RectificationFollowUp.objects.filter(designation=designation).select_related("recorded_by"),
                  user, village="designation__village")


def scheme_for_user(user, year: int, subject: str = Scheme.Subject.VILLAGE) -> Scheme:
    scheme = schemes_for(user).filter(year=year, subject=subject).prefetch_related("bands").first()
    if scheme is None:
        raise Http404
    return scheme


def latest_scheme_for(user, subject: str = Scheme.Subject.VILLAGE) -> Scheme | None:
    return schemes_for(user).filter(subject=subject).order_by("-year").first()


def period_board(user, scheme: Scheme, period: str) -> list[dict]:
    """One row per village in the user's reach: its assessment of the period, if any (published only for
    leadership and members). Three queries whatever the number of villages."""
    assessments = {a.village_id: a for a in assessments_for(user).filter(scheme=scheme, period=period)}
    return [{"village": village, "assessment": assessments.get(village.pk)}
            for village in villages_for(user).filter(town=scheme.town, is_active=True)]


def village_assessments(user, village_pk: int) -> tuple:
    village = village_for_user(user, village_pk)
    rows = assessments_for(user).filter(village=village).order_by("-scheme__year", "scheme__subject", "-period")
    return village, list(rows)
