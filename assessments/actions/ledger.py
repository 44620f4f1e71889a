"""The rewards and sanctions ledger, misconduct cases, supervision visits and responsibility books."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import (
    Assessment,
    Case,
    LedgerEntry,
    ResponsibilityBook,
    SupervisionVisit,
)
from villages.models import Appointment, Village
from villages.roles import require_town_office

Kind = LedgerEntry.Kind


def _check_cadre(village: Village, appointment: Appointment | None) -> None:
    if appointment is not None and appointment.position.village_id != village.pk:
        raise ValidationError({"appointment": _("This cadre serves in another village.")})


@transaction.atomic
def record_ledger_entry(*, village: Village, kind: str, title: str, reason: str, decision: str,
                        decided_on: datetime.date, decided_by: str, recorded_by,
                        appointment: Appointment | None = None, person_name: str = "", person_role: str = "",
                        amount: Decimal | None = None, assessment: Assessment | None = None,
                        case: Case | None = None) -> LedgerEntry:
    """A reward or sanction for a village or a cadre, with the reason, the decision and who decided."""
    require_town_office(recorded_by)
    if kind == Kind.HONOUR_WITHDRAWN:
        raise ValidationError({"kind": _("Withdraw an honour from the honour's own entry.")})
    _check_cadre(village, appointment)
    if appointment is not None:
        person_name = person_name or appointment.holder_name
        person_role = person_role or appointment.position.get_kind_display()
    for linked, field in ((assessment, "assessment"), (case, "case")):
        if linked is not None and linked.village_id != village.pk:
            raise ValidationError({field: _("This record belongs to another village.")})
    entry = LedgerEntry(
        village=village, kind=kind, appointment=appointment, person_name=person_name.strip(),
        person_role=person_role.strip(), title=title.strip(), reason=reason.strip(), decision=decision.strip(),
        decided_on=decided_on, decided_by=decided_by.strip(), amount=amount, assessment=assessment, case=case,
        recorded_by=recorded_by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def withdraw_honour(*, honour: LedgerEntry, reason: str, decision: str, decided_on: datetime.date, decided_by: str,
                    recorded_by, certificate_recovered: bool = True, amount_recovered: Decimal | None = None,
                    case: Case | None = None, notify_town: bool = False) -> LedgerEntry:
    """Withdraw an honour: the certificate and the bonus recovered, and, if decided, a town-wide notice."""
    require_town_office(recorded_by)
    if honour.kind != Kind.HONOUR:
        raise ValidationError(_("Only an honour can be withdrawn."))
    if LedgerEntry.objects.filter(withdraws=honour).exists():
        raise ValidationError(_("This honour has already been withdrawn."))
    if amount_recovered is not None and honour.amount is not None and amount_recovered > honour.amount:
        raise ValidationError({"amount_recovered": _("More than the bonus paid cannot be recovered.")})
    withdrawal = LedgerEntry(
        village=honour.village, kind=Kind.HONOUR_WITHDRAWN, appointment=honour.appointment,
        person_name=honour.person_name, person_role=honour.person_role,
        title=_("Withdrawal of the honour “%(title)s”") % {"title": honour.title},
        reason=reason.strip(), decision=decision.strip(), decided_on=decided_on, decided_by=decided_by.strip(),
        withdraws=honour, certificate_recovered=certificate_recovered, amount_recovered=amount_recovered,
        case=case, recorded_by=recorded_by,
    )
    withdrawal.full_clean()
    withdrawal.save()
    if notify_town:
        notice = LedgerEntry(
            village=honour.village, kind=Kind.TOWN_NOTICE, appointment=honour.appointment,
            person_name=honour.person_name, person_role=honour.person_role,
            title=_("Town-wide notice: %(title)s") % {"title": withdrawal.title}, reason=reason.strip(),
            decision=decision.strip(), decided_on=decided_on, decided_by=decided_by.strip(), case=case,
            recorded_by=recorded_by,
        )
        notice.full_clean()
        notice.save()
    return withdrawal


@transaction.atomic
def open_case(*, village: Village, kind: str, title: str, description: str, reported_on: datetime.date,
              reported_by: str, recorded_by, appointment: Appointment | None = None) -> Case:
    require_town_office(recorded_by)
    _check_cadre(village, appointment)
    case = Case(village=village, kind=kind, title=title.strip(), description=description.strip(),
                reported_on=reported_on, reported_by=reported_by.strip(), appointment=appointment,
                recorded_by=recorded_by)
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def start_investigation(*, case: Case, started_by) -> Case:
    require_town_office(started_by)
    if case.status != Case.Status.REPORTED:
        raise ValidationError(_("Only a newly reported case can be taken up."))
    case.status = Case.Status.INVESTIGATING
    case.save(update_fields=["status"])
    return case


@transaction.atomic
def decide_case(*, case: Case, founded: bool, finding: str, decision: str, decided_on: datetime.date,
                decided_by: str, recorded_by) -> Case:
    """Close a case with its finding and decision; sanctions are then recorded in the ledger, linked to it."""
    require_town_office(recorded_by)
    if case.status not in (Case.Status.REPORTED, Case.Status.INVESTIGATING):
        raise ValidationError(_("This case is already closed."))
    if decided_on < case.reported_on:
        raise ValidationError({"decided_on": _("A case is decided after it was reported.")})
    case.status = Case.Status.DECIDED if founded else Case.Status.UNFOUNDED
    case.finding, case.decision = finding.strip(), decision.strip()
    case.decided_on, case.decided_by = decided_on, decided_by.strip()
    case.full_clean()
    case.save(update_fields=["status", "finding", "decision", "decided_on", "decided_by"])
    return case


@transaction.atomic
def record_supervision_visit(*, village: Village, visited_on: datetime.date, visitors: str, findings: str,
                             recorded_by, kind: str = SupervisionVisit.Kind.ROUTINE, follow_up: str = "",
                             follow_up_due: datetime.date | None = None,
                             assessment: Assessment | None = None) -> SupervisionVisit:
    require_town_office(recorded_by)
    if assessment is not None and assessment.village_id != village.pk:
        raise ValidationError({"assessment": _("This record belongs to another village.")})
    visit = SupervisionVisit(village=village, visited_on=visited_on, kind=kind, visitors=visitors.strip(),
                             findings=findings.strip(), follow_up=follow_up.strip(), follow_up_due=follow_up_due,
                             assessment=assessment, recorded_by=recorded_by)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def record_supervision_follow_up(*, visit: SupervisionVisit, done_on: datetime.date, result: str,
                                 recorded_by) -> SupervisionVisit:
    require_town_office(recorded_by)
    if done_on < visit.visited_on:
        raise ValidationError({"done_on": _("A follow-up comes after the visit.")})
    visit.follow_up_done_on, visit.follow_up_result = done_on, result.strip()
    visit.full_clean()
    visit.save(update_fields=["follow_up_done_on", "follow_up_result"])
    return visit


@transaction.atomic
def sign_responsibility_book(*, book: ResponsibilityBook, town_signatory: str, village_signatory: str,
                             signed_on: datetime.date, recorded_by) -> ResponsibilityBook:
    """Record that the town and the village signed the book; its targets cannot change afterwards."""
    require_town_office(recorded_by)
    if book.status == ResponsibilityBook.Status.SIGNED:
        raise ValidationError(_("This responsibility book is already signed."))
    if not book.targets.exists():
        raise ValidationError(_("A responsibility book needs at least one target before it is signed."))
    errors = {}
    if not town_signatory.strip():
        errors["town_signatory"] = _("Name who signed for the town.")
    if not village_signatory.strip():
        errors["village_signatory"] = _("Name who signed for the village.")
    if errors:
        raise ValidationError(errors)
    book.town_signatory, book.village_signatory = town_signatory.strip(), village_signatory.strip()
    book.signed_on, book.status = signed_on, ResponsibilityBook.Status.SIGNED
    book.full_clean()
    book.save(update_fields=["town_signatory", "village_signatory", "signed_on", "status"])
    return book
