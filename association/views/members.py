"""A village's members: recruit, show, edit, the contact card, hand over and leave, the yearly re-check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from association import queries
from association.actions import members as actions
from association.forms import (
    AssignForm,
    HandoverForm,
    MemberEditForm,
    RecheckForm,
    RecruitForm,
    TakeOffForm,
)
from association.queries import figures
from association.views.common import require_change, today, year_and_years, year_asked
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.roles import is_association_member, may_change


@login_required
def member_new(request, pk):
    village = queries.village_for_association(request.user, pk)
    require_change(request.user)
    form = RecruitForm(request.POST or None, village=village)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = actions.recruit_member(
                village=village, group=data["group"], name=data["name"], role=data["role"], person=data["person"],
                joined_on=data["joined_on"], duties=data["duties"], note=data["note"], by=request.user,
                correction_reason=data["correction_reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s joined the association.") % {"name": member.name})
            return redirect("association:card", pk=member.pk)
    return render(request, "association/form.html", {
        "village": village, "form": form, "title": _("Recruit a member")})


@login_required
def member_detail(request, pk):
    member = queries.member_for_user(request.user, pk)
    if is_association_member(request.user) and member.user_id != request.user.pk:
        raise Http404
    year, years = year_and_years(request, member.village.town_id, member)
    months = figures.feedback_by(request.user, year, today(), key="pk", pk=member.pk).get(member.pk, {})
    reports = queries.feedback_of_member(member, year)
    return render(request, "association/member_detail.html", {
        "member": member, "year": year, "years": years, "households": queries.card_households(member),
        "history": queries.card_history(member), "reviews": member.reviews.order_by("-year", "-pk"),
        "months": [(figure, reports.get(month)) for month, figure in months.items()],
        "evaluations": member.evaluations.select_related("award").order_by("-year"),
        "attendance": member.attendance.select_related("meeting").order_by("-meeting__held_on")[:8],
        "may_change": may_change(request.user) and member.is_current})


@login_required
def member_edit(request, pk):
    member = queries.member_for_user(request.user, pk)
    require_change(request.user)
    form = MemberEditForm(request.POST or None, member=member, logins=queries.member_logins_for(member))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_member(member=member, version=form.cleaned_data["version"], by=request.user,
                                  **form.changes())
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("association:member", pk=member.pk)
    return render(request, "association/form.html", {
        "village": member.village, "member": member, "form": form, "title": _("Edit member %(name)s")
        % {"name": member.name}})


@login_required
def card_edit(request, pk):
    """Put households served by nobody on the member's card, or take one off."""
    member = queries.member_for_user(request.user, pk)
    require_change(request.user)
    assign = AssignForm(request.POST if "assign" in request.POST else None,
                        households=queries.assignable_households(member))
    take_off = TakeOffForm(request.POST if "take_off" in request.POST else None,
                           initial={"served_until": today()})
    if request.method == "POST" and _save_card(request, member, assign, take_off):
        return redirect("association:card", pk=member.pk)
    return render(request, "association/card_edit.html", {
        "member": member, "assign": assign, "take_off": take_off, "households": queries.card_households(member),
        "today": today()})


def _save_card(request, member, assign, take_off) -> bool:
    try:
        if assign.is_bound and assign.is_valid():
            rows = actions.assign_households(member=member, households=list(assign.cleaned_data["households"]),
                                             served_from=assign.cleaned_data["served_from"], by=request.user,
                                             correction_reason=assign.cleaned_data["correction_reason"])
            messages.success(request, _("%(count)d households added to the card.") % {"count": len(rows)})
            return True
        if take_off.is_bound and take_off.is_valid():
            assignment = member.assignments.current().filter(pk=take_off.cleaned_data["assignment"]).first()
            if assignment is None:
                raise Http404
            actions.take_off_card(assignment=assignment, served_until=take_off.cleaned_data["served_until"],
                                  by=request.user, correction_reason=take_off.cleaned_data["correction_reason"])
            messages.success(request, _("Household %(number)s taken off the card.")
                             % {"number": assignment.household.number})
            return True
    except ValidationError as error:
        apply_errors(assign if assign.is_bound else take_off, error)
    return False


@login_required
def handover(request, pk):
    """Hand all of a member's households to another member in one step, and record the leaving if they leave."""
    member = queries.member_for_user(request.user, pk)
    require_change(request.user)
    form = HandoverForm(request.POST or None, successors=queries.successors_for(member))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _hand_over(request, member, data)
        except ValidationError as error:
            apply_errors(form, _dated_on(error))
        else:
            return redirect("association:village", pk=member.village_id)
    return render(request, "association/handover.html", {
        "member": member, "form": form, "households": queries.card_households(member),
        "coverage": figures.coverage_by(request.user, "village", today(), village_id=member.village_id)
        .get(member.village_id)})


def _dated_on(error: ValidationError) -> ValidationError:
    """The actions name the date by its meaning; the form has one date field, `on`."""
    if not hasattr(error, "error_dict"):
        return error
    dates = {"handed_over_on", "left_on", "served_until"}
    errors = {}
    for field, texts in error.message_dict.items():
        errors.setdefault("on" if field in dates else field, []).extend(texts)
    return ValidationError(errors)


def _hand_over(request, member, data) -> None:
    reason = data["leave_reason"] if data["leaves"] else ""
    if data["successor"]:
        rows = actions.hand_over_households(member=member, successor=data["successor"], handed_over_on=data["on"],
                                            by=request.user, leave_reason=reason, leave_note=data["note"],
                                            correction_reason=data["correction_reason"])
        messages.success(request, _("%(count)d households handed over to %(name)s.")
                         % {"count": len(rows), "name": data["successor"].name})
    else:
        actions.leave_association(member=member, left_on=data["on"], reason=reason, note=data["note"],
                                  by=request.user, correction_reason=data["correction_reason"])
    if reason:
        messages.success(request, _("%(name)s left the association.") % {"name": member.name})


@login_required
def recheck(request, pk):
    """The yearly re-check: each member on the roll is kept or leaves."""
    village = queries.village_for_association(request.user, pk)
    require_change(request.user)
    year = year_asked(request, queries.default_year(village.town_id, today()))
    checked = queries.reviews_for(request.user).filter(year=year, outcome__in=["kept", "left"]).values("member")
    members = list(queries.members_for(request.user).current().filter(village=village).exclude(pk__in=checked)
                   .select_related("group").order_by("group__number", "name"))
    form = RecheckForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        kept, left = form.decisions()
        try:
            counts = actions.record_recheck(village=village, year=year, decided_on=form.cleaned_data["decided_on"],
                                            by=request.user, kept=kept, left=left,
                                            correction_reason=form.cleaned_data["correction_reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Re-check of %(year)s recorded: %(kept)d kept, %(left)d left.")
                             % {"year": year, **counts})
            return redirect("association:village", pk=village.pk)
    return render(request, "association/recheck.html", {
        "village": village, "form": form, "year": year, "reviews": queries.review_counts(request.user, year,
                                                                                        village.pk)})
