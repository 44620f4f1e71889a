"""The demo town's honours of the demo year.

From the town's report: the town "continues the selection of 'good mother-in-law, good daughter-in-law, family
planning model' in conjunction with the 'New Customs of Marriage and Childbearing into Ten Thousand Homes'
campaign", "creatively integrates villager self-government into the 'Top Ten Village Cadres' appraisal and the
creation of Ping'an Village", and "cancelled the 'Top Ten Village Cadres' qualification of the village party branch
secretary who concealed the villagers' illegal births, recovered the honorary certificate and the bonus".

- Model families: one good mother-in-law, one good daughter-in-law and one family planning model family in every
  village, announced on Women's Day of the demo year.
- "Top Ten Village Cadres": the appraisal of the year before, whose ten awards the rewards and sanctions ledger
  holds already (one of them, Shiqiao Village's party secretary's, withdrawn in the demo year), is recorded with
  its criteria and candidates and linked to those entries; the demo year's appraisal, villager self-government
  among its criteria, puts forward the party secretaries of the sixteen villages designated demonstration or
  qualified villages and awards ten at the year end, each award recorded in the ledger.
- Ping'an Village: every village but seven applied in March; the five villages investigated for illegal births
  did not pass, the others were awarded the title in December.

Deterministic and idempotent (a town with model families keeps its honours); runs after the assessments' ledger.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from assessments.models import LedgerEntry
from demo.dating import aware, date_history, day_of
from demo.scoring.records import DEMONSTRATION, INVESTIGATED, QUALIFIED, TOP_TEN, TOWN
from demo.town import DEMO_YEAR, current_profile
from members.models import MaritalStatus, Person
from services.actions import honours as actions
from services.models import AppraisalCriterion, AppraisalResult, CadreAppraisal, ModelFamily, PingAnVillage
from villages.models import Appointment, Position, Town, User

Category = ModelFamily.Category
ANNOUNCED = datetime.date(DEMO_YEAR, 3, 8)
APPLIED = datetime.date(DEMO_YEAR, 3, 15)
PINGAN_DECIDED = datetime.date(DEMO_YEAR, 12, 26)
NOT_APPLIED = {7, 14, 21, 28, 33, 36, 40}  # village positions (by code) that did not apply for Ping'an Village
CRITERIA = [
    ("计划生育目标责任完成情况", 30, False),
    ("村民自治工作（村规民约、村务公开、民主管理）", 30, True),
    ("计生协会工作及群众满意度", 20, False),
    ("廉洁自律、遵纪守法", 20, False),
]
# The candidates' scores, best first (the first ten awarded).
SCORES = [Decimal(score) for score in ("96.5", "95", "94.5", "93", "92.5", "91", "90", "89.5", "88", "87.5",
                                       "86", "85.5", "84", "83", "82.5", "81")]
REASONS = {
    Category.GOOD_MOTHER_IN_LAW: "关心儿媳，支持儿媳落实避孕节育措施，家庭和睦，邻里称道。",
    Category.GOOD_DAUGHTER_IN_LAW: "孝敬公婆，自觉实行计划生育，勤劳持家，带头参与协会活动。",
    Category.FAMILY_PLANNING_MODEL: "自觉落实计划生育政策，生育一孩后主动领取独生子女父母光荣证，热心宣传婚育新风。",
}


def build(town: Town) -> int:
    """Build the town's honours; returns the number of rows written (0 if they already exist)."""
    with translation.override("zh-hans"):
        return _build(town)


@transaction.atomic
def _build(town: Town) -> int:
    if ModelFamily.objects.filter(town=town).exists():
        return 0
    office = User.objects.get(username=current_profile().username("town-assessor"))
    villages = list(town.villages.order_by("code"))
    written = _families(town, villages)
    written += _appraisals(town, {v.name: v for v in villages}, office)
    written += _pingan(town, villages)
    date_history(ModelFamily, day_of("announced_on"), town=town)
    date_history(PingAnVillage, Coalesce(day_of("decided_on"), day_of("applied_on")), town=town)
    ours = LedgerEntry.objects.filter(appraisal_result__appraisal__town=town, decided_on__year=DEMO_YEAR)
    ours.update(recorded_at=day_of("decided_on"))
    LedgerEntry.history.filter(id__in=ours.values("pk")).update(history_date=day_of("decided_on"),
                                                                recorded_at=day_of("decided_on"))
    return written


def _families(town: Town, villages: list) -> int:
    """A woman of 55–75 for the good mother-in-law, a married woman of 25–45 of another household for the good
    daughter-in-law, and a third household for the family planning model, in every village (one query)."""
    women = (Person.objects.filter(town=town, sex="F", status=Person.Status.ACTIVE, household__status="active",
                                   birth_date__range=(datetime.date(DEMO_YEAR - 75, 1, 1),
                                                      datetime.date(DEMO_YEAR - 25, 1, 1)))
             .select_related("household").order_by("household__village__code", "household__number", "pk"))
    by_village: dict[int, list] = {}
    for woman in women:
        by_village.setdefault(woman.household.village_id, []).append(woman)
    rows = []
    for village in villages:
        people = by_village.get(village.pk, [])
        used: set[int] = set()
        elder = next((p for p in people if p.birth_date.year <= DEMO_YEAR - 55), None)
        young = next((p for p in people if p.birth_date.year >= DEMO_YEAR - 45 and p.household_id != getattr(
            elder, "household_id", None) and p.marital_status != MaritalStatus.SINGLE), None)
        for category, person in ((Category.GOOD_MOTHER_IN_LAW, elder), (Category.GOOD_DAUGHTER_IN_LAW, young)):
            if person is not None:
                used.add(person.household_id)
                rows.append(_family(town, village, category, person.household, person))
        model = next((p for p in reversed(people) if p.household_id not in used), None)
        if model is not None:
            rows.append(_family(town, village, Category.FAMILY_PLANNING_MODEL, model.household, None))
    return len(bulk_create_with_history(rows, ModelFamily, batch_size=500))


def _family(town, village, category, household, person) -> ModelFamily:
    return ModelFamily(town=town, village=village, year=DEMO_YEAR, category=category, household=household,
                       person=person, reason=REASONS[category], announced_on=ANNOUNCED)


def _secretaries(villages: list, day: datetime.date) -> dict[int, Appointment]:
    """Each village's party secretary on a day (one query)."""
    rows = (Appointment.objects.filter(position__village__in=villages, position__kind=Position.Kind.PARTY_SECRETARY,
                                       started_on__lte=day).select_related("position__village")
            .order_by("started_on", "pk"))
    return {a.position.village_id: a for a in rows if a.ended_on is None or a.ended_on >= day}


def _appraisals(town: Town, villages: dict, office: User) -> int:
    written = 0
    last_year = DEMO_YEAR - 1
    honours = {entry.appointment_id: entry for entry in LedgerEntry.objects.filter(
        village__town=town, kind=LedgerEntry.Kind.HONOUR, title__contains=TOP_TEN, decided_on__year=last_year)}
    day = datetime.date(last_year, 12, 30)
    secretaries = _secretaries(list(villages.values()), day)
    others = [a for a in secretaries.values() if a.pk not in honours and a.position.village.name not in INVESTIGATED]
    awarded = sorted((e.appointment for e in honours.values()), key=lambda a: a.position.village.code)
    candidates = list(zip(awarded + others[:6], SCORES, strict=False))
    written += _appraisal(town, last_year, candidates, day, office, honours)

    day = datetime.date(DEMO_YEAR, 12, 30)
    designated = [villages[name] for name in DEMONSTRATION + QUALIFIED]
    secretaries = _secretaries(designated, day)
    candidates = list(zip((secretaries[v.pk] for v in designated), SCORES, strict=True))
    written += _appraisal(town, DEMO_YEAR, candidates, day, office, {})
    return written


def _appraisal(town, year, candidates, day, office, honours) -> int:
    appraisal = actions.set_up_appraisal(town=town, year=year, title=TOP_TEN, by=office, award_amount=Decimal(1000),
                                         criteria=CRITERIA)
    for appointment, score in candidates:
        actions.add_candidate(appraisal=appraisal, appointment=appointment, score=score, by=office)
    actions.decide_appraisal(appraisal=appraisal, decided_on=day, decided_by=TOWN, version=None, by=office,
                             honours=honours)
    for model in (CadreAppraisal, AppraisalCriterion, AppraisalResult):
        lookup = {"id": appraisal.pk} if model is CadreAppraisal else {"appraisal_id": appraisal.pk}
        date_history(model, aware(day), **lookup)
    return 1 + len(CRITERIA) + len(candidates)


def _pingan(town: Town, villages: list) -> int:
    rows = []
    for position, village in enumerate(villages, start=1):
        if position in NOT_APPLIED:
            continue
        passed = village.name not in INVESTIGATED
        rows.append(PingAnVillage(
            town=town, village=village, year=DEMO_YEAR, applied_on=APPLIED, decided_on=PINGAN_DECIDED,
            state=PingAnVillage.State.AWARDED if passed else PingAnVillage.State.NOT_PASSED,
            note="" if passed else "本年度发生违法生育，未通过验收。"))
    return len(bulk_create_with_history(rows, PingAnVillage, batch_size=500))
