"""Recording vital events from a household's page: one form and one action per kind; voiding and correcting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import actions, queries
from members.actions.corrections import CORRECTABLE
from members.forms import (
    AdoptionForm,
    BirthForm,
    CorrectionForm,
    DeathForm,
    DivorceForm,
    MarriageForm,
    MoveInForm,
    MoveOutForm,
    VoidForm,
)
from members.models import VitalEvent
from members.views.common import require_change
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.models import SensitiveAccess
from villages.privacy import log_access

Kind = VitalEvent.Kind


def _birth(form, household, by):
    return actions.record_birth(by=by, **form.cleaned_data)


def _death(form, household, by):
    return actions.record_death(by=by, **form.cleaned_data)


def _marriage(form, household, by):
    return actions.record_marriage(by=by, **form.cleaned_data)


def _divorce(form, household, by):
    return actions.record_divorce(by=by, **form.cleaned_data)


def _move_out(form, household, by):
    return actions.record_move_out(by=by, **form.cleaned_data)


def _move_in(form, household, by):
    data = form.cleaned_data
    return actions.record_move_in(household=household, moved_on=data["moved_on"], place=data["place"],
                                  note=data["note"], correction_reason=data["correction_reason"], by=by,
                                  **form.person_fields())


def _adoption(form, household, by):
    data = form.cleaned_data
    return actions.record_adoption(household=household, adopted_on=data["adopted_on"], place=data["place"],
                                   adoptive_mother=data["adoptive_mother"], adoptive_father=data["adoptive_father"],
                                   child_fields=form.person_fields(), correction_reason=data["correction_reason"],
                                   by=by)


RECORDERS = {
    Kind.BIRTH: (BirthForm, _birth),
    Kind.DEATH: (DeathForm, _death),
    Kind.MARRIAGE: (MarriageForm, _marriage),
    Kind.DIVORCE: (DivorceForm, _divorce),
    Kind.MOVE_OUT: (MoveOutForm, _move_out),
    Kind.MOVE_IN: (MoveInForm, _move_in),
    Kind.ADOPTION: (AdoptionForm, _adoption),
}


@login_required
def record_event(request, pk, kind):
    household = queries.household_for_user(request.user, pk)
    if kind not in RECORDERS:
        raise Http404
    require_change(request.user, household)
    form_class, record = RECORDERS[kind]
    form = form_class(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            event = record(form, household, request.user)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(event)s of %(name)s recorded.") % {
                "event": event.get_kind_display(), "name": event.person.name})
            return redirect("members:household", pk=household.pk)
    return render(request, "members/form.html", {
        "form": form, "household": household,
        "title": _("Record %(event)s: household %(number)s") % {"event": Kind(kind).label, "number": household.number}})


# What the register does when an event of this kind is voided, said on the void form.
VOID_FOLLOWS = {
    Kind.BIRTH: gettext_lazy("The child is removed from the register; the record is kept."),
    Kind.ADOPTION: gettext_lazy("The child is removed from the register; the record is kept."),
    Kind.MOVE_IN: gettext_lazy("The person is removed from the register; the record is kept."),
    Kind.DEATH: gettext_lazy("The person is registered again."),
    Kind.MOVE_OUT: gettext_lazy("The person is registered again in the household they left."),
    Kind.MARRIAGE: gettext_lazy("Both partners' marital status follows from their remaining events."),
    Kind.DIVORCE: gettext_lazy("Both partners' marital status follows from their remaining events."),
}


def _changeable_event(request, pk):
    """A recorded event, not voided, that the user may change: 404 outside the user's scope, 403 for readers."""
    event = queries.event_for_user(request.user, pk)
    require_change(request.user, event.household)
    if event.kind not in CORRECTABLE or event.is_voided:
        raise Http404
    return event


@login_required
def void_event_page(request, pk):
    event = _changeable_event(request, pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.void_event(event=event, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(event)s of %(name)s voided.") % _described(event))
            return redirect("members:household", pk=event.household_id)
    return render(request, "members/form.html", {
        "form": form, "household": event.household, "title": _("Void the %(event)s of %(name)s") % _described(event),
        "warning": " ".join([_("The event stays on record, struck through, with your reason."),
                             str(VOID_FOLLOWS.get(event.kind, ""))])})


@login_required
def correct_event_page(request, pk):
    event = _changeable_event(request, pk)
    if event.kind == Kind.BIRTH and event.person.id_number:  # the form shows the child's identity number
        log_access(user=request.user, action=SensitiveAccess.Action.CHANGE if request.method == "POST" else
                   SensitiveAccess.Action.VIEW, village_id=event.village_id,
                   what=_("form with the record of %(name)s") % {"name": event.person.name}, record_type="person",
                   record_id=event.person_id)
    form = CorrectionForm(request.POST or None, event=event, initial=_as_recorded(event))
    if request.method == "POST" and form.is_valid():
        try:
            actions.correct_event(event=event, reason=form.cleaned_data["reason"], by=request.user, **form.changes())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(event)s of %(name)s corrected.") % _described(event))
            return redirect("members:household", pk=event.household_id)
    return render(request, "members/form.html", {
        "form": form, "household": event.household,
        "title": _("Correct the %(event)s of %(name)s") % _described(event),
        "warning": _("The event as recorded stays on record, struck through; the corrected event replaces it.")})


def _described(event) -> dict:
    return {"event": event.get_kind_display(), "name": event.person.name}


def _as_recorded(event) -> dict:
    """The correction form starts from the event as recorded."""
    return {CORRECTABLE[event.kind][0]: event.occurred_on, "child_name": event.person.name, "sex": event.person.sex,
            "id_number": event.person.id_number, "note": event.note, "cause": event.note, "place": event.place,
            "spouse_name": event.other_name}
