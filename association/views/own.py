"""An association member's own pages (phone-friendly): their card and group, and this month's feedback."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from association import queries
from association.actions import work
from association.forms import FeedbackForm
from association.queries import figures
from association.views.common import begun_month, today, year_and_years
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.periods import month_end


@login_required
def my_card(request):
    """The member's card: this month's feedback to give, the households served, and a year's reports (?year=)."""
    member = queries.own_member(request.user)
    year, years = year_and_years(request, member.village.town_id, member)
    this_month = today().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    months = figures.feedback_by(request.user, year, today(), key="pk", pk=member.pk).get(member.pk, {})
    reports = queries.feedback_of_member(member, year)
    recent = {report.month: report for report in member.feedback.filter(month__in=[last_month, this_month])}
    return render(request, "association/me.html", {
        "member": member, "households": queries.card_households(member), "this_month": this_month,
        "last_month": last_month if member.joined_on <= month_end(last_month) else None,
        "year": year, "years": years, "this_report": recent.get(this_month), "last_report": recent.get(last_month),
        "months": [(figure, reports.get(month)) for month, figure in sorted(months.items(), reverse=True)],
        "evaluations": queries.own_evaluations(member),
        "group_members": queries.members_for(request.user).current().exclude(pk=member.pk).order_by("name"),
        "rules": queries.year_rules(member.village.town_id, this_month.year)})


@login_required
def my_feedback(request, year, month):
    member = queries.own_member(request.user)
    month = begun_month(year, month)
    existing = member.feedback.filter(month=month).prefetch_related("notes").first()
    form = FeedbackForm(request.POST or None, households=queries.card_households_in(member, month),
                        feedback=existing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback = work.submit_feedback(
                member=member, month=month, households_contacted=data["households_contacted"],
                changes=data["changes"], help_needed=data["help_needed"], notes=form.notes(),
                version=data.get("version"), by=request.user)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            status = _("late") if feedback.is_late else _("on time")
            messages.success(request, _("Feedback for %(month)s received (%(status)s).")
                             % {"month": f"{month:%Y-%m}", "status": status})
            return redirect("association:me")
    return render(request, "association/feedback_form.html", {
        "member": member, "month": month, "form": form, "feedback": existing, "own": True,
        "due_on": existing.due_on if existing else _due_on(member, month)})


def _due_on(member, month: datetime.date) -> datetime.date:
    rules = queries.year_rules(member.village.town_id, month.year)
    return rules.due_on(month, rules.feedback_due_day)
