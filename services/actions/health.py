"""Plan a health campaign and change it, invite its target group from the registry, record who came, what was
found and each step of a finding's follow-up. Nothing is deleted: an invitation is withdrawn, a finding closed.

The campaign itself is the town office's; an invitation's attendance, its findings and their follow-up may also be
recorded by the specialist of the woman's village."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members import queries_asof
from services.actions import require_open_dates, require_writer
from services.models import CampaignInvitation, Finding, FollowUp, HealthCampaign
from services.models.health import STATE_ORDER, FindingState
from villages.locking import claim, lock
from villages.models import Town, User
from villages.roles import require_town_office

CAMPAIGN_FIELDS = {"kind", "title", "starts_on", "ends_on", "place", "team", "target", "note"}


def _not_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("A date in the future cannot be recorded yet.")})


def _check_campaign(campaign: HealthCampaign, villages) -> None:
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        raise ValidationError({"ends_on": _("A campaign ends on or after the day it starts.")})
    if any(village.town_id != campaign.town_id for village in villages):
        raise ValidationError({"villages": _("This village is not in the town.")})
    campaign.full_clean(exclude=["villages"])


@transaction.atomic
def plan_campaign(*, town: Town, kind: str, title: str, starts_on: datetime.date, ends_on: datetime.date,
                  place: str, team: str, by: User | None, villages=(),
                  target: str = HealthCampaign.Target.MARRIED_WOMEN, note: str = "",
                  correction_reason: str = "") -> HealthCampaign:
    """A campaign of the town over the villages named (every village when none is)."""
    require_town_office(by, town.pk)
    villages = list(villages)
    campaign = HealthCampaign(town=town, kind=kind, title=title, starts_on=starts_on, ends_on=ends_on, place=place,
                              team=team, target=target, note=note)
    _check_campaign(campaign, villages)
    campaign._history_user = by
    campaign.save()
    campaign.villages.set(villages)
    require_open_dates(town=town, dates=[starts_on, ends_on], reason=correction_reason, by=by, record=campaign,
                       what=_("health campaign %(title)s") % {"title": title})
    return campaign


@transaction.atomic
def update_campaign(*, campaign: HealthCampaign, version: int | None, by: User | None, villages=None,
                    correction_reason: str = "", **fields) -> HealthCampaign:
    """Change a campaign's details or villages; its dates cannot move once women are invited."""
    require_town_office(by, campaign.town_id)
    unknown = set(fields) - CAMPAIGN_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(campaign, version)
    before = (current.starts_on, current.ends_on)
    for field, value in fields.items():
        setattr(current, field, value)
    chosen = list(villages) if villages is not None else list(current.villages.all())
    _check_campaign(current, chosen)
    invited = current.invitations.all()
    if current.starts_on != before[0] and invited.exists():
        raise ValidationError({"starts_on": _("Women were invited from the registry as of the first day: the day "
                                              "cannot move now.")})
    if villages is not None and chosen and invited.exclude(village__in=chosen).exists():
        raise ValidationError({"villages": _("Women of a village left out were invited already: withdraw their "
                                             "invitations first.")})
    after = (current.starts_on, current.ends_on)
    moved = [day for old, new in zip(before, after, strict=True) if old != new for day in (old, new)]
    require_open_dates(town=current.town, dates=moved, reason=correction_reason, by=by, record=current,
                       what=_("health campaign %(title)s") % {"title": current.title})
    current._history_user = by
    current.save()
    if villages is not None:
        current.villages.set(chosen)
    return current


def target_group(campaign: HealthCampaign):
    """The women of the campaign's target group on its first day, from the registry's dated records, in the
    villages it covers (each with `village_on`)."""
    women = queries_asof.married_women_on(campaign.town_id, campaign.starts_on)
    villages = [village.pk for village in campaign.villages.all()]
    return women.filter(village_on__in=villages) if villages else women.filter(village_on__isnull=False)


@transaction.atomic
def invite_target_group(*, campaign: HealthCampaign, invited_on: datetime.date, by: User | None,
                        correction_reason: str = "") -> list[CampaignInvitation]:
    """Invite every woman of the target group not invited yet; returns the new invitations."""
    require_town_office(by, campaign.town_id)
    campaign = lock(campaign)
    _not_future(invited_on, "invited_on")
    if invited_on > campaign.ends_on:
        raise ValidationError({"invited_on": _("The campaign ended on %(date)s: invite before it ends.")
                               % {"date": campaign.ends_on.isoformat()}})
    require_open_dates(town=campaign.town, dates=[invited_on], reason=correction_reason, by=by, record=campaign,
                       what=_("invitations to %(title)s") % {"title": campaign.title})
    invited = set(campaign.invitations.values_list("person_id", flat=True))
    rows = [CampaignInvitation(campaign=campaign, person_id=pk, village_id=village, invited_on=invited_on)
            for pk, village in target_group(campaign).order_by("pk").values_list("pk", "village_on")
            if pk not in invited]
    return bulk_create_with_history(rows, CampaignInvitation, batch_size=500, default_user=by)


def _writer(invitation: CampaignInvitation, by: User | None) -> None:
    require_writer(by, invitation.campaign.town, invitation.village)


@transaction.atomic
def record_attendance(*, invitation: CampaignInvitation, attendance: str, attended_on: datetime.date,
                      version: int | None, by: User | None, correction_reason: str = "") -> CampaignInvitation:
    """Whether she was examined (or did not come), and the day."""
    _writer(invitation, by)
    if attendance not in CampaignInvitation.Attendance.values:
        raise ValidationError({"attendance": _("Choose whether she was examined.")})
    _not_future(attended_on, "attended_on")
    current = claim(invitation, version)
    campaign = current.campaign
    if current.withdrawn_on is not None:
        raise ValidationError({"__all__": _("The invitation was withdrawn.")})
    if not campaign.starts_on <= attended_on <= campaign.ends_on:
        raise ValidationError({"attended_on": _("The campaign ran from %(start)s to %(end)s.")
                               % {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()}})
    if attendance == CampaignInvitation.Attendance.ABSENT and current.findings.exists():
        raise ValidationError({"attendance": _("Findings are recorded for her examination.")})
    require_open_dates(town=campaign.town, dates=[current.attended_on, attended_on], reason=correction_reason,
                       by=by, record=current, village=current.village,
                       what=_("attendance at %(title)s") % {"title": campaign.title})
    current.attendance, current.attended_on = attendance, attended_on
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def withdraw_invitation(*, invitation: CampaignInvitation, withdrawn_on: datetime.date, reason: str,
                        version: int | None, by: User | None, correction_reason: str = "") -> CampaignInvitation:
    """She is no longer expected (moved away, examined elsewhere …); the invitation stays, withdrawn."""
    _writer(invitation, by)
    _not_future(withdrawn_on, "withdrawn_on")
    current = claim(invitation, version)
    if current.withdrawn_on is not None:
        raise ValidationError({"__all__": _("The invitation was withdrawn already.")})
    if current.attendance:
        raise ValidationError({"__all__": _("Her attendance is recorded: the invitation cannot be withdrawn.")})
    if withdrawn_on < current.invited_on:
        raise ValidationError({"withdrawn_on": _("She was invited on %(date)s.") % {"date": current.invited_on}})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    require_open_dates(town=current.campaign.town, dates=[withdrawn_on], reason=correction_reason, by=by,
                       record=current, village=current.village,
                       what=_("invitation to %(title)s") % {"title": current.campaign.title})
    current.withdrawn_on, current.withdrawal_reason = withdrawn_on, reason.strip()
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def record_finding(*, invitation: CampaignInvitation, category: str, found_on: datetime.date, by: User | None,
                   note: str = "", correction_reason: str = "") -> Finding:
    """A finding of her examination, open from the day it was found."""
    _writer(invitation, by)
    invitation = lock(invitation)
    _not_future(found_on, "found_on")
    if invitation.attendance != CampaignInvitation.Attendance.EXAMINED:
        raise ValidationError({"__all__": _("Record her examination first.")})
    if found_on < invitation.attended_on:
        raise ValidationError({"found_on": _("She was examined on %(date)s.")
                               % {"date": invitation.attended_on.isoformat()}})
    finding = Finding(invitation=invitation, category=category, found_on=found_on, note=note,
                      state=FindingState.OPEN, state_since=found_on)
    finding.full_clean()
    finding._history_user = by
    finding.save()
    require_open_dates(town=invitation.campaign.town, dates=[found_on], reason=correction_reason, by=by,
                       record=finding, village=invitation.village,
                       what=_("finding of %(title)s") % {"title": invitation.campaign.title})
    step = FollowUp(finding=finding, state=FindingState.OPEN, on=found_on, recorded_by=by)
    step._history_user = by
    step.save()
    return finding


@transaction.atomic
def follow_up(*, finding: Finding, state: str, on: datetime.date, version: int | None, by: User | None,
              note: str = "", correction_reason: str = "") -> Finding:
    """The next step of the follow-up: referred, treated, closed — forward only, a step may be skipped (treated
    on the spot), each dated on or after the one before."""
    invitation = finding.invitation
    _writer(invitation, by)
    if state not in FindingState.values or state == FindingState.OPEN:
        raise ValidationError({"state": _("Choose the next step.")})
    _not_future(on, "on")
    current = claim(finding, version)
    if STATE_ORDER[state] <= STATE_ORDER[current.state]:
        raise ValidationError({"state": _("The finding is %(state)s already: choose a later step.")
                               % {"state": current.get_state_display()}})
    if on < current.state_since:
        raise ValidationError({"on": _("The last step was on %(date)s: the next is dated on or after it.")
                               % {"date": current.state_since.isoformat()}})
    require_open_dates(town=invitation.campaign.town, dates=[on], reason=correction_reason, by=by, record=current,
                       village=invitation.village,
                       what=_("follow-up of a finding of %(title)s") % {"title": invitation.campaign.title})
    current.state, current.state_since = state, on
    current._history_user = by
    current.save()
    step = FollowUp(finding=current, state=state, on=on, note=note, recorded_by=by)
    step._history_user = by
    step.save()
    return current
