"""A household's benefits and why: the eligibility explainer, recorded facts, holds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incentives import actions, queries
from incentives.forms import FactForm, HoldForm, ReasonForm, ResumeForm, YearForm
from incentives.models import Fact, Hold
from incentives.queries.scoping import get_or_404
from villages import closing
from villages.form_errors import apply_errors
from villages.models import SensitiveAccess
from villages.privacy import log_access, may_see_sensitive
from villages.roles import may_change_village


@login_required
def household_benefits(request, pk):
    household = queries.household_for_user(request.user, pk)
    year = YearForm(request.GET).year_or(closing.working_year_of(request.user))
    facts = list(queries.facts_for(request.user).filter(household=household, is_active=True).order_by("-occurred_on"))
    sensitive = may_see_sensitive(request.user, household.village_id)
    cards = queries.household_benefits(request.user, household, year)
    access = queries.reasons_access(household, cards, sensitive=sensitive)
    if access:
        log_access(user=request.user, **access)
    health = [fact for fact in facts if fact.kind in Fact.SENSITIVE_KINDS]  # only for who may see them
    if health:
        log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=household.village_id,
                   what=_("health facts of household %(number)s") % {"number": household.number},
                   record_type="household", record_id=household.pk, count=len(health))
    return render(request, "incentives/household.html", {
        "household": household, "year": year, "years": sorted({year, *closing.year_choices(household.town)}),
        "cards": cards, "holds": queries.holds_for(request.user).filter(household=household).order_by("-started_on"),
        "facts": facts, "may_change": may_change_village(request.user, household.village),
        "sensitive": sensitive})


@login_required
def fact_add(request, pk):
    household = queries.household_for_user(request.user, pk)
    if not may_change_village(request.user, household.village):
        raise PermissionDenied
    sensitive = may_see_sensitive(request.user, household.village_id)
    form = FactForm(request.POST or None, household=household, sensitive=sensitive)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_fact(household=household, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Fact recorded."))
            return redirect("incentives:household", pk=household.pk)
    return render(request, "incentives/fact_form.html", {"form": form, "household": household},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def fact_deactivate(request, pk):
    fact = get_or_404(queries.facts_for(request.user), pk)
    if not may_change_village(request.user, fact.village):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if form.is_valid():
        actions.deactivate_fact(fact=fact, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, _("Fact deactivated; it stays on record."))
    else:
        messages.error(request, _("Give the reason."))
    return redirect("incentives:household", pk=fact.household_id)


@login_required
def hold_add(request, pk, policy_pk):
    household = queries.household_for_user(request.user, pk)
    policy = queries.policy_for_user(request.user, policy_pk)
    if not may_change_village(request.user, household.village):
        raise PermissionDenied
    form = HoldForm(request.POST or None, household=household, policy=policy)
    if request.method == "POST" and form.is_valid():
        try:
            actions.hold_recipient(policy=policy, household=household, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(kind)s.") % {"kind": Hold.Kind(form.cleaned_data["kind"]).label})
            return redirect("incentives:household", pk=household.pk)
    return render(request, "incentives/hold_form.html", {"form": form, "household": household, "policy": policy},
                  status=400 if request.method == "POST" else 200)


@login_required
def hold_resume(request, pk):
    hold = get_or_404(queries.holds_for(request.user), pk)
    if not may_change_village(request.user, hold.village):
        raise PermissionDenied
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.resume_recipient(hold=hold, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Payments resumed."))
            return redirect("incentives:household", pk=hold.household_id)
    return render(request, "incentives/resume_form.html", {"form": form, "hold": hold},
                  status=400 if request.method == "POST" else 200)


