"""Household pages for the village specialists: list, create, show, edit, move out, history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members import actions, queries
from members.actions.households import PeopleInvalid
from members.forms import (
    HouseholdEditForm,
    HouseholdForm,
    HouseholdMoveOutForm,
    HouseholdSearchForm,
    PeopleFormSet,
)
from members.models import VitalEvent
from members.queries import history_villages, household_history
from members.views.common import require_change
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.models import SensitiveAccess
from villages.pagination import paginate
from villages.privacy import log_access, may_see_sensitive
from villages.queries import groups_for, villages_for
from villages.roles import may_browse_people, may_change


@login_required
def household_list(request):
    if not may_browse_people(request.user):
        raise Http404  # the leadership reads figures, not households one by one
    groups = groups_for(request.user)
    form = HouseholdSearchForm(request.GET or None, groups=groups)
    filters = form.cleaned_data if form.is_valid() else {}
    households = queries.household_list(
        request.user, search=filters.get("q", ""), group=getattr(filters.get("group"), "pk", None),
        category=filters.get("category", ""), status=filters.get("status", ""))
    page = paginate(request, households)
    return render(request, "members/household_list.html", {
        "form": form, "page": page, "may_change": may_change(request.user),
    })


@login_required
def household_create(request):
    if not may_change(request.user):
        raise PermissionDenied
    groups = groups_for(request.user).filter(village__in=villages_for(request.user))
    form = HouseholdForm(request.POST or None, groups=groups, prefix="household")
    people = PeopleFormSet(request.POST or None, prefix="people")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        data = form.cleaned_data
        try:
            household = actions.create_household(
                village=data["group"].village, group=data["group"], number=data["number"],
                address=data["address"], hukou_type=data["hukou_type"], poverty=data["poverty"],
                poverty_since=data["poverty_since"], by=request.user,
                people=[f.person_fields() for f in people.forms if f.has_changed()])
        except ValidationError as error:
            _people_errors(form, people, error)
        else:
            messages.success(request, _("Household %(number)s registered.") % {"number": household.number})
            return redirect("members:household", pk=household.pk)
    return render(request, "members/household_create.html", {"form": form, "people": people})


def _people_errors(form, people, error: ValidationError) -> None:
    """Errors about one of the people go next to that person's fields."""
    if isinstance(error, PeopleInvalid):
        filled = [f for f in people.forms if f.has_changed()]
        for index, errors in error.by_index.items():
            for field, messages in errors.items():
                filled[index].add_error(field if field in filled[index].fields else None, messages)
        return
    apply_errors(form, error)


@login_required
def household_detail(request, pk):
    household = queries.household_for_user(request.user, pk)
    sensitive = may_see_sensitive(request.user, household.village_id)
    people = list(queries.household_people(household))
    logged = {household.village_id} if sensitive and people else set()
    if logged:
        log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=household.village_id,
                   what=_("identity numbers and phones of household %(number)s") % {"number": household.number},
                   record_type="household", record_id=household.pk, count=len(people))
    return render(request, "members/household_detail.html", {
        "household": household, "people": people, "sensitive": sensitive,
        "events": queries.household_events(household)[:50],
        "categories": queries.household_categories(household),
        "history": _logged_history(request.user, household, limit=10, logged=logged),
        "may_change": may_change(request.user) and household.is_active,
        "event_kinds": [(kind, VitalEvent.Kind(kind).label) for kind in VitalEvent.RECORDABLE],
        "may_correct": may_change(request.user), "correctable_kinds": VitalEvent.RECORDABLE,
    })


@login_required
def household_history_page(request, pk):
    household = queries.household_for_user(request.user, pk)
    return render(request, "members/household_history.html", {
        "household": household, "history": _logged_history(request.user, household)})


def _logged_history(user, household, limit=None, logged=frozenset()) -> list:
    """The household's history as the user may see it, logged once for each village whose sensitive data it
    shows (but those the page has logged already)."""
    history = household_history(user, household, limit=limit)
    for village_id in history_villages(history) - logged:
        log_access(user=user, action=SensitiveAccess.Action.VIEW, village_id=village_id,
                   what=_("history of household %(number)s") % {"number": household.number},
                   record_type="household", record_id=household.pk)
    return history


@login_required
def household_edit(request, pk):
    household = queries.household_for_user(request.user, pk)
    require_change(request.user, household)
    groups = groups_for(request.user).filter(village=household.village)
    form = HouseholdEditForm(request.POST or None, groups=groups, instance=household,
                             initial={"version": household.version})
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in HouseholdForm.Meta.fields}
        try:
            actions.update_household(household=household, version=form.cleaned_data["version"], by=request.user,
                                     **changes)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Household %(number)s saved.") % {"number": household.number})
            return redirect("members:household", pk=household.pk)
    return render(request, "members/form.html", {
        "form": form, "household": household, "title": _("Edit household %(number)s") % {"number": household.number}})


@login_required
def household_move_out(request, pk):
    household = queries.household_for_user(request.user, pk)
    require_change(request.user, household)
    form = HouseholdMoveOutForm(request.POST or None, initial={"version": household.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_household_out(household=household, by=request.user, **form.cleaned_data)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Household %(number)s moved out.") % {"number": household.number})
            return redirect("members:household", pk=household.pk)
    return render(request, "members/form.html", {
        "form": form, "household": household,
        "title": _("Move household %(number)s out of the town") % {"number": household.number},
        "warning": _("Everyone registered in this household moves out with it.")})
