"""The association's year on the specialist's side: feedback received, meetings, evaluations, awards, rules."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from association import queries
from association.actions import work
from association.forms import (
    AwardForm,
    CriteriaFormSet,
    EvaluationForm,
    FeedbackForm,
    MeetingForm,
    RulesForm,
)
from association.views.common import begun_month, require_change, today, year_and_years
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.models import SensitiveAccess
from villages.pagination import paginate
from villages.privacy import log_access
from villages.roles import is_association_member, is_town_office, may_change, require_town_office


@login_required
def feedback_enter(request, pk, year, month):
    """The specialist enters (or corrects) a member's report, for instance one handed in on paper."""
    member = queries.member_for_user(request.user, pk)
    require_change(request.user)
    month = begun_month(year, month)
    existing = member.feedback.filter(month=month).prefetch_related("notes").first()
    form = FeedbackForm(request.POST or None, households=queries.card_households_in(member, month),
                        feedback=existing, on_behalf=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            work.submit_feedback(member=member, month=month, households_contacted=data["households_contacted"],
                                 changes=data["changes"], help_needed=data["help_needed"], notes=form.notes(),
                                 received_on=data.get("received_on"), version=data.get("version"), by=request.user)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Feedback saved."))
            return redirect(f"{_url('association:feedback_month', member.village_id)}?month={month:%Y-%m}")
    return render(request, "association/feedback_form.html", {
        "member": member, "month": month, "form": form, "feedback": existing, "own": False})


def _url(name: str, pk: int) -> str:
    return reverse(name, kwargs={"pk": pk})


@login_required
def feedback_detail(request, pk):
    feedback = queries.feedback_for_user(request.user, pk)
    member = feedback.member
    readable = queries.may_read_feedback_text(request.user, member)
    if readable and member.user_id != request.user.pk:
        log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=member.village_id,
                   what=str(feedback), record_type="MonthlyFeedback", record_id=feedback.pk)
    return render(request, "association/feedback_detail.html", {
        "feedback": feedback, "member": member, "readable": readable,
        "may_change": may_change(request.user) and not is_association_member(request.user)})


@login_required
def meeting_list(request, pk):
    village = queries.village_for_association(request.user, pk)
    year, years = year_and_years(request, village.town_id)
    meetings = queries.meeting_list(request.user, village=village.pk, year=year)
    return render(request, "association/meeting_list.html", {
        "village": village, "year": year, "years": years, "page": paginate(request, meetings),
        "may_change": may_change(request.user)})


@login_required
def meeting_new(request, pk):
    village = queries.village_for_association(request.user, pk)
    require_change(request.user)
    held_on = request.POST.get("held_on") or request.GET.get("held_on")
    members = _members_on(request.user, village.pk, held_on)
    form = MeetingForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = work.record_meeting(village=village, attendance=form.attendance(), by=request.user,
                                          **form.meeting_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("association:meeting", pk=meeting.pk)
    return render(request, "association/meeting_form.html", {"village": village, "form": form})


def _members_on(user, village_id: int, held_on: str | None) -> list:
    try:
        day = datetime.date.fromisoformat(held_on or "")
    except ValueError:
        day = today()
    return list(queries.members_for(user).filter(village_id=village_id).current(day).select_related("group")
                .order_by("group__number", "name"))


@login_required
def meeting_detail(request, pk):
    meeting = queries.meeting_for_user(request.user, pk)
    return render(request, "association/meeting_detail.html", {
        "meeting": meeting, "may_change": may_change(request.user)})


@login_required
def meeting_edit(request, pk):
    meeting = queries.meeting_for_user(request.user, pk)
    require_change(request.user)
    members = _members_on(request.user, meeting.village_id,
                          request.POST.get("held_on") or meeting.held_on.isoformat())
    form = MeetingForm(request.POST or None, members=members, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            work.update_meeting(meeting=meeting, version=form.cleaned_data["version"], by=request.user,
                                attendance=form.attendance(), **form.meeting_fields())
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("association:meeting", pk=meeting.pk)
    return render(request, "association/meeting_form.html", {
        "village": meeting.village, "form": form, "meeting": meeting})


@login_required
def evaluation_list(request, pk):
    village = queries.village_for_association(request.user, pk)
    year, years = year_and_years(request, village.town_id)
    return render(request, "association/evaluation_list.html", {
        "village": village, "year": year, "years": years,
        "rows": queries.members_to_evaluate(request.user, village.pk, year),
        "criteria": queries.criteria_for(village.town_id, year), "may_change": may_change(request.user)})


@login_required
def evaluate(request, pk, year):
    member = queries.member_for_user(request.user, pk)
    require_change(request.user)
    evaluation = member.evaluations.filter(year=year).prefetch_related("scores").first()
    form = EvaluationForm(request.POST or None, criteria=queries.criteria_for(member.village.town_id, year),
                          evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            work.evaluate_member(member=member, year=year, scores=form.scores(), by=request.user,
                                 comment=form.cleaned_data["comment"], version=form.cleaned_data["version"],
                                 evaluated_on=form.cleaned_data["evaluated_on"])
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Evaluation saved."))
            return redirect(f"{_url('association:evaluations', member.village_id)}?year={year}")
    return render(request, "association/evaluation_form.html", {
        "member": member, "year": year, "form": form, "evaluation": evaluation})


@login_required
def award(request, pk):
    evaluation = queries.evaluation_for_user(request.user, pk)
    require_change(request.user)
    form = AwardForm(request.POST or None, initial={"awarded_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            work.give_award(evaluation=evaluation, kind=data["kind"], amount=data["amount"] or 0,
                            keepsake=data["keepsake"], awarded_on=data["awarded_on"], note=data["note"],
                            by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Award recorded."))
            return redirect(f"{_url('association:evaluations', evaluation.member.village_id)}"
                            f"?year={evaluation.year}")
    return render(request, "association/form.html", {
        "village": evaluation.member.village, "form": form,
        "title": _("Award for %(name)s, %(year)s") % {"name": evaluation.member.name, "year": evaluation.year}})


@login_required
def rules(request, year):
    """The town's rules and evaluation criteria for a year: the town office sets them, everyone reads them."""
    town = queries.town_of(request.user)
    if town is None or is_association_member(request.user) or not 2000 <= year <= 2100:
        raise Http404
    current = queries.year_rules(town.pk, year)
    criteria = queries.criteria_for(town.pk, year)
    initial = [{"pk": c.pk, "order": c.order, "name": c.name, "max_score": c.max_score,
                "description": c.description} for c in criteria]
    posted = request.method == "POST"
    if posted:
        require_town_office(request.user, town.pk)
    form = RulesForm(request.POST if posted else None, instance=current)
    formset = CriteriaFormSet(request.POST if posted else None, initial=initial, prefix="criteria")
    if posted and form.is_valid() and formset.is_valid() and _save_rules(request, town, year, form, formset):
        return redirect("association:rules", year=year)
    return render(request, "association/rules.html", {
        "town": town, "year": year, "form": form, "formset": formset, "criteria": criteria,
        "may_change": is_town_office(request.user)})


def _save_rules(request, town, year, form, formset) -> bool:
    rows = [{**f.cleaned_data, "delete": f.cleaned_data.get("DELETE", False)} for f in formset.forms
            if f.has_changed() or f.cleaned_data.get("pk")]
    try:
        with transaction.atomic():
            work.set_year_rules(town=town, year=year, by=request.user,
                                **{f: form.cleaned_data[f] for f in form.Meta.fields})
            work.save_criteria(town=town, year=year, rows=rows, by=request.user)
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, _("The rules for %(year)s are saved.") % {"year": year})
    return True
