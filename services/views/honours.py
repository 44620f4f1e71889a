"""The honours' pages: a year's model families by category with the year's appraisals, an appraisal with its
criteria, results and withdrawals (linked to the ledger), and the Ping'an Village creation of every village for a
year; the forms that select a family, put a cadre forward, decide the appraisal, withdraw an award, and apply for,
decide and revoke a Ping'an Village."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from services.actions import honours as actions
from services.forms import (
    AppraisalForm,
    CandidateForm,
    CriterionForm,
    DecideAppraisalForm,
    DecidePingAnForm,
    ModelFamilyForm,
    PingAnForm,
    RevokePingAnForm,
    WithdrawAwardForm,
    WithdrawFamilyForm,
)
from services.queries import honours as queries
from services.queries.scope import writable_villages
from services.views.common import require_change, require_reader, run
from villages.closing import chosen_year, year_choices
from villages.roles import is_town_office, may_change


def _year_url(name: str, year: int) -> str:
    return f"{reverse(name)}?year={year}"


def _require_office(user, town) -> None:
    if not is_town_office(user) or not (user.is_superuser or user.town_id == town.pk):
        raise PermissionDenied


def _form_page(request, form, title, record=None):
    return render(request, "services/form.html", {"form": form, "title": title, "record": record})


@login_required
def honours(request):
    town = require_reader(request.user)
    year = chosen_year(request.GET.get("year"), town)
    return render(request, "services/honours.html", {
        "town": town, "year": year, "years": year_choices(town),
        "categories": queries.families_by_category(request.user, year),
        "appraisals": list(queries.appraisals_of_year(request.user, year)),
        "may_change": may_change(request.user), "is_office": is_town_office(request.user)})


@login_required
def family_new(request):
    town = require_reader(request.user)
    require_change(request.user)
    form = ModelFamilyForm(request.POST or None, villages=writable_villages(request.user), town_level=False,
                           initial={"year": town.working_year})
    if request.method == "POST" and form.is_valid():
        data = form.values()
        selection = run(form, lambda: actions.select_model_family(
            town=town, village=form.cleaned_data["village"], by=request.user, **data))
        if selection is not None:
            messages.success(request, _("Model family recorded."))
            return redirect(_year_url("services:honours", selection.year))
    return _form_page(request, form, _("New model family"))


@login_required
def family_withdraw(request, pk):
    selection = queries.family_for_user(request.user, pk)
    _require_office(request.user, selection.town)
    form = WithdrawFamilyForm(request.POST or None, initial={"version": selection.version})
    if request.method == "POST" and form.is_valid():
        if run(form, lambda: actions.withdraw_model_family(selection=selection, by=request.user,
                                                           **form.cleaned_data)):
            messages.success(request, _("Title withdrawn."))
            return redirect(_year_url("services:honours", selection.year))
    return _form_page(request, form, _("Withdraw the title of household %(number)s")
                      % {"number": selection.household.number}, selection)


@login_required
def appraisal_new(request):
    town = require_reader(request.user)
    _require_office(request.user, town)
    form = AppraisalForm(request.POST or None,
                         initial={"year": town.working_year, "title": _("Top Ten Village Cadres")})
    if request.method == "POST" and form.is_valid():
        appraisal = run(form, lambda: actions.set_up_appraisal(town=town, by=request.user, **form.cleaned_data))
        if appraisal is not None:
            messages.success(request, _("Appraisal recorded."))
            return redirect("services:appraisal", pk=appraisal.pk)
    return _form_page(request, form, _("New Top Ten Village Cadres appraisal"))


@login_required
def appraisal_detail(request, pk):
    require_reader(request.user)
    appraisal = queries.appraisal_page(request.user, pk)
    return render(request, "services/appraisal_detail.html", {
        "appraisal": appraisal, "is_office": is_town_office(request.user),
        "may_propose": may_change(request.user) and not appraisal.is_decided})


@login_required
def criterion_new(request, pk):
    appraisal = queries.appraisal_for_user(request.user, pk)
    _require_office(request.user, appraisal.town)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run(form, lambda: actions.add_criterion(appraisal=appraisal, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Criterion added."))
            return redirect("services:appraisal", pk=appraisal.pk)
    return _form_page(request, form, _("New criterion of %(title)s") % {"title": appraisal.title}, appraisal)


@login_required
def candidate_new(request, pk):
    appraisal = queries.appraisal_for_user(request.user, pk)
    require_change(request.user)
    form = CandidateForm(request.POST or None, villages=writable_villages(request.user))
    if request.method == "POST" and form.is_valid():
        if run(form, lambda: actions.add_candidate(appraisal=appraisal, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Candidate added."))
            return redirect("services:appraisal", pk=appraisal.pk)
    return _form_page(request, form, _("New candidate for %(title)s") % {"title": appraisal.title}, appraisal)


@login_required
def appraisal_decide(request, pk):
    appraisal = queries.appraisal_for_user(request.user, pk)
    _require_office(request.user, appraisal.town)
    form = DecideAppraisalForm(request.POST or None, initial={"version": appraisal.version})
    if request.method == "POST" and form.is_valid():
        if run(form, lambda: actions.decide_appraisal(appraisal=appraisal, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Appraisal decided; the awards are in the ledger."))
            return redirect("services:appraisal", pk=appraisal.pk)
    return _form_page(request, form, _("Decide %(title)s") % {"title": appraisal.title}, appraisal)


@login_required
def award_withdraw(request, pk):
    result = queries.result_for_user(request.user, pk)
    _require_office(request.user, result.appraisal.town)
    form = WithdrawAwardForm(request.POST or None, initial={"version": result.version})
    if request.method == "POST" and form.is_valid():
        if run(form, lambda: actions.withdraw_award(result=result, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Award withdrawn; the withdrawal is in the ledger."))
            return redirect("services:appraisal", pk=result.appraisal_id)
    return _form_page(request, form, _("Withdraw the award of %(name)s") % {"name": result.appointment.holder_name},
                      result)


@login_required
def pingan(request):
    town = require_reader(request.user)
    year = chosen_year(request.GET.get("year"), town)
    rows = queries.pingan_rows(request.user, year)
    return render(request, "services/pingan.html", {
        "town": town, "year": year, "years": year_choices(town), "rows": rows,
        "awarded": sum(1 for row in rows if row["creation"] and row["creation"].state == "awarded"),
        "may_change": may_change(request.user), "is_office": is_town_office(request.user)})


@login_required
def pingan_new(request):
    town = require_reader(request.user)
    require_change(request.user)
    form = PingAnForm(request.POST or None, villages=writable_villages(request.user), town_level=False,
                      initial={"year": town.working_year, "village": request.GET.get("village")})
    if request.method == "POST" and form.is_valid():
        data = form.values()
        creation = run(form, lambda: actions.apply_pingan(town=town, village=form.cleaned_data["village"],
                                                          by=request.user, **data))
        if creation is not None:
            messages.success(request, _("Application recorded."))
            return redirect(_year_url("services:pingan", creation.year))
    return _form_page(request, form, _("New Ping'an Village application"))


@login_required
def pingan_decide(request, pk):
    creation = queries.creation_for_user(request.user, pk)
    _require_office(request.user, creation.town)
    form = DecidePingAnForm(request.POST or None, initial={"version": creation.version})
    if request.method == "POST" and form.is_valid():
        if run(form, lambda: actions.decide_pingan(creation=creation, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Decision recorded."))
            return redirect(_year_url("services:pingan", creation.year))
    return _form_page(request, form, _("Decide the Ping'an Village application of %(village)s")
                      % {"village": creation.village.name}, creation)


@login_required
def pingan_revoke(request, pk):
    creation = queries.creation_for_user(request.user, pk)
    _require_office(request.user, creation.town)
    form = RevokePingAnForm(request.POST or None, initial={"version": creation.version})
    if request.method == "POST" and form.is_valid():
        if run(form, lambda: actions.revoke_pingan(creation=creation, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Title revoked."))
            return redirect(_year_url("services:pingan", creation.year))
    return _form_page(request, form, _("Revoke the Ping'an Village title of %(village)s")
                      % {"village": creation.village.name}, creation)
