"""Policies: the list, a policy with its rates, rule, evidence and cycles; the town office edits them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incentives import actions, queries
from incentives.forms import (
    ConditionForm,
    EndPolicyForm,
    EvidenceForm,
    ForecastForm,
    OpenCycleForm,
    PolicyForm,
    RateForm,
)
from incentives.models import Condition, EvidenceItem, Policy
from incentives.queries.scoping import get_or_404
from incentives.rules import rule_of
from villages import closing
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.pagination import paginate
from villages.queries import towns_for
from villages.roles import is_town_office, require_town_office


@login_required
def policy_list(request):
    filters = {key: request.GET.get(key, "") for key in ("level", "kind", "village_policy_kind", "q")}
    policies = queries.policy_list(request.user, level=filters["level"], kind=filters["kind"],
                                   village_policy_kind=filters["village_policy_kind"], search=filters["q"])
    return render(request, "incentives/policy_list.html", {
        "page": paginate(request, policies), "filters": filters, "levels": Policy.Level.choices,
        "kinds": Policy.Kind.choices, "village_kinds": Policy.VillagePolicyKind.choices,
        "may_change": is_town_office(request.user)})


def _town(user):
    town = towns_for(user).first()
    if town is None:
        from django.http import Http404

        raise Http404
    return town


@login_required
def policy_create(request):
    require_town_office(request.user)
    town = _town(request.user)
    form = PolicyForm(request.POST or None, town=town)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.changes()
            policy = actions.create_policy(town=town, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Policy %(name)s created: add its rates and conditions.") % {
                "name": policy.name})
            return redirect("incentives:policy", pk=policy.pk)
    return render(request, "incentives/policy_form.html", {"form": form})


@login_required
def policy_edit(request, pk):
    policy = queries.policy_for_user(request.user, pk)
    require_town_office(request.user)
    form = PolicyForm(request.POST or None, instance=policy, town=policy.town)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_policy(policy=policy, by=request.user, version=form.cleaned_data["version"],
                                  **form.changes())
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Policy saved."))
            return redirect("incentives:policy", pk=policy.pk)
    return render(request, "incentives/policy_form.html", {"form": form, "policy": policy})


@login_required
def policy_detail(request, pk):
    policy = queries.policy_for_user(request.user, pk)
    office = is_town_office(request.user)
    year = closing.working_year_of(request.user)
    context = {
        "policy": policy, "rule": rule_of(policy, list(policy.conditions.all())), "may_change": office,
        "cycles": queries.cycle_list(request.user, policy=policy.pk), "year": year,
        "budgets": [b for b in queries.budget_rows(request.user, year) if b.policy_id == policy.pk],
    }
    if office:
        context.update(rate_form=RateForm(prefix="rate"), condition_form=ConditionForm(town=policy.town, prefix="c"),
                       evidence_form=EvidenceForm(prefix="e"), cycle_form=OpenCycleForm(initial={"period": str(year)}),
                       end_form=EndPolicyForm(initial={"ended_on": timezone.localdate()}))
    return render(request, "incentives/policy_detail.html", context)


def _invalid(request, policy, **forms):
    """A form on the policy page was refused: show the page again with the form's errors."""
    year = closing.working_year_of(request.user)
    context = {"policy": policy, "rule": rule_of(policy, list(policy.conditions.all())), "may_change": True,
               "cycles": queries.cycle_list(request.user, policy=policy.pk), "year": year,
               "budgets": [], "rate_form": RateForm(prefix="rate"),
               "condition_form": ConditionForm(town=policy.town, prefix="c"), "evidence_form": EvidenceForm(prefix="e"),
               "cycle_form": OpenCycleForm(), "end_form": EndPolicyForm(), **forms}
    return render(request, "incentives/policy_detail.html", context, status=400)


@login_required
@require_POST
def rate_add(request, pk):
    policy = queries.policy_for_user(request.user, pk)
    require_town_office(request.user)
    form = RateForm(request.POST, prefix="rate")
    if form.is_valid():
        try:
            actions.add_rate(policy=policy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Rate added. Entitlements already computed keep their rate."))
            return redirect("incentives:policy", pk=policy.pk)
    return _invalid(request, policy, rate_form=form)


@login_required
def condition_add(request, pk):
    policy = queries.policy_for_user(request.user, pk)
    require_town_office(request.user)
    form = ConditionForm(request.POST or None, town=policy.town, prefix="c")
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_condition(policy=policy, by=request.user, **form.fields_for_action())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Condition added."))
            return redirect("incentives:policy", pk=policy.pk)
    return render(request, "incentives/condition_form.html", {"form": form, "policy": policy},
                  status=400 if request.method == "POST" else 200)


def _condition_for_user(user, pk) -> Condition:
    condition = get_or_404(Condition.objects.select_related("policy"), pk)
    queries.policy_for_user(user, condition.policy_id)
    return condition


@login_required
def condition_edit(request, pk):
    condition = _condition_for_user(request.user, pk)
    policy = condition.policy
    require_town_office(request.user)
    form = ConditionForm(request.POST or None, town=policy.town, condition=condition, prefix="c")
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_condition(condition=condition, by=request.user, **form.fields_for_action())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Condition saved."))
            return redirect("incentives:policy", pk=policy.pk)
    return render(request, "incentives/condition_form.html", {"form": form, "policy": policy, "condition": condition},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def condition_remove(request, pk):
    condition = _condition_for_user(request.user, pk)
    require_town_office(request.user)
    policy = actions.remove_condition(condition=condition, by=request.user)
    messages.success(request, _("Condition removed; the change is kept in the rule's history."))
    return redirect("incentives:policy", pk=policy.pk)


@login_required
@require_POST
def evidence_add(request, pk):
    policy = queries.policy_for_user(request.user, pk)
    require_town_office(request.user)
    form = EvidenceForm(request.POST, prefix="e")
    if form.is_valid():
        try:
            actions.add_evidence_item(policy=policy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("incentives:policy", pk=policy.pk)
    return _invalid(request, policy, evidence_form=form)


@login_required
@require_POST
def evidence_remove(request, pk):
    item = get_or_404(EvidenceItem.objects.select_related("policy"), pk)
    queries.policy_for_user(request.user, item.policy_id)
    require_town_office(request.user)
    actions.remove_evidence_item(item=item, by=request.user)
    return redirect("incentives:policy", pk=item.policy_id)


@login_required
@require_POST
def policy_end(request, pk):
    policy = queries.policy_for_user(request.user, pk)
    require_town_office(request.user)
    form = EndPolicyForm(request.POST)
    if form.is_valid():
        try:
            actions.end_policy(policy=policy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The policy ends on %(date)s.") % {"date": form.cleaned_data["ended_on"]})
            return redirect("incentives:policy", pk=policy.pk)
    return _invalid(request, policy, end_form=form)


@login_required
@require_POST
def cycle_open(request, pk):
    policy = queries.policy_for_user(request.user, pk)
    require_town_office(request.user)
    form = OpenCycleForm(request.POST)
    if form.is_valid():
        try:
            cycle = actions.open_cycle(policy=policy, period=form.cleaned_data["period"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("incentives:cycle", pk=cycle.pk)
    return _invalid(request, policy, cycle_form=form)


@login_required
def policy_forecast(request, pk):
    policy = queries.policy_for_user(request.user, pk)
    form = ForecastForm(request.GET or {"first_year": timezone.localdate().year, "years": 5, "unit": "year"})
    forecast = None
    if form.is_valid():
        data = form.cleaned_data
        if data["amount"] is None and not policy.rates.exists():
            form.add_error("amount", _("The policy has no rate yet: give the proposed amount."))
        else:
            forecast = queries.forecast(request.user, policy, years=data["years"], first_year=data["first_year"],
                                        amount=data["amount"], unit=data["unit"])
    return render(request, "incentives/forecast.html", {"policy": policy, "form": form, "forecast": forecast})
