"""The assistance pages: a year's help by kind with its records (households shown to the town office and the
village's specialist only), the projects with their households and what became of them, a household's help and
its way out of poverty (written in the registry)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from services.actions import assistance as actions
from services.forms import AssistanceForm, JoinProjectForm, OutOfPovertyForm, ProjectForm, VoidForm
from services.queries import assistance as queries
from services.queries.funding import fundraisings_for
from services.queries.scope import may_write, writable_villages
from services.views.common import require_change, require_reader, require_writer, run
from villages.closing import chosen_year, year_choices
from villages.pagination import paginate
from villages.roles import may_change, may_see_people


@login_required
def assistance(request):
    town = require_reader(request.user)
    year = chosen_year(request.GET.get("year"), town)
    number = request.GET.get("household", "").strip()
    if number and may_change(request.user):
        household = queries.household_by_number(request.user, number)
        if household is not None:
            return redirect("services:assistance_household", pk=household.pk)
        messages.error(request, _("No household %(number)s in your villages.") % {"number": number})
    return render(request, "services/assistance.html", {
        "town": town, "year": year, "years": year_choices(town), "kinds": queries.kind_totals(request.user, year),
        "projects": queries.project_list(request.user), "sees_people": may_see_people(request.user),
        "page": paginate(request, queries.records_of_year(request.user, year)),
        "may_change": may_change(request.user)})


@login_required
def household(request, pk):
    require_reader(request.user)
    found, rows = queries.household_page(request.user, pk)
    return render(request, "services/assistance_household.html", {
        "household": found, "rows": rows, "may_change": may_write(request.user, found.town_id, found.village)})


def _writable_household(user, pk):
    found, _rows = queries.household_page(user, pk)
    if not may_write(user, found.town_id, found.village):
        raise Http404
    return found


@login_required
def assistance_new(request, pk):
    require_reader(request.user)
    require_change(request.user)
    found = _writable_household(request.user, pk)
    form = AssistanceForm(request.POST or None, household=found, fundraisings=fundraisings_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.values()
        if run(form, lambda: actions.give_assistance(household=found, by=request.user, **data)):
            messages.success(request, _("Assistance recorded."))
            return redirect("services:assistance_household", pk=found.pk)
    return render(request, "services/form.html", {
        "form": form, "title": _("Assistance to household %(number)s") % {"number": found.number}})


@login_required
def assistance_edit(request, pk):
    record = queries.record_for_user(request.user, pk)
    require_writer(request.user, record)
    form = AssistanceForm(request.POST or None, instance=record, household=record.household,
                          fundraisings=fundraisings_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        children = data.pop("children", None)
        if run(form, lambda: actions.update_assistance(record=record, version=version, by=request.user,
                                                       children=children, **data)):
            messages.success(request, _("Saved."))
            return redirect("services:assistance_household", pk=record.household_id)
    return render(request, "services/form.html", {
        "form": form, "title": _("Correct the assistance to household %(number)s") % {
            "number": record.household.number}, "record": record})


@login_required
def assistance_void(request, pk):
    record = queries.record_for_user(request.user, pk)
    require_writer(request.user, record)
    form = VoidForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run(form, lambda: actions.void_assistance(record=record, reason=data["reason"], version=data["version"],
                                                     by=request.user, correction_reason=data["correction_reason"])):
            messages.success(request, _("Record voided."))
            return redirect("services:assistance_household", pk=record.household_id)
    return render(request, "services/form.html", {"form": form, "title": _("Void a record"), "record": record})


@login_required
def out_of_poverty(request, pk):
    require_reader(request.user)
    require_change(request.user)
    found = _writable_household(request.user, pk)
    form = OutOfPovertyForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run(form, lambda: actions.record_out_of_poverty(household=found, lifted_on=data["lifted_on"],
                                                           version=data["version"], by=request.user,
                                                           correction_reason=data["correction_reason"])):
            messages.success(request, _("The household is out of poverty in the registry."))
            return redirect("services:assistance_household", pk=found.pk)
    return render(request, "services/form.html", {
        "form": form, "title": _("Household %(number)s out of poverty") % {"number": found.number}})


@login_required
def project_new(request):
    require_reader(request.user)
    require_change(request.user)
    form = ProjectForm(request.POST or None, villages=writable_villages(request.user), town_level=False)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        town = form.cleaned_data["village"].town
        project = run(form, lambda: actions.start_project(town=town, village=form.cleaned_data["village"],
                                                          by=request.user, **data))
        if project is not None:
            messages.success(request, _("Project recorded."))
            return redirect("services:assistance_project", pk=project.pk)
    return render(request, "services/form.html", {"form": form, "title": _("New assistance project")})


@login_required
def project_detail(request, pk):
    page = queries.project_page(request.user, pk)
    return render(request, "services/assistance_project.html", {
        "page": page, "project": page.project, "sees_people": may_see_people(request.user),
        "may_change": may_write(request.user, page.project.town_id, page.project.village)})


@login_required
def project_edit(request, pk):
    project = queries.project_for_user(request.user, pk)
    require_writer(request.user, project)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        if run(form, lambda: actions.update_project(project=project, version=version, by=request.user, **data)):
            messages.success(request, _("Saved."))
            return redirect("services:assistance_project", pk=project.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": project.name},
                                                  "record": project})


@login_required
def project_join(request, pk):
    project = queries.project_for_user(request.user, pk)
    require_writer(request.user, project)
    form = JoinProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        found = project.village.households.filter(number=data.pop("household_number").strip()).first()
        if found is None:
            form.add_error("household_number", _("No household with this number in %(village)s.")
                           % {"village": project.village.name})
        elif run(form, lambda: actions.join_project(project=project, household=found, by=request.user, **data)):
            messages.success(request, _("The household takes part in the project."))
            return redirect("services:assistance_project", pk=project.pk)
    return render(request, "services/form.html", {
        "form": form, "title": _("A household joins %(name)s") % {"name": project.name}, "record": project})
