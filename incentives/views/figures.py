"""What leadership reads: village policies by kind, recipients and amounts, coverage, budgets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from incentives import actions, queries
from incentives.forms import BudgetForm, YearForm
from incentives.queries.figures import village_policies_by_kind
from villages import closing
from villages.form_errors import apply_errors
from villages.periods import YEAR, Period
from villages.queries import villages_for
from villages.roles import is_town_office, require_town_office


@login_required
def overview(request):
    year = YearForm(request.GET).year_or(closing.working_year_of(request.user))
    by_policy = queries.benefits_by_policy(request.user, year)
    town_wide, village_kinds = village_policies_by_kind(by_policy)
    return render(request, "incentives/overview.html", {
        "year": year, "kinds": queries.village_policy_kinds(request.user, Period(YEAR, year)),
        "by_policy": town_wide, "by_village_kind": village_kinds, "totals": queries.totals(by_policy),
        "by_village": queries.benefits_by_village(request.user, year),
        "by_year": queries.benefits_by_year(request.user),
        "open_cycles": queries.cycle_list(request.user).exclude(status="closed")[:20],
        "may_change": is_town_office(request.user)})


@login_required
def budgets(request):
    year = YearForm(request.GET).year_or(closing.working_year_of(request.user))
    office = is_town_office(request.user)
    form = None
    if office:
        form = BudgetForm(request.POST or None, policies=queries.policies_for(request.user),
                          villages=villages_for(request.user), initial={"year": year})
        if request.method == "POST" and form.is_valid():
            try:
                actions.set_budget(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Budget saved."))
                return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    elif request.method == "POST":
        require_town_office(request.user)
    return render(request, "incentives/budgets.html", {"year": year, "rows": queries.budget_rows(request.user, year),
                                                       "form": form},
                  status=400 if request.method == "POST" else 200)
