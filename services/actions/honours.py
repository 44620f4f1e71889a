"""Honours: select a model family and withdraw the title; set up the "Top Ten Village Cadres" appraisal, its
criteria and candidates, decide it (each award an honour in the rewards and sanctions ledger) and withdraw an
award (the ledger's withdrawal); a village's Ping'an Village application, its decision and a revocation.
Nothing is deleted: a title is withdrawn or revoked on a day, with a reason.

The ledger belongs to the assessments app, which stands above this one: it hands its two writes to `use_ledger`
when the apps are ready, and the appraisal's actions call them through `LEDGER`."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Household, Person
from services.actions import not_future, require_open_dates, require_writer
from services.models import AppraisalCriterion, AppraisalResult, CadreAppraisal, ModelFamily, PingAnVillage
from villages.locking import claim, lock
from villages.models import Appointment, Town, User, Village
from villages.roles import require_town_office

FAMILY_FIELDS = {"category", "person", "reason", "announced_on"}
HONOUR = "honour"  # the ledger's kind of entry for an honour
LEDGER: dict = {}


def use_ledger(*, record, withdraw) -> None:
    """The ledger's writes: `record` (assessments' record_ledger_entry) and `withdraw` (its withdraw_honour)."""
    LEDGER.update(record=record, withdraw=withdraw)


def _in_year(day: datetime.date | None, year: int, field: str) -> None:
    if day is not None and year and not year <= day.year <= year + 1:
        raise ValidationError({field: _("The date falls outside the year %(year)s and the one after it.")
                               % {"year": year}})


# --- Model families ------------------------------------------------------------------------------------

def _check_family(selection: ModelFamily) -> None:
    not_future(selection.announced_on, "announced_on")
    _in_year(selection.announced_on, selection.year, "announced_on")
    if selection.household.village_id != selection.village_id:
        raise ValidationError({"household": _("This household lives in another village.")})
    if selection.person is not None and selection.person.household_id != selection.household_id:
        raise ValidationError({"person": _("This person is not of the household chosen.")})
    others = ModelFamily.objects.filter(household=selection.household, category=selection.category,
                                        year=selection.year).exclude(pk=selection.pk)
    if others.exists():
        raise ValidationError({"category": _("This family was selected in this category this year already.")})
    selection.full_clean(validate_constraints=False)


@transaction.atomic
def select_model_family(*, town: Town, village: Village, year: int, category: str, household: Household,
                        reason: str, announced_on: datetime.date, by: User | None, person: Person | None = None,
                        correction_reason: str = "") -> ModelFamily:
    """A family selected in the year's model-family selection (a village's specialist proposes for the village)."""
    require_writer(by, town, village)
    selection = ModelFamily(town=town, village=village, year=year, category=category, household=household,
                            person=person, reason=reason.strip(), announced_on=announced_on)
    _check_family(selection)
    selection._history_user = by
    selection.save()
    require_open_dates(town=town, dates=[announced_on], reason=correction_reason, by=by, record=selection,
                       village=village, what=_("model family %(number)s") % {"number": household.number})
    return selection


@transaction.atomic
def update_model_family(*, selection: ModelFamily, version: int | None, by: User | None, correction_reason: str = "",
                        **fields) -> ModelFamily:
    require_writer(by, selection.town, selection.village)
    unknown = set(fields) - FAMILY_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(selection, version)
    if current.withdrawn_on is not None:
        raise ValidationError({"__all__": _("This title has been withdrawn.")})
    before = current.announced_on
    for field, value in fields.items():
        setattr(current, field, value)
    _check_family(current)
    require_open_dates(town=current.town, dates=[before, current.announced_on], reason=correction_reason, by=by,
                       record=current, village=current.village,
                       what=_("model family %(number)s") % {"number": current.household.number})
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def withdraw_model_family(*, selection: ModelFamily, withdrawn_on: datetime.date, reason: str, version: int | None,
                          by: User | None, correction_reason: str = "") -> ModelFamily:
    """The title withdrawn from the family on a day, with the reason: the town office decides."""
    require_town_office(by, selection.town_id)
    current = claim(selection, version)
    if current.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This title has been withdrawn already.")})
    not_future(withdrawn_on, "withdrawn_on")
    if withdrawn_on < current.announced_on:
        raise ValidationError({"withdrawn_on": _("A title is withdrawn on or after the day it was announced "
                                                 "(%(date)s).") % {"date": current.announced_on.isoformat()}})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    require_open_dates(town=current.town, dates=[withdrawn_on], reason=correction_reason, by=by, record=current,
                       village=current.village,
                       what=_("model family %(number)s") % {"number": current.household.number})
    current.withdrawn_on, current.withdrawal_reason = withdrawn_on, reason.strip()
    current.full_clean()
    current._history_user = by
    current.save()
    return current


# --- The "Top Ten Village Cadres" appraisal ------------------------------------------------------------

@transaction.atomic
def set_up_appraisal(*, town: Town, year: int, title: str, by: User | None, places: int = 10,
                     award_amount: Decimal | None = None, criteria: tuple = ()) -> CadreAppraisal:
    """The year's appraisal with its criteria: (name, points, self_government) each."""
    require_town_office(by, town.pk)
    if CadreAppraisal.objects.filter(town=town, year=year).exists():
        raise ValidationError({"year": _("The town has an appraisal for this year already.")})
    if places < 1:  # the constraint cadre_appraisal_awards_someone, which full_clean leaves to the database
        raise ValidationError({"places": MinValueValidator(1).message % {"limit_value": 1}})
    appraisal = CadreAppraisal(town=town, year=year, title=title.strip(), places=places, award_amount=award_amount)
    appraisal.full_clean(validate_constraints=False)
    appraisal._history_user = by
    appraisal.save()
    for name, points, self_government in criteria:
        add_criterion(appraisal=appraisal, name=name, points=points, self_government=self_government, by=by)
    return appraisal


def _require_undecided(appraisal: CadreAppraisal) -> None:
    if appraisal.decided_on is not None:
        raise ValidationError({"__all__": _("The appraisal has been decided: its criteria and candidates stay as "
                                            "they were.")})


@transaction.atomic
def add_criterion(*, appraisal: CadreAppraisal, name: str, points: int, by: User | None,
                  self_government: bool = False) -> AppraisalCriterion:
    require_town_office(by, appraisal.town_id)
    appraisal = lock(appraisal)
    _require_undecided(appraisal)
    if appraisal.criteria.filter(name=name.strip()).exists():
        raise ValidationError({"name": _("The appraisal has this criterion already.")})
    criterion = AppraisalCriterion(appraisal=appraisal, name=name.strip(), points=points,
                                   self_government=self_government)
    criterion.full_clean(validate_constraints=False)
    criterion._history_user = by
    criterion.save()
    return criterion


@transaction.atomic
def add_candidate(*, appraisal: CadreAppraisal, appointment: Appointment, score: Decimal,
                  by: User | None) -> AppraisalResult:
    """A cadre put forward with the score the appraisal gave; a village's specialist proposes their village's."""
    village = appointment.position.village
    require_writer(by, appraisal.town, village)
    appraisal = lock(appraisal)
    _require_undecided(appraisal)
    if village.town_id != appraisal.town_id:
        raise ValidationError({"appointment": _("This cadre serves in another town.")})
    if appraisal.results.filter(appointment=appointment).exists():
        raise ValidationError({"appointment": _("This cadre is a candidate already.")})
    if score is not None and score < 0:
        raise ValidationError({"score": _("A score cannot be negative.")})
    result = AppraisalResult(appraisal=appraisal, village=village, appointment=appointment, score=score)
    result.full_clean(validate_constraints=False)
    result._history_user = by
    result.save()
    return result


def _linked_honour(result: AppraisalResult, honour):
    if (honour.kind != HONOUR or honour.appointment_id != result.appointment_id
            or AppraisalResult.objects.filter(honour=honour).exists()):
        raise ValidationError({"honours": _("%(name)s: this ledger entry is not an unlinked honour of the cadre.")
                               % {"name": result.appointment.holder_name}})
    return honour


@transaction.atomic
def decide_appraisal(*, appraisal: CadreAppraisal, decided_on: datetime.date, decided_by: str, version: int | None,
                     by: User | None, honours: dict | None = None, correction_reason: str = "") -> CadreAppraisal:
    """Rank the candidates by score and award the first `places`: each award an honour recorded in the ledger.
    `honours` (appointment id → ledger entry) links honours the ledger holds already instead of recording them
    again; a withdrawal of such an honour is linked too."""
    require_town_office(by, appraisal.town_id)
    current = claim(appraisal, version)
    _require_undecided(current)
    not_future(decided_on, "decided_on")
    _in_year(decided_on, current.year, "decided_on")
    if not decided_by.strip():
        raise ValidationError({"decided_by": _("Name the body that decided.")})
    results = list(current.results.select_related("appointment__position__village").order_by("-score", "pk"))
    if not results:
        raise ValidationError({"__all__": _("The appraisal has no candidates.")})
    require_open_dates(town=current.town, dates=[decided_on], reason=correction_reason, by=by, record=current,
                       what=_("appraisal %(title)s") % {"title": current.title})
    honours = honours or {}
    for rank, result in enumerate(results, start=1):
        result.rank, result.awarded = rank, rank <= current.places
        if result.awarded:
            given = honours.get(result.appointment_id)
            if given is not None:
                result.honour = _linked_honour(result, given)
                result.withdrawal = type(given).objects.filter(withdraws=given).first()
            else:
                result.honour = LEDGER["record"](
                    village=result.village, kind=HONOUR, appointment=result.appointment,
                    title=_("%(year)s “%(title)s”") % {"year": current.year, "title": current.title},
                    reason=_("Ranked %(rank)d with %(score)s points in the appraisal.")
                    % {"rank": rank, "score": result.score},
                    decision=_("Awarded the title “%(title)s” with a certificate.") % {"title": current.title},
                    decided_on=decided_on, decided_by=decided_by, recorded_by=by, amount=current.award_amount)
        result.version += 1
        result._history_user = by
        result.save()
    current.decided_on, current.decided_by = decided_on, decided_by.strip()
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def withdraw_award(*, result: AppraisalResult, reason: str, decision: str, decided_on: datetime.date,
                   decided_by: str, version: int | None, by: User | None, certificate_recovered: bool = True,
                   amount_recovered: Decimal | None = None, notify_town: bool = False,
                   correction_reason: str = "") -> AppraisalResult:
    """Withdraw a cadre's award: the ledger records the withdrawal (certificate and bonus recovered, a town-wide
    notice if decided), and the result links to it."""
    require_town_office(by, result.appraisal.town_id)
    current = claim(result, version)
    if current.honour_id is None:
        raise ValidationError({"__all__": _("Only an award can be withdrawn.")})
    if current.withdrawal_id is not None:
        raise ValidationError({"__all__": _("This award has been withdrawn already.")})
    not_future(decided_on, "decided_on")
    if decided_on < current.honour.decided_on:
        raise ValidationError({"decided_on": _("An award is withdrawn after it was given (%(date)s).")
                               % {"date": current.honour.decided_on.isoformat()}})
    for field, text in (("reason", reason), ("decision", decision), ("decided_by", decided_by)):
        if not text.strip():
            raise ValidationError({field: _("This field cannot be blank.")})
    require_open_dates(town=current.appraisal.town, dates=[decided_on], reason=correction_reason, by=by,
                       record=current, village=current.village,
                       what=_("award of %(name)s") % {"name": current.appointment.holder_name})
    current.withdrawal = LEDGER["withdraw"](
        honour=current.honour, reason=reason, decision=decision, decided_on=decided_on, decided_by=decided_by,
        recorded_by=by, certificate_recovered=certificate_recovered, amount_recovered=amount_recovered,
        notify_town=notify_town)
    current._history_user = by
    current.save()
    return current


# --- Ping'an Village creation ----------------------------------------------------------------------------

@transaction.atomic
def apply_pingan(*, town: Town, village: Village, year: int, applied_on: datetime.date, by: User | None,
                 note: str = "", correction_reason: str = "") -> PingAnVillage:
    """The village applies to be created a Ping'an Village in the year (its specialist or the town office)."""
    require_writer(by, town, village)
    not_future(applied_on, "applied_on")
    _in_year(applied_on, year, "applied_on")
    if PingAnVillage.objects.filter(village=village, year=year).exists():
        raise ValidationError({"year": _("The village has applied for this year already.")})
    creation = PingAnVillage(town=town, village=village, year=year, applied_on=applied_on, note=note.strip())
    creation.full_clean(validate_constraints=False)
    creation._history_user = by
    creation.save()
    require_open_dates(town=town, dates=[applied_on], reason=correction_reason, by=by, record=creation,
                       village=village, what=_("Ping'an Village creation of %(village)s") % {"village": village.name})
    return creation


@transaction.atomic
def decide_pingan(*, creation: PingAnVillage, passed: bool, decided_on: datetime.date, version: int | None,
                  by: User | None, note: str = "", correction_reason: str = "") -> PingAnVillage:
    """The town's decision on an application: accepted and awarded, or not passed."""
    require_town_office(by, creation.town_id)
    current = claim(creation, version)
    if current.state != PingAnVillage.State.APPLYING:
        raise ValidationError({"__all__": _("This application has been decided already.")})
    not_future(decided_on, "decided_on")
    if decided_on < current.applied_on:
        raise ValidationError({"decided_on": _("A decision comes on or after the application (%(date)s).")
                               % {"date": current.applied_on.isoformat()}})
    require_open_dates(town=current.town, dates=[decided_on], reason=correction_reason, by=by, record=current,
                       village=current.village,
                       what=_("Ping'an Village creation of %(village)s") % {"village": current.village.name})
    current.state = PingAnVillage.State.AWARDED if passed else PingAnVillage.State.NOT_PASSED
    current.decided_on = decided_on
    current.note = note.strip() or current.note
    current.full_clean()
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def revoke_pingan(*, creation: PingAnVillage, revoked_on: datetime.date, reason: str, version: int | None,
                  by: User | None, correction_reason: str = "") -> PingAnVillage:
    require_town_office(by, creation.town_id)
    current = claim(creation, version)
    if current.state != PingAnVillage.State.AWARDED:
        raise ValidationError({"__all__": _("Only an awarded title can be revoked.")})
    not_future(revoked_on, "revoked_on")
    if revoked_on < current.decided_on:
        raise ValidationError({"revoked_on": _("A title is revoked on or after the day it was awarded (%(date)s).")
                               % {"date": current.decided_on.isoformat()}})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    require_open_dates(town=current.town, dates=[revoked_on], reason=correction_reason, by=by, record=current,
                       village=current.village,
                       what=_("Ping'an Village creation of %(village)s") % {"village": current.village.name})
    current.state, current.revoked_on, current.note = PingAnVillage.State.REVOKED, revoked_on, reason.strip()
    current.full_clean()
    current._history_user = by
    current.save()
    return current
