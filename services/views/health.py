"""The health campaigns' pages: a year's campaigns, a campaign with its counts and — for the town office and the
village's specialist — its invitations, attendance and findings; planning a campaign and inviting its target group,
recording attendance and findings; a finding with its follow-up. Every page showing a woman's invitation or
finding writes the access log (villages.privacy)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from services.actions import health as actions
from services.forms import CampaignForm, CampaignInviteForm, ExaminationForm, FindingForm, FollowUpForm, WithdrawForm
from services.models.health import FindingCategory
from services.queries import health as queries
from services.queries.scope import may_write
from services.views.common import require_reader, run
from villages.closing import chosen_year, year_choices
from villages.models import SensitiveAccess
from villages.pagination import paginate
from villages.privacy import log_access, sees_sensitive_in_jurisdiction
from villages.roles import may_change


def _may_plan(user, town_id: int) -> bool:
    return may_write(user, town_id, None)


def _require_planner(user, campaign) -> None:
    if not _may_plan(user, campaign.town_id):
        raise PermissionDenied


def _require_recorder(user, invitation) -> None:
    if not may_write(user, invitation.campaign.town_id, invitation.village):
        raise PermissionDenied


def _log(user, rows, what: str, record_type: str) -> None:
    """One access-log row for the women's records shown (their village when they are all of one)."""
    if not rows:
        return
    villages = {row.village_id for row in rows}
    log_access(user=user, action=SensitiveAccess.Action.VIEW, village_id=villages.pop() if len(villages) == 1 else None,
               what=what, record_type=record_type, record_id=rows[0].pk if len(rows) == 1 else None, count=len(rows))


@login_required
def campaign_list(request):
    town = require_reader(request.user)
    year = chosen_year(request.GET.get("year"), town)
    return render(request, "services/campaign_list.html", {
        "town": town, "year": year, "years": year_choices(town),
        "page": paginate(request, queries.campaigns_of_year(request.user, year)),
        "may_change": _may_plan(request.user, town.pk)})


@login_required
def campaign_new(request):
    town = require_reader(request.user)
    if not _may_plan(request.user, town.pk):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, town=town)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        campaign = run(form, lambda: actions.plan_campaign(town=town, by=request.user, **data))
        if campaign is not None:
            messages.success(request, _("Campaign recorded."))
            return redirect("services:campaign", pk=campaign.pk)
    return render(request, "services/form.html", {"form": form, "title": _("New health campaign")})


@login_required
def campaign_detail(request, pk):
    campaign = queries.campaign_for_user(request.user, pk)
    sensitive = sees_sensitive_in_jurisdiction(request.user)
    page = None
    if sensitive:
        page = paginate(request, queries.campaign_invitations(request.user, campaign))
        _log(request.user, list(page), _("invitations, attendance and findings of %(title)s")
             % {"title": campaign.title}, "CampaignInvitation")
    return render(request, "services/campaign_detail.html", {
        "campaign": campaign, "counts": queries.campaign_counts(request.user, campaign),
        "categories": FindingCategory.labels, "sensitive": sensitive, "page": page,
        "may_plan": _may_plan(request.user, campaign.town_id),
        "may_record": sensitive and may_change(request.user)})


@login_required
def campaign_edit(request, pk):
    campaign = queries.campaign_for_user(request.user, pk)
    _require_planner(request.user, campaign)
    form = CampaignForm(request.POST or None, instance=campaign, town=campaign.town)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        if run(form, lambda: actions.update_campaign(campaign=campaign, version=version, by=request.user, **data)):
            messages.success(request, _("Saved."))
            return redirect("services:campaign", pk=campaign.pk)
    return render(request, "services/form.html", {"form": form, "record": campaign,
                                                  "title": _("Edit %(name)s") % {"name": campaign.title}})


@login_required
def campaign_invite(request, pk):
    campaign = queries.campaign_for_user(request.user, pk)
    _require_planner(request.user, campaign)
    form = CampaignInviteForm(request.POST or None, initial={"invited_on": campaign.starts_on})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        invited = run(form, lambda: actions.invite_target_group(campaign=campaign, by=request.user, **data))
        if invited is not None:
            messages.success(request, _("%(count)d women invited.") % {"count": len(invited)})
            return redirect("services:campaign", pk=campaign.pk)
    return render(request, "services/form.html", {
        "form": form, "record": campaign, "intro": _("Every woman of the target group on the campaign's first day, "
                                                     "from the registry, who is not invited yet."),
        "title": _("Invite the target group of %(name)s") % {"name": campaign.title}})


def _back(invitation) -> str:
    return reverse("services:campaign", kwargs={"pk": invitation.campaign_id})


def _invitation_form(request, pk, form_class, initial, save, title, done):
    """A form about one invitation: shown only to those who may see and record her data, logged."""
    invitation = queries.invitation_for_user(request.user, pk)
    _require_recorder(request.user, invitation)
    log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=invitation.village_id,
               what=str(invitation), record_type="CampaignInvitation", record_id=invitation.pk)
    form = form_class(request.POST or None, initial=initial(invitation))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if run(form, lambda: save(invitation, data)) is not None:
            messages.success(request, done)
            return redirect(_back(invitation))
    return render(request, "services/form.html", {
        "form": form, "record": invitation, "title": title % {"name": invitation.person.name,
                                                              "title": invitation.campaign.title}})


@login_required
def attendance(request, pk):
    return _invitation_form(
        request, pk, ExaminationForm,
        lambda i: {"version": i.version, "attendance": i.attendance or "examined",
                   "attended_on": i.attended_on or i.campaign.starts_on},
        lambda i, data: actions.record_attendance(invitation=i, by=request.user, **data),
        _("Attendance of %(name)s at %(title)s"), _("Attendance recorded."))


@login_required
def withdraw(request, pk):
    return _invitation_form(
        request, pk, WithdrawForm, lambda i: {"version": i.version},
        lambda i, data: actions.withdraw_invitation(invitation=i, by=request.user, **data),
        _("Withdraw the invitation of %(name)s to %(title)s"), _("Invitation withdrawn."))


@login_required
def finding_new(request, pk):
    return _invitation_form(
        request, pk, FindingForm, lambda i: {"found_on": i.attended_on},
        lambda i, data: actions.record_finding(invitation=i, by=request.user, **data),
        _("Finding of %(name)s at %(title)s"), _("Finding recorded."))


@login_required
def finding_detail(request, pk):
    finding = queries.finding_page(request.user, pk)
    invitation = finding.invitation
    log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=invitation.village_id,
               what=_("finding of %(name)s") % {"name": invitation.person.name}, record_type="Finding",
               record_id=finding.pk)
    return render(request, "services/finding_detail.html", {
        "finding": finding, "invitation": invitation,
        "may_change": may_write(request.user, invitation.campaign.town_id, invitation.village)})


@login_required
def finding_follow_up(request, pk):
    finding = queries.finding_for_user(request.user, pk)
    invitation = finding.invitation
    _require_recorder(request.user, invitation)
    log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=invitation.village_id,
               what=_("finding of %(name)s") % {"name": invitation.person.name}, record_type="Finding",
               record_id=finding.pk)
    form = FollowUpForm(request.POST or None, initial={"version": finding.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if run(form, lambda: actions.follow_up(finding=finding, by=request.user, **data)):
            messages.success(request, _("Follow-up recorded."))
            return redirect("services:finding", pk=finding.pk)
    return render(request, "services/form.html", {
        "form": form, "record": finding, "title": _("Follow-up of the finding of %(name)s")
        % {"name": invitation.person.name}})

