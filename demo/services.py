"""The demo town's family services: its sites, the money invested in them, the villages' funds for
self-government and the association's September fundraising.

From the town's report: the town "invested 350,000 yuan to create a provincial-level demonstration service
centre and improved the hardware of village-level service rooms" — 200,000 yuan in the town's service centre and
150,000 over fifteen villages' service rooms, all in DEMO_YEAR; and "in September the town association launched a
poverty-alleviation fundraising, members raised 7,350 yuan, which solved the urgent need for schooling of the
children of 34 families, 49 children".

The town's leading group for villager self-government (the party secretary of the town its leader, the town head
its deputy, the head of the family planning office heading its office) and one in every village (the party branch
secretary, the committee director and the family planning specialist, as their posts were held), and the demo
year's publicity "by television, vehicles, newspapers and slogans".

Every village has a service room, a population school, an association activity room and the three notice
columns, but for a few: three villages have no population school and two no activity room; three service rooms
needed repair from the summer. Deterministic, idempotent (each part is written once: a town that has sites,
leading groups or publicity keeps them), bulk writes.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Coalesce
from simple_history.utils import bulk_create_with_history

from demo.dating import date_history, day_of
from demo.town import DEMO_YEAR, current_profile
from services.models import (
    Donation,
    FundEntry,
    Fundraising,
    LeadingGroup,
    LeadingGroupMember,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
    SiteStateChange,
)
from villages.models import Appointment, Position, Town

Kind, State = ServiceSite.Kind, ServiceSite.State
CENTRE_INVESTMENT = Decimal(200_000)
ROOMS_INVESTMENT = Decimal(150_000)
IMPROVED_ROOMS = 15
RAISED = Decimal(7_350)
FAMILIES, CHILDREN = 34, 49
OPENED = datetime.date(2019, 3, 1)
NO_SCHOOL = {6, 19, 33}  # village positions (by code) without a population school
NO_ROOM = {12, 27}  # … without an association activity room
REPAIR = {4, 21, 38}  # … whose service room needed repair from DEMO_YEAR's summer
DONATIONS = [200, 100, 300, 150, 100, 200, 500, 100, 50, 200, 100, 300]
VILLAGE_KINDS = {
    Kind.SERVICE_ROOM: "{village}计生服务室",
    Kind.POPULATION_SCHOOL: "{village}人口学校",
    Kind.ACTIVITY_ROOM: "{village}计生协会活动室",
    Kind.NOTICE_ASSOCIATION: "{village}协会活动公开栏",
    Kind.NOTICE_POLICY: "{village}政策宣传栏",
    Kind.NOTICE_AFFAIRS: "{village}村务公开栏",
}
EQUIPMENT = {
    Kind.SERVICE_ROOM: "咨询台、宣传资料架、药具发放柜、血压计、身高体重秤",
    Kind.POPULATION_SCHOOL: "课桌椅三十套、投影仪、黑板",
    Kind.ACTIVITY_ROOM: "会议桌、档案柜、会员信息公示牌",
}


@transaction.atomic
def build(town: Town) -> int:
    """Build the town's services; returns the number of rows written (0 if they already exist)."""
    villages = list(town.villages.order_by("code"))
    written = 0
    if not ServiceSite.objects.filter(town=town).exists():
        written += _sites_and_funds(town, villages)
    if not LeadingGroup.objects.filter(town=town).exists():
        written += _leading_groups(town, villages)
    if not PublicityActivity.objects.filter(town=town).exists():
        written += _publicity(town, villages)
    return written


def _sites_and_funds(town: Town, villages: list) -> int:
    sites = _sites(town, villages)
    written = len(sites)
    written += _states(sites)
    written += _investments(sites)
    written += _funds(town, villages)
    written += _fundraising(town)
    for model, field, lookup in ((ServiceSite, "state_since", "town"), (SiteInvestment, "invested_on", "site__town"),
                                 (FundEntry, "entry_date", "town"), (SiteStateChange, "changed_on", "site__town")):
        date_history(model, day_of(field), **{lookup: town})
    return written


def _sites(town: Town, villages: list) -> list[ServiceSite]:
    year = DEMO_YEAR
    sites = [ServiceSite(town=town, village=None, kind=Kind.SERVICE_CENTRE, name=f"{town.name}计生服务站",
                         state=State.IN_USE, state_since=datetime.date(year, 6, 30),
                         equipment="B超机、妇检床、药具自助发放机、心理咨询室、母婴室",
                         opening_hours="周一至周五 8:30–17:30")]
    for position, village in enumerate(villages, start=1):
        for kind, name in VILLAGE_KINDS.items():
            if (kind == Kind.POPULATION_SCHOOL and position in NO_SCHOOL) or (
                    kind == Kind.ACTIVITY_ROOM and position in NO_ROOM):
                continue
            repair = kind == Kind.SERVICE_ROOM and position in REPAIR
            sites.append(ServiceSite(
                town=town, village=village, kind=kind, name=name.format(village=village.name),
                state=State.NEEDS_REPAIR if repair else State.IN_USE,
                state_since=datetime.date(year, 7, 15) if repair else OPENED,
                equipment=EQUIPMENT.get(kind, ""),
                opening_hours="每月逢五、逢十开放" if kind == Kind.SERVICE_ROOM else ""))
    return bulk_create_with_history(sites, ServiceSite, batch_size=500)


def _states(sites: list[ServiceSite]) -> int:
    changes = []
    for site in sites:
        if site.kind == Kind.SERVICE_CENTRE:
            changes.append(SiteStateChange(site=site, state=State.PLANNED, changed_on=datetime.date(DEMO_YEAR, 2, 1),
                                           note="创建省级示范服务中心"))
        elif site.state == State.NEEDS_REPAIR:
            changes.append(SiteStateChange(site=site, state=State.IN_USE, changed_on=OPENED))
        changes.append(SiteStateChange(site=site, state=site.state, changed_on=site.state_since))
    return len(bulk_create_with_history(changes, SiteStateChange, batch_size=1000))


def _investments(sites: list[ServiceSite]) -> int:
    centre = next(site for site in sites if site.kind == Kind.SERVICE_CENTRE)
    rooms = [site for site in sites if site.kind == Kind.SERVICE_ROOM and site.state == State.IN_USE]
    Source = SiteInvestment.Source
    rows = [
        SiteInvestment(site=centre, amount=CENTRE_INVESTMENT / 2, source=Source.TOWN_BUDGET,
                       invested_on=datetime.date(DEMO_YEAR, 3, 20), purpose="省级示范服务中心改造：用房与水电"),
        SiteInvestment(site=centre, amount=CENTRE_INVESTMENT / 2, source=Source.GRANT,
                       invested_on=datetime.date(DEMO_YEAR, 5, 28), purpose="省级示范服务中心设备：B超机、妇检床"),
    ]
    step = max(len(rooms) // IMPROVED_ROOMS, 1)
    improved = rooms[::step][:IMPROVED_ROOMS]
    share = ROOMS_INVESTMENT // len(improved)  # 10,000 yuan each in the demo town; the last takes what is left
    for index, room in enumerate(improved):
        amount = share if index < len(improved) - 1 else ROOMS_INVESTMENT - share * (len(improved) - 1)
        rows.append(SiteInvestment(site=room, amount=amount,
                                   source=Source.TOWN_BUDGET if index % 3 else Source.VILLAGE_COLLECTIVE,
                                   invested_on=datetime.date(DEMO_YEAR, 8 + index % 4, 10 + index),
                                   purpose="服务室硬件改善：药具柜、宣传栏、桌椅"))
    return len(bulk_create_with_history(rows, SiteInvestment))


def _funds(town: Town, villages: list) -> int:
    Direction, Source = FundEntry.Direction, FundEntry.Source
    rows = []
    for position, village in enumerate(villages, start=1):
        share = Decimal(3000 + 100 * (position % 7))
        rows += [
            FundEntry(town=town, village=village, direction=Direction.INCOME, source=Source.VILLAGE_COLLECTIVE,
                      amount=share, entry_date=datetime.date(DEMO_YEAR, 3, 15), note="村集体收入提留自治经费"),
            FundEntry(town=town, village=village, direction=Direction.SPENDING, use=FundEntry.Use.SERVICES,
                      amount=share * Decimal("0.6"), entry_date=datetime.date(DEMO_YEAR, 6, 20),
                      note="服务室药具与宣传资料"),
            FundEntry(town=town, village=village, direction=Direction.SPENDING, use=FundEntry.Use.REWARDS,
                      amount=Decimal(800), entry_date=datetime.date(DEMO_YEAR, 12, 10), note="自治先进户奖励"),
        ]
    rows.append(FundEntry(town=town, village=None, direction=Direction.INCOME, source=Source.TOWN_BUDGET,
                          amount=Decimal(50_000), entry_date=datetime.date(DEMO_YEAR, 1, 20),
                          note="镇财政村民自治工作经费"))
    return len(bulk_create_with_history(rows, FundEntry, batch_size=500))


def _fundraising(town: Town) -> int:
    drive = Fundraising.objects.create(
        town=town, village=None, title="扶贫助学募捐", starts_on=datetime.date(DEMO_YEAR, 9, 1),
        ends_on=datetime.date(DEMO_YEAR, 9, 30), purpose="为困难家庭子女解决上学的燃眉之急",
        outcome="解决了34户家庭49名子女上学的燃眉之急", families_helped=FAMILIES, children_helped=CHILDREN)
    names = current_profile().names(7350)
    donations, left, index = [], RAISED, 0
    while left > 0:
        amount = min(Decimal(DONATIONS[index % len(DONATIONS)]), left)
        donations.append(Donation(fundraising=drive, donor_name=names.full("M" if index % 2 else "F"), amount=amount,
                                  donated_on=datetime.date(DEMO_YEAR, 9, 1 + index % 28)))
        left -= amount
        index += 1
    bulk_create_with_history(donations, Donation)
    date_history(Donation, day_of("donated_on"), fundraising=drive)
    date_history(Fundraising, day_of("starts_on"), pk=drive.pk)
    return 1 + len(donations)


GROUPS_SET_UP = datetime.date(DEMO_YEAR - 1, 2, 20)
Role = LeadingGroupMember.Role
TOWN_GROUP = [  # (role, job title, sex)
    (Role.LEADER, "镇党委书记", "M"),
    (Role.DEPUTY, "镇长", "M"),
    (Role.MEMBER, "分管计生工作副镇长", "F"),
    (Role.MEMBER, "镇党委组织委员", "M"),
    (Role.MEMBER, "镇民政办主任", "M"),
    (Role.MEMBER, "镇计生协会秘书长", "F"),
    (Role.OFFICE_HEAD, "镇计生办主任", "F"),
]
VILLAGE_GROUP = [  # (role, post whose holders sit in the group, job title)
    (Role.LEADER, Position.Kind.PARTY_SECRETARY, "村支书"),
    (Role.DEPUTY, Position.Kind.COMMITTEE_DIRECTOR, "村主任"),
    (Role.MEMBER, Position.Kind.SPECIALIST, "计生专干"),
]


def _leading_groups(town: Town, villages: list) -> int:
    """The town's group and one per village, set up early in the year before the demo year; a village's members
    are whoever held its posts, a holder replaced after a dismissal leaving the group the day their post ended."""
    groups = [LeadingGroup(town=town, village=None, name=f"{town.name}村民自治工作领导小组", set_up_on=GROUPS_SET_UP,
                           note="镇党委、政府发文成立")]
    groups += [LeadingGroup(town=town, village=village, name=f"{village.name}村民自治工作领导小组",
                            set_up_on=GROUPS_SET_UP + datetime.timedelta(days=10)) for village in villages]
    groups = bulk_create_with_history(groups, LeadingGroup, batch_size=500)
    names = current_profile().names(1120)
    members = [LeadingGroupMember(group=groups[0], name=names.full(sex), role=role, job_title=title,
                                  started_on=GROUPS_SET_UP) for role, title, sex in TOWN_GROUP]
    holders: dict = {}
    for appointment in (Appointment.objects.filter(position__village__in=villages, position__group__isnull=True,
                                                   position__kind__in=[kind for _, kind, _ in VILLAGE_GROUP])
                        .select_related("position").order_by("started_on", "pk")):
        holders.setdefault((appointment.position.village_id, appointment.position.kind), []).append(appointment)
    for group in groups[1:]:
        for role, kind, title in VILLAGE_GROUP:
            held = [a for a in holders.get((group.village_id, kind), [])
                    if a.ended_on is None or a.ended_on >= group.set_up_on]
            if not held:
                members.append(LeadingGroupMember(group=group, name=names.full("F" if kind == Position.Kind.SPECIALIST
                                                                               else "M"),
                                                  role=role, job_title=title, started_on=group.set_up_on))
            for appointment in held:
                members.append(LeadingGroupMember(group=group, name=appointment.holder_name, role=role,
                                                  job_title=title, started_on=max(group.set_up_on,
                                                                                  appointment.started_on),
                                                  ended_on=appointment.ended_on))
    bulk_create_with_history(members, LeadingGroupMember, batch_size=1000)
    date_history(LeadingGroup, day_of("set_up_on"), town=town)
    date_history(LeadingGroupMember, day_of(Coalesce("ended_on", "started_on")), group__town=town)
    return len(groups) + len(members)


Channel = PublicityActivity.Channel
TOWN_PUBLICITY = [  # (month, day, channel, title, people reached)
    (1, 18, Channel.TELEVISION, "县电视台《人口与家庭》栏目播出我镇村民自治专题片", 30_000),
    (3, 5, Channel.BROADCAST_VEHICLE, "宣传车巡回各村宣传婚育新风", 6_000),
    (3, 20, Channel.NEWSPAPER, "县报刊发《村民自治让计生工作走进千家万户》", 8_000),
    (5, 12, Channel.TELEVISION, "电视台播放计生惠民政策公益广告", 25_000),
    (5, 29, Channel.BROADCAST_VEHICLE, "“5·29”会员活动日宣传车进村入组", 7_000),
    (7, 11, Channel.NEWSPAPER, "世界人口日专版：我镇奖励扶助政策解读", 8_000),
    (7, 11, Channel.BROADCAST_VEHICLE, "世界人口日宣传车巡回宣传", 6_500),
    (9, 15, Channel.TELEVISION, "电视台报道我镇协会扶贫助学募捐", 30_000),
    (10, 20, Channel.NEWSPAPER, "市报报道我镇省级示范服务中心建设", 12_000),
    (11, 8, Channel.BROADCAST_VEHICLE, "宣传车宣传流动人口服务管理", 5_000),
    (12, 3, Channel.TELEVISION, "电视台播出年终村民自治工作回顾", 28_000),
]


def _publicity(town: Town, villages: list) -> int:
    """The demo year's publicity: television spots, broadcast vehicles and newspaper pieces of the town, slogans
    and banners put up in every village in spring (and renewed in a few in the autumn)."""
    rows = [PublicityActivity(town=town, village=None, channel=channel, held_on=datetime.date(DEMO_YEAR, month, day),
                              title=title, reach=reach) for month, day, channel, title, reach in TOWN_PUBLICITY]
    for position, village in enumerate(villages, start=1):
        rows.append(PublicityActivity(town=town, village=village, channel=Channel.SLOGANS,
                                      held_on=datetime.date(DEMO_YEAR, 3, 1 + position % 28),
                                      title="刷写计生标语、悬挂村民自治宣传横幅", reach=600 + 40 * (position % 9),
                                      note="墙体标语4条、横幅2条"))
        if position % 5 == 0:
            rows.append(PublicityActivity(town=town, village=village, channel=Channel.SLOGANS,
                                          held_on=datetime.date(DEMO_YEAR, 10, 1 + position % 28),
                                          title="更新褪色墙体标语", reach=500 + 30 * (position % 7)))
    rows = bulk_create_with_history(rows, PublicityActivity, batch_size=500)
    date_history(PublicityActivity, day_of("held_on"), town=town)
    return len(rows)
