"""The demo town's July health campaign.

From the town's report: "In July we invited county family planning technical experts to enter the villages to
carry out gynaecological examinations, received 551 women of childbearing age and found 216 patients with
gynaecological diseases, including 3 uterine fibroids, 21 endocrine disorders and 192 gynaecological
inflammations, so that they received timely and reasonable treatment."

The experts went to the service rooms of the villages in VILLAGES (by code position), whose married women of
childbearing age on the campaign's first day — read from the registry's dated records — were all invited: 551 were
examined, a few invitations were withdrawn (examined elsewhere, working away), the others did not come. Of the
examined, 216 had a finding (3 + 21 + 192); each was treated — fibroids and endocrine disorders after a referral to
the county hospital — and closed after a check by the autumn. Deterministic, idempotent (a town that has a campaign
keeps it), bulk writes.
"""

import datetime

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from demo.dating import date_history, day_of
from demo.town import DEMO_YEAR, current_profile
from services.actions.health import target_group
from services.models import CampaignInvitation, Finding, FollowUp, HealthCampaign
from villages.models import Town

STARTS_ON, ENDS_ON = datetime.date(DEMO_YEAR, 7, 7), datetime.date(DEMO_YEAR, 7, 18)
VILLAGES = (1, 2, 3, 4)  # positions (by code) of the villages the experts went to, one or two days each
EXAMINED = 551
FINDINGS = (  # (category, how many, [(state, days after the examination, note)])
    (Finding.Category.UTERINE_FIBROID, 3, [(Finding.State.REFERRED, 3, "转县人民医院妇科"),
                                           (Finding.State.TREATED, 40, "手术治疗"),
                                           (Finding.State.CLOSED, 80, "复查正常")]),
    (Finding.Category.ENDOCRINE, 21, [(Finding.State.REFERRED, 7, "转县妇幼保健院内分泌门诊"),
                                      (Finding.State.TREATED, 45, "药物调理"),
                                      (Finding.State.CLOSED, 100, "复查正常")]),
    (Finding.Category.INFLAMMATION, 192, [(Finding.State.TREATED, 2, "服务室对症用药"),
                                          (Finding.State.CLOSED, 40, "随访痊愈")]),
)
WITHDRAWN = 12
WITHDRAWAL_REASONS = ["已在县妇幼保健院检查", "外出务工，不在本地"]


@transaction.atomic
def build(town: Town) -> int:
    """Build the July campaign; returns the number of rows written (0 if the town has a campaign already)."""
    if HealthCampaign.objects.filter(town=town).exists():
        return 0
    villages = list(town.villages.order_by("code"))
    chosen = [villages[position - 1] for position in VILLAGES if position <= len(villages)]
    campaign = HealthCampaign.objects.create(
        town=town, kind=HealthCampaign.Kind.GYNAECOLOGICAL, title="县计生技术专家进村妇科病普查",
        starts_on=STARTS_ON, ends_on=ENDS_ON, place="各村计生服务室", team="县计划生育技术服务专家组",
        target=HealthCampaign.Target.MARRIED_WOMEN, note="镇计生办邀请县计生技术专家进村开展妇科病普查普治")
    campaign.villages.set(chosen)
    days = {village.pk: STARTS_ON + datetime.timedelta(days=3 * index) for index, village in enumerate(chosen)}
    women = list(target_group(campaign).order_by("pk").values_list("pk", "village_on"))
    rng = current_profile().rng(20250707)
    order = list(range(len(women)))
    rng.shuffle(order)
    examined = set(order[:EXAMINED])
    withdrawn = set(order[EXAMINED:EXAMINED + WITHDRAWN])
    invitations = []
    for index, (person, village) in enumerate(women):
        day = days[village] + datetime.timedelta(days=index % 2)
        invitation = CampaignInvitation(campaign=campaign, person_id=person, village_id=village,
                                invited_on=STARTS_ON - datetime.timedelta(days=7))
        if index in examined:
            invitation.attendance, invitation.attended_on = CampaignInvitation.Attendance.EXAMINED, day
        elif index in withdrawn:
            invitation.withdrawn_on = STARTS_ON - datetime.timedelta(days=2)
            invitation.withdrawal_reason = WITHDRAWAL_REASONS[index % len(WITHDRAWAL_REASONS)]
        else:
            invitation.attendance, invitation.attended_on = CampaignInvitation.Attendance.ABSENT, day
        invitations.append(invitation)
    invitations = bulk_create_with_history(invitations, CampaignInvitation, batch_size=500)
    examined = CampaignInvitation.Attendance.EXAMINED
    seen = sorted((invitation for invitation in invitations if invitation.attendance == examined),
                  key=lambda invitation: invitation.pk)
    found = rng.sample(seen, sum(count for _, count, _ in FINDINGS))
    findings, plans = [], []
    for category, count, steps in FINDINGS:
        for invitation in found[:count]:
            last_state, last_day = steps[-1][0], invitation.attended_on + datetime.timedelta(days=steps[-1][1])
            findings.append(Finding(invitation=invitation, category=category, found_on=invitation.attended_on,
                                    state=last_state, state_since=last_day))
            plans.append(steps)
        found = found[count:]
    findings = bulk_create_with_history(findings, Finding, batch_size=500)
    follow_ups = []
    for finding, steps in zip(findings, plans, strict=True):
        follow_ups.append(FollowUp(finding=finding, state=Finding.State.OPEN, on=finding.found_on))
        follow_ups += [FollowUp(finding=finding, state=state, on=finding.found_on + datetime.timedelta(days=days),
                                note=note) for state, days, note in steps]
    bulk_create_with_history(follow_ups, FollowUp, batch_size=1000)
    date_history(HealthCampaign, day_of("starts_on"), town=town)
    date_history(CampaignInvitation, day_of("invited_on"), campaign__town=town)
    date_history(Finding, day_of("state_since"), invitation__campaign__town=town)
    date_history(FollowUp, day_of("on"), finding__invitation__campaign__town=town)
    return 1 + len(invitations) + len(findings) + len(follow_ups)
