"""Honours a user may see: a year's model families by category, the town's "Top Ten Village Cadres" appraisals with
their criteria and results (a specialist sees their village's results), and the Ping'an Village creation of every
village in the user's scope for a year. Honours are announced, but a family's names are shown in full to those who
see records person by person only (the town office, the specialists); the leadership reads them masked."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from members.models import Person
from members.models.codes import HEAD_RELATIONS
from services.models import AppraisalResult, CadreAppraisal, ModelFamily, PingAnVillage
from services.models.honours import FamilyCategory
from services.queries.scope import in_scope, reader_town, reader_villages
from villages.privacy import mask_name
from villages.roles import may_see_people


def families_for(user) -> QuerySet[ModelFamily]:
    return in_scope(ModelFamily.objects.select_related("town", "village", "household", "person"), user)


def family_for_user(user, pk: int) -> ModelFamily:
    try:
        return families_for(user).get(pk=pk)
    except ModelFamily.DoesNotExist:
        raise Http404 from None


def results_for(user) -> QuerySet[AppraisalResult]:
    return in_scope(AppraisalResult.objects.select_related(
        "appraisal__town", "village", "appointment__position", "honour", "withdrawal"), user,
        town="appraisal__town")


def result_for_user(user, pk: int) -> AppraisalResult:
    try:
        return results_for(user).get(pk=pk)
    except AppraisalResult.DoesNotExist:
        raise Http404 from None


def appraisals_for(user) -> QuerySet[CadreAppraisal]:
    """The town's appraisals, for everyone who reads the town's services (each sees the results in scope)."""
    town = reader_town(user) if user.is_authenticated else None
    if town is None:
        return CadreAppraisal.objects.none()
    return CadreAppraisal.objects.filter(town=town).select_related("town")


def appraisal_for_user(user, pk: int) -> CadreAppraisal:
    try:
        return appraisals_for(user).get(pk=pk)
    except CadreAppraisal.DoesNotExist:
        raise Http404 from None


def appraisal_page(user, pk: int) -> CadreAppraisal:
    """An appraisal with its criteria and the results the user may see, ranked (three queries)."""
    results = Prefetch("results", queryset=results_for(user).order_by("rank", "-score", "pk"), to_attr="result_rows")
    try:
        return appraisals_for(user).prefetch_related("criteria", results).get(pk=pk)
    except CadreAppraisal.DoesNotExist:
        raise Http404 from None


def creations_for(user) -> QuerySet[PingAnVillage]:
    return in_scope(PingAnVillage.objects.select_related("town", "village"), user)


def creation_for_user(user, pk: int) -> PingAnVillage:
    try:
        return creations_for(user).get(pk=pk)
    except PingAnVillage.DoesNotExist:
        raise Http404 from None


@dataclass
class FamilyRow:
    selection: ModelFamily
    household_name: str  # the head's name (masked for those who do not see people)
    person_name: str


def family_name(name: str, user) -> str:
    return name if may_see_people(user) else mask_name(name)


def families_by_category(user, year: int) -> list[dict]:
    """Per category (every one listed): the year's selections with the names the user may read (two queries)."""
    rows = list(families_for(user).filter(year=year).order_by("village__code", "household__number", "pk"))
    heads = dict(Person.objects.filter(household__in={row.household_id for row in rows}, relation__in=HEAD_RELATIONS)
                 .order_by("household", "-status", "pk").values_list("household", "name"))
    found: dict[str, list] = {}
    for row in rows:
        found.setdefault(row.category, []).append(FamilyRow(
            selection=row, household_name=family_name(heads.get(row.household_id, row.household.number), user),
            person_name=family_name(row.person.name, user) if row.person else ""))
    return [{"category": label, "code": code, "rows": found.get(code, []),
             "current": sum(1 for line in found.get(code, []) if line.selection.withdrawn_on is None)}
            for code, label in FamilyCategory.choices]


def appraisals_of_year(user, year: int) -> QuerySet[CadreAppraisal]:
    return appraisals_for(user).filter(year=year)


def pingan_rows(user, year: int) -> list[dict]:
    """Every village in the user's scope with its creation of the year, or none (two queries)."""
    creations = {c.village_id: c for c in creations_for(user).filter(year=year)}
    return [{"village": village, "creation": creations.get(village.pk)} for village in reader_villages(user)]
