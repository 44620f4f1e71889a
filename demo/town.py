"""The demo town, Hongshandian (红山店镇): villages, groups, teams and self-government status.

Deterministic: the same rows every time, and running it again changes nothing. The figures
are the seed's: 41 villages, 469 villager groups, 26 villages that declared self-government the
year before, 39 of 41 with regulations by the end of August, Daqi under key management two
years running; in the village-level change of the demo year (vetting in February, the election in
March) two party branch candidates rejected and two specialists dismissed, Daqi's specialist and
party secretary dismissed in June. The town works on the demo year. All names and codes are
fictitious.

Every builder of the demo (this one and those `load_demo_town` runs after it) builds the town of the current
`TownProfile`: Hongshandian unless `building()` names another, as the synthetic county does for each of its
towns. A profile with a seed draws every random choice from that seed, so its people, names and identity
numbers are its own; Hongshandian's profile draws from the fixed seeds the demo town has always had.
"""

import contextlib
import contextvars
import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models.functions import Coalesce
from simple_history.utils import bulk_create_with_history

from demo.dating import aware, date_history, day_of
from members.identity import FICTITIOUS_REGION
from villages.models import Appointment, CandidateVetting, County, Designation, Position, Town, Village, VillagerGroup

TOWN_NAME = "红山店镇"
TOWN_CODE = "421122100"
COUNTY = "某县"
COUNTY_CODE = "421122"
# The year the seed's annual work summary describes.
DEMO_YEAR = 2025
# The town entered its villages, groups and posts early in the year before the demo year.
SET_UP = datetime.date(DEMO_YEAR - 1, 1, 6)
GROUP_COUNT = 469
DECLARED_YEAR_BEFORE = 26
REGULATIONS_BY_END_OF_AUGUST = 39
CHANGE_REASON = "demo town"

# Villages named in the seed keep their names; the others are plausible, fictitious ones.
NAMED_VILLAGES = ["大旗村", "荀子村", "永中村", "前塘村"]
OTHER_VILLAGES = [
    "红山村", "店前村", "柳林村", "桃园村", "石桥村", "新河村", "东湾村", "西岗村", "南坪村", "北冲村",
    "杨店村", "李畈村", "张湾村", "周家村", "胡冲村", "高岭村", "花园村", "枣树村", "竹林村", "白果村",
    "黄土村", "青山村", "长岭村", "双河村", "三里村", "五四村", "七一村", "八一村", "金星村", "光明村",
    "团结村", "丰收村", "和平村", "幸福村", "太平村", "联合村", "建新村",
]
VILLAGE_NAMES = NAMED_VILLAGES + OTHER_VILLAGES

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文海峰成东亮喆龑晨"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲桂英秀兰萍红梅莉琳雪婷慧颖倩玥琴云洁蓉佳晶丹凤美珍翠"
CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(number: int) -> str:
    if number <= 10:
        return CHINESE_NUMERALS[number - 1]
    if number < 20:
        return "十" + CHINESE_NUMERALS[number - 11]
    tens, units = divmod(number, 10)
    return CHINESE_NUMERALS[tens - 1] + "十" + (CHINESE_NUMERALS[units - 1] if units else "")


@dataclass(frozen=True)
class TownProfile:
    """What makes one demo town differ from another: its name and codes, and the seed of its random choices.

    `seed` None keeps the demo's fixed seeds (Hongshandian's rows). `id_region` is the fictitious region code
    (first six digits) of its people's identity numbers: each town its own, so no two towns share a number.
    """

    name: str = TOWN_NAME
    code: str = TOWN_CODE
    county_name: str = COUNTY
    county_code: str = COUNTY_CODE
    seed: str | None = None
    id_region: str = FICTITIOUS_REGION

    def rng(self, base: int | str) -> random.Random:
        """The random source a builder seeds with `base`: the same as ever for Hongshandian, the town's own else."""
        return random.Random(base if self.seed is None else f"{self.seed}:{base}")

    def names(self, base: int) -> "NameMaker":
        return NameMaker(base if self.seed is None else f"{self.seed}:{base}")

    def username(self, base: str) -> str:
        """A demo account of the town: Hongshandian's keeps its name, another town's carries its code."""
        return base if self.seed is None else f"{base}-{self.code}"


HONGSHANDIAN = TownProfile()
_profile = contextvars.ContextVar("demo_town_profile", default=HONGSHANDIAN)


def current_profile() -> TownProfile:
    return _profile.get()


@contextlib.contextmanager
def building(profile: TownProfile) -> Iterator[TownProfile]:
    """Run the demo's builders for the town of `profile` inside the block."""
    token = _profile.set(profile)
    try:
        yield profile
    finally:
        _profile.reset(token)


class NameMaker:
    """Deterministic, plausible Chinese names, some with rare characters (喆, 龑, 玥)."""

    def __init__(self, seed: int | str):
        self.random = random.Random(seed)

    def surname(self) -> str:
        return self.random.choice(SURNAMES)

    def given(self, sex: str) -> str:
        pool = GIVEN_MALE if sex == "M" else GIVEN_FEMALE
        length = 1 if self.random.random() < 0.35 else 2
        return "".join(self.random.choice(pool) for _ in range(length))

    def full(self, sex: str, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given(sex)


def group_counts(seed: int | str = 7) -> list[int]:
    """How many villager groups each village has: between 7 and 16, 469 in all."""
    rng = random.Random(seed)
    counts = [rng.randint(8, 15) for _ in VILLAGE_NAMES]
    while sum(counts) != GROUP_COUNT:
        index = rng.randrange(len(counts))
        if sum(counts) > GROUP_COUNT and counts[index] > 7:
            counts[index] -= 1
        elif sum(counts) < GROUP_COUNT and counts[index] < 16:
            counts[index] += 1
    return counts


def analyze() -> None:
    """Planner statistics for every table after a bulk load, on PostgreSQL (its autovacuum may be off, or not yet
    have got there): without them a county's dashboard scans a million people where it should look up fifty
    thousand. SQLite is left to itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def ensure_county(*, code: str, name: str) -> County:
    """The county of this code, made with this name the first time."""
    county, _ = County.objects.get_or_create(code=code, defaults={"name": name})
    return county


@transaction.atomic
def build(*, year: int = DEMO_YEAR) -> Town:
    profile = current_profile()
    county = ensure_county(code=profile.county_code, name=profile.county_name)
    town, _ = Town.objects.get_or_create(code=profile.code, defaults={"name": profile.name, "county": county,
                                                                      "working_year": year})
    if town.working_year is None:
        town.working_year = year
        town.save(update_fields=["working_year"])
    if town.villages.exists():
        return town
    rng = profile.rng(2025)
    names = profile.names(42)
    villages = _build_villages(town, year, rng)
    _build_groups(villages)
    _build_teams(villages, year, names, rng)
    _build_designations(villages, year)
    _build_vettings(villages, year, names)
    _date_history(town)
    return town


def _date_history(town: Town) -> None:
    """Each history row on the last day its record describes; groups and posts on the day they were entered."""
    date_history(Village, day_of(Coalesce("regulations_adopted_on", "self_government_declared_on")), town=town)
    date_history(VillagerGroup, aware(SET_UP), village__town=town)
    date_history(Position, aware(SET_UP), village__town=town)
    date_history(Appointment, day_of(Coalesce("ended_on", "started_on")), position__village__town=town)
    date_history(CandidateVetting, day_of("decided_on"), village__town=town)
    date_history(Designation, day_of("decided_on"), village__town=town)


def _build_villages(town: Town, year: int, rng: random.Random) -> list[Village]:
    order = list(range(len(VILLAGE_NAMES)))
    # Daqi is the laggard: it declared late and has no regulations by the end of August.
    declared_early = set(rng.sample([i for i in order if i != 0], DECLARED_YEAR_BEFORE))
    without_regulations = {0, rng.choice([i for i in order if i not in declared_early and i != 0])}
    villages = []
    for index, name in enumerate(VILLAGE_NAMES):
        declared_year = year - 1 if index in declared_early else year
        declared_on = datetime.date(declared_year, rng.randint(3, 11), rng.randint(1, 28))
        if declared_year == year:
            declared_on = datetime.date(year, rng.randint(1, 4), rng.randint(1, 28))
        adopted_on = None
        if index not in without_regulations:
            adopted_on = datetime.date(year, rng.randint(max(declared_on.month, 3) if declared_year == year else 3, 8),
                                       rng.randint(1, 28))
            adopted_on = max(adopted_on, declared_on + datetime.timedelta(days=30))
            adopted_on = min(adopted_on, datetime.date(year, 8, 31))
        village = Village(
            town=town,
            code=f"{town.code}{201 + index:03d}",
            name=name,
            self_government_declared_on=declared_on,
            regulations_adopted_on=adopted_on,
            regulations_text=_regulations_text(name) if adopted_on else "",
        )
        village.full_clean()
        villages.append(village)
    return bulk_create_with_history(villages, Village, default_change_reason=CHANGE_REASON)


def _regulations_text(village_name: str) -> str:
    return (
        f"《{village_name}村民自治章程（计划生育部分）》\n"
        "第一条 本村实行村民自我教育、自我管理、自我监督、自我服务。\n"
        "第二条 村计划生育协会会员联系到户，每月反馈信息，每季度召开一次会议，年终评议。\n"
        "第三条 村务公开栏定期公布婚育情况、奖励扶助对象和资金使用情况，接受村民监督。\n"
        "第四条 本村对独生子女户、双女户实行优先优惠措施，具体标准经村民代表大会讨论决定。"
    )


def _build_groups(villages: list[Village]) -> None:
    groups = []
    profile = current_profile()
    counts = group_counts(7 if profile.seed is None else f"{profile.seed}:7")
    for village, count in zip(villages, counts, strict=True):
        for number in range(1, count + 1):
            groups.append(VillagerGroup(village=village, number=number, name=f"第{chinese_number(number)}村民小组"))
    bulk_create_with_history(groups, VillagerGroup, batch_size=500, default_change_reason=CHANGE_REASON)


PAY = {
    Position.Kind.PARTY_SECRETARY: (Appointment.PayKind.WAGE, Decimal("1800")),
    Position.Kind.COMMITTEE_DIRECTOR: (Appointment.PayKind.WAGE, Decimal("1500")),
    Position.Kind.SPECIALIST: (Appointment.PayKind.WAGE, Decimal("1200")),
    Position.Kind.ASSOCIATION_PRESIDENT: (Appointment.PayKind.NONE, Decimal("0")),
    Position.Kind.EXECUTIVE_VICE_PRESIDENT: (Appointment.PayKind.SUBSIDY, Decimal("300")),
    Position.Kind.SECRETARY_GENERAL: (Appointment.PayKind.SUBSIDY, Decimal("150")),
    Position.Kind.BIRTH_LIAISON: (Appointment.PayKind.SUBSIDY, Decimal("60")),
    Position.Kind.GROUP_LEADER: (Appointment.PayKind.SUBSIDY, Decimal("100")),
}
VILLAGE_POSITIONS = [kind for kind in Position.Kind if kind != Position.Kind.GROUP_LEADER]
DAQI_DISMISSALS = {
    Position.Kind.PARTY_SECRETARY: "隐瞒村民违法生育情况，连续两年被列为重点管理村，经镇党委研究予以免职。",
    Position.Kind.SPECIALIST: "工作不负责任，计生信息严重不实，予以免职。",
}
OTHER_DISMISSED_SPECIALISTS = 2  # three village specialists dismissed in all, Daqi's among them
# The village-level change of the demo year: candidates vetted in February, the election in March, when
# two specialists were dismissed.
VETTING = datetime.date(DEMO_YEAR, 2, 15)
ELECTION = datetime.date(DEMO_YEAR, 3, 20)


def _build_teams(villages: list[Village], year: int, names: NameMaker, rng: random.Random) -> None:
    positions = []
    for village in villages:
        positions += [Position(village=village, kind=kind) for kind in VILLAGE_POSITIONS]
        positions += [Position(village=village, kind=Position.Kind.GROUP_LEADER, group=group)
                      for group in village.groups.all()]
    bulk_create_with_history(positions, Position, batch_size=500, default_change_reason=CHANGE_REASON)
    election = ELECTION.replace(year=year)
    dismissed_specialists = set(rng.sample(range(1, len(villages)), OTHER_DISMISSED_SPECIALISTS))
    appointments = []
    for position in Position.objects.filter(village__in=villages).select_related("village").order_by("pk"):
        pay_kind, amount = PAY[position.kind]
        sex = "F" if position.kind in (Position.Kind.SPECIALIST, Position.Kind.SECRETARY_GENERAL) else (
            "M" if rng.random() < 0.7 else "F")
        village_index = villages.index(position.village) if position.village in villages else 0
        dismissal = None
        if position.village.name == "大旗村" and position.kind in DAQI_DISMISSALS:
            dismissal = (datetime.date(year, 6, 30), DAQI_DISMISSALS[position.kind])
        elif position.kind == Position.Kind.SPECIALIST and village_index in dismissed_specialists:
            dismissal = (election, "换届审查中发现其工作严重失职，予以免职。")
        started = datetime.date(year - 4, rng.randint(1, 12), rng.randint(1, 28))
        if dismissal:
            appointments.append(Appointment(
                position=position, holder_name=names.full(sex), started_on=started, ended_on=dismissal[0],
                pay_kind=pay_kind, monthly_amount=amount, end_reason=Appointment.EndReason.DISMISSAL,
                end_note=dismissal[1]))
            started = dismissal[0] + datetime.timedelta(days=1)
        appointments.append(Appointment(
            position=position, holder_name=names.full(sex), started_on=started, pay_kind=pay_kind,
            monthly_amount=amount))
    bulk_create_with_history(appointments, Appointment, batch_size=500, default_change_reason=CHANGE_REASON)


def _build_designations(villages: list[Village], year: int) -> None:
    daqi = villages[0]
    plan = (
        "整顿班子：调整村党支部书记和计生专干；健全村计生协会，会员联系到户；"
        "如实上报计生信息，建立村务公开栏，每季度接受镇督查。"
    )
    for designation_year in (year - 1, year):
        designation = Designation(
            village=daqi, year=designation_year, kind=Designation.Kind.LAGGING,
            decided_on=datetime.date(designation_year, 12, 28),
            reason="班子软弱，计划生育管理不到位，信息不实。",
            rectification_plan=plan,
            target_year_one="一年赶上：班子健全，信息准确率达到95%以上。",
            target_year_two="两年上水平：达到村民自治合格村标准。",
            target_year_three="三年创一流：争创村民自治示范村。",
        )
        designation._change_reason = CHANGE_REASON
        designation.full_clean()
        designation.save()


def _build_vettings(villages: list[Village], year: int, names: NameMaker) -> None:
    rejected = [
        (villages[5], "隐瞒违法生育，不符合村党支部书记候选人条件。"),
        (villages[17], "本人违反计划生育政策，一票否决。"),
    ]
    election_year, decided_on = year, VETTING.replace(year=year)
    vettings = [
        CandidateVetting(village=village, candidate_name=names.full("M"),
                         position_kind=Position.Kind.PARTY_SECRETARY, election_year=election_year,
                         decided_on=decided_on,
                         decision=CandidateVetting.Decision.REJECTED, reason=reason)
        for village, reason in rejected
    ]
    vettings += [
        CandidateVetting(village=village, candidate_name=names.full("M"),
                         position_kind=Position.Kind.PARTY_SECRETARY, election_year=election_year,
                         decided_on=decided_on, decision=CandidateVetting.Decision.APPROVED,
                         reason="带头实行计划生育，积极参与计生工作，审查合格。")
        for village in villages if village not in {v for v, _ in rejected}
    ]
    bulk_create_with_history(vettings, CandidateVetting, default_change_reason=CHANGE_REASON)
