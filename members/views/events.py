"""Recording vital events from a household's page: one form and one action per kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members import actions, queries
from members.forms import (
    AdoptionForm,
    BirthForm,
    DeathForm,
    DivorceForm,
    MarriageForm,
    MoveInForm,
    MoveOutForm,
)
from members.models import VitalEvent
from members.views.common import require_change
from villages.form_errors import apply_errors
from villages.locking import StaleRecord

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
                                  note=data["note"], by=by, **form.person_fields())


def _adoption(form, household, by):
    data = form.cleaned_data
    return actions.record_adoption(household=household, adopted_on=data["adopted_on"], place=data["place"],
                                   adoptive_mother=data["adoptive_mother"], adoptive_father=data["adoptive_father"],
                                   child_fields=form.person_fields(), by=by)


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
