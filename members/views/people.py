"""Person pages: show, edit, reproductive health (sensitive), move to another household, remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members import actions, queries
from members.forms import (
    DeactivateForm,
    MovePersonForm,
    PersonEditForm,
    PersonForm,
    ReproductiveHealthForm,
)
from members.queries import history_villages, person_history
from members.views.common import require_change
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.models import SensitiveAccess
from villages.privacy import log_access, may_see_sensitive
from villages.roles import may_change


@login_required
def person_detail(request, pk):
    person = queries.person_for_user(request.user, pk)
    sensitive = may_see_sensitive(request.user, person.household.village_id)
    history = person_history(request.user, person)
    for village_id in history_villages(history) | ({person.household.village_id} if sensitive else set()):
        log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=village_id,
                   what=_("record of %(name)s") % {"name": person.name}, record_type="person", record_id=person.pk)
    return render(request, "members/person_detail.html", {
        "person": person, "household": person.household, "sensitive": sensitive,
        "events": person.events.select_related("household", "recorded_by").order_by("-occurred_on"),
        "history": history,
        "may_change": may_change(request.user) and person.is_active,
    })


def _edit(request, pk, form_class, action, fields, title, sensitive=False):
    person = queries.person_for_user(request.user, pk)
    require_change(request.user, person.household)
    if sensitive and not may_see_sensitive(request.user, person.household.village_id):
        raise PermissionDenied
    log_access(user=request.user, action=SensitiveAccess.Action.CHANGE if request.method == "POST" else
               SensitiveAccess.Action.VIEW, village_id=person.household.village_id,
               what=_("form with the record of %(name)s") % {"name": person.name}, record_type="person",
               record_id=person.pk)
    form = form_class(request.POST or None, instance=person, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        try:
            action(person=person, version=form.cleaned_data["version"], by=request.user,
                   **{name: form.cleaned_data[name] for name in fields})
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s's record saved.") % {"name": person.name})
            return redirect("members:person", pk=person.pk)
    return render(request, "members/form.html", {"form": form, "household": person.household, "person": person,
                                                 "title": title % {"name": person.name}})


@login_required
def person_edit(request, pk):
    return _edit(request, pk, PersonEditForm, actions.update_person, PersonForm.Meta.fields, _("Edit %(name)s"))


@login_required
def person_health(request, pk):
    return _edit(request, pk, ReproductiveHealthForm, actions.update_reproductive_health,
                 ReproductiveHealthForm.Meta.fields, _("Contraception and pregnancy of %(name)s"), sensitive=True)


@login_required
def person_move(request, pk):
    person = queries.person_for_user(request.user, pk)
    require_change(request.user, person.household)
    # Specialists move people within their village, the town office anywhere in the town: their scope.
    targets = queries.households_for(request.user).filter(status="active").exclude(pk=person.household_id)
    form = MovePersonForm(request.POST or None, households=targets, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.move_person(person=person, to_household=data["to_household"], moved_on=data["moved_on"],
                                relation=data["relation"], reason=data["reason"], version=data["version"],
                                correction_reason=data["correction_reason"], by=request.user)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s moved to household %(number)s.") % {
                "name": person.name, "number": data["to_household"].number})
            return redirect("members:household", pk=data["to_household"].pk)
    return render(request, "members/form.html", {"form": form, "household": person.household, "person": person,
                                                 "title": _("Move %(name)s to another household") % {
                                                     "name": person.name}})


@login_required
def person_deactivate(request, pk):
    person = queries.person_for_user(request.user, pk)
    require_change(request.user, person.household)
    form = DeactivateForm(request.POST or None, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.deactivate_person(person=person, reason=form.cleaned_data["reason"],
                                      version=form.cleaned_data["version"], by=request.user)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s removed from the register; the record is kept.") % {
                "name": person.name})
            return redirect("members:household", pk=person.household_id)
    return render(request, "members/form.html", {
        "form": form, "household": person.household, "person": person,
        "title": _("Remove %(name)s from the register") % {"name": person.name},
        "warning": _("Only for an entry made by mistake. Deaths and moves are recorded as events.")})
