"""The demo town's policies as data: the seed's town and village policies and today's national programmes."""

import datetime
import random

from demo.town import current_profile
from incentives.models import Fact, Policy
from villages.models import Village

D = datetime.date
TOWN_BODY = "{town}人民政府"
LONG_ACTING = ["iud", "tubal_ligation", "implant"]
# How many villages have adopted each kind of village policy (the seed's figures).
ADOPTIONS = {
    Policy.VillagePolicyKind.TWO_DAUGHTER_PENSION: 35,
    Policy.VillagePolicyKind.GAVE_UP_BIRTH: 23,
    Policy.VillagePolicyKind.ONE_CHILD: 20,
    Policy.VillagePolicyKind.TWO_DAUGHTER_TUITION: 13,
    Policy.VillagePolicyKind.TIMELY_MEASURES: 9,
}
# Villages the seed names for a kind of policy always have it.
NAMED = {
    Policy.VillagePolicyKind.TWO_DAUGHTER_PENSION: "永中村",
    Policy.VillagePolicyKind.TWO_DAUGHTER_TUITION: "荀子村",
}


def condition(target, kind, values=None, **limits) -> dict:
    return {"target": target, "kind": kind, "values": values or [], **limits}


def national_and_town(town_name: str = "红山店镇") -> list[dict]:
    body = TOWN_BODY.format(town=town_name)
    return [
        {"code": "national-childcare-subsidy", "name": "育儿补贴", "level": "national",
         "issuing_body": "中共中央办公厅、国务院办公厅", "kind": "subsidy", "beneficiary": "person",
         "proration": "months", "births_in_full": True, "adopted_on": D(2025, 1, 1),
         "description": "对3周岁以下婴幼儿按年发放育儿补贴，每孩每年3600元，至其年满3周岁。2025年1月1日前出生、"
                        "不满3周岁的，按应补贴月数折算。",
         "rates": [(3600, "year", D(2025, 1, 1), None)],
         "conditions": [condition("self", "age", maximum=2), condition("self", "alive", ["alive"])],
         "evidence": ["出生医学证明", "户口簿", "监护人银行账户（社保卡）"]},
        {"code": "national-rural-reward", "name": "农村部分计划生育家庭奖励扶助", "level": "national",
         "issuing_body": "国家卫生健康委员会、财政部", "kind": "reward", "beneficiary": "person",
         "adopted_on": D(2004, 1, 1),
         "description": "农业户口的独生子女父母、双女父母（含独生子女死亡家庭），年满60周岁起按人按年发放奖励扶助金。",
         "rates": [(720, "year", D(2012, 1, 1), D(2023, 12, 31)), (960, "year", D(2024, 1, 1), None)],
         "conditions": [condition("self", "role", ["parent"]), condition("self", "age", minimum=60),
                        condition("household", "hukou", ["rural"]),
                        condition("household", "family_category", ["one_child", "two_daughters", "lost_only_child"])],
         "evidence": ["户口簿", "独生子女父母光荣证或生育情况证明", "本人身份证"]},
        {"code": "national-special-assistance-loss", "name": "计划生育特别扶助（独生子女死亡家庭）",
         "level": "national", "issuing_body": "国家卫生健康委员会、财政部", "kind": "subsidy",
         "beneficiary": "person", "proration": "months", "adopted_on": D(2008, 1, 1),
         "description": "独生子女死亡、未再生育或收养子女的夫妻，年满49周岁起按月发放特别扶助金。",
         "rates": [(590, "month", D(2024, 1, 1), None)],
         "conditions": [condition("self", "role", ["parent"]), condition("self", "age", minimum=49),
                        condition("household", "family_category", ["lost_only_child"])],
         "evidence": ["独生子女死亡证明", "户口簿", "本人身份证"]},
        {"code": "national-special-assistance-disability", "name": "计划生育特别扶助（独生子女伤残家庭）",
         "level": "national", "issuing_body": "国家卫生健康委员会、财政部", "kind": "subsidy",
         "beneficiary": "person", "proration": "months", "uses_sensitive_data": True, "adopted_on": D(2008, 1, 1),
         "description": "独生子女三级以上伤残、未再生育或收养子女的夫妻，年满49周岁起按月发放特别扶助金。",
         "rates": [(460, "month", D(2024, 1, 1), None)],
         "conditions": [condition("self", "role", ["parent"]), condition("self", "age", minimum=49),
                        condition("household", "family_category", ["one_child"]),
                        condition("household", "certified", ["only_child_disabled"])],
         "evidence": ["残疾人证", "户口簿", "本人身份证"]},
        {"code": "town-one-child-health-fee", "name": "独生子女保健费", "level": "town", "issuing_body": body,
         "kind": "fee", "beneficiary": "household", "adopted_on": D(2010, 1, 1),
         "description": "独生子女户，子女未满14周岁的，每户每年发放独生子女保健费。",
         "rates": [(120, "year", D(2010, 1, 1), None)],
         "conditions": [condition("household", "family_category", ["one_child"]),
                        condition("child", "age", maximum=13), condition("child", "alive", ["alive"])],
         "evidence": ["独生子女父母光荣证", "户口簿"]},
        {"code": "town-two-daughter-pension", "name": "双女户养老保险补贴", "level": "town",
         "issuing_body": body, "kind": "insurance", "beneficiary": "household", "adopted_on": D(2012, 1, 1),
         "description": "双女户夫妻参加城乡居民养老保险的，镇财政每户每年补贴个人缴费。",
         "rates": [(300, "year", D(2012, 1, 1), None)],
         "conditions": [condition("household", "family_category", ["two_daughters"]),
                        condition("parent", "age", minimum=18, maximum=59)],
         "evidence": ["户口簿", "城乡居民养老保险缴费凭证"]},
        {"code": "town-girl-talent-scholarship", "name": "女孩成才奖学金", "level": "town", "issuing_body": body,
         "kind": "scholarship", "beneficiary": "person", "adopted_on": D(2012, 1, 1),
         "description": "独生子女户、双女户的女孩考取普通高中或大学的，一次性奖励。",
         "rates": [(1000, "once", D(2012, 1, 1), None)],
         "conditions": [condition("self", "sex", ["F"]), condition("self", "role", ["child"]),
                        condition("household", "family_category", ["one_child", "two_daughters"]),
                        condition("self", "certified", ["scholarship_award"])],
         "evidence": ["录取通知书", "户口簿"]},
    ]


def village_policy(kind: str, village: Village, rng: random.Random) -> dict:
    adopted = D(rng.randint(2018, 2023), rng.choice([1, 3, 7]), 1)
    base = {"code": f"v{village.code[-3:]}-{kind.replace('_', '-')}", "level": "village",
            "issuing_body": f"{village.name}村民委员会", "village": village, "village_policy_kind": kind,
            "adopted_on": adopted}
    if kind == Policy.VillagePolicyKind.TWO_DAUGHTER_PENSION:
        if village.name == "永中村":
            return {**base, "name": "双女户养老保险（落实长效节育措施）", "kind": "insurance",
                    "beneficiary": "household", "uses_sensitive_data": True,
                    "description": "自觉落实长效节育措施的双女户，村集体为其投保500元养老保险。",
                    "rates": [(500, "year", adopted, None)],
                    "conditions": [condition("household", "family_category", ["two_daughters"]),
                                   condition("parent", "contraception", LONG_ACTING)],
                    "evidence": ["户口簿", "节育措施证明", "保险缴费凭证"]}
        return {**base, "name": "双女户养老保险补贴", "kind": "insurance", "beneficiary": "household",
                "description": "本村双女户夫妻参加养老保险的，村集体每户每年补贴保费。",
                "rates": [(rng.choice([100, 150, 200]), "year", adopted, None)],
                "conditions": [condition("household", "family_category", ["two_daughters"]),
                               condition("parent", "age", minimum=18, maximum=59)],
                "evidence": ["户口簿", "保险缴费凭证"]}
    if kind == Policy.VillagePolicyKind.GAVE_UP_BIRTH:
        return {**base, "name": "自愿放弃再生育奖励", "kind": "reward", "beneficiary": "household",
                "description": "符合再生育条件、自愿书面承诺放弃再生育的独生子女户，村集体每年奖励。",
                "rates": [(rng.choice([200, 300]), "year", adopted, None)],
                "conditions": [condition("household", "family_category", ["one_child"]),
                               condition("household", "certified", ["gave_up_birth"])],
                "evidence": ["放弃再生育承诺书", "户口簿"]}
    if kind == Policy.VillagePolicyKind.ONE_CHILD:
        return {**base, "name": "独生子女家庭优待", "kind": "reward", "beneficiary": "household",
                "description": "独生子女未满18周岁的独生子女户，村集体每年发放优待金。",
                "rates": [(rng.choice([100, 120, 150]), "year", adopted, None)],
                "conditions": [condition("household", "family_category", ["one_child"]),
                               condition("child", "age", maximum=17), condition("child", "alive", ["alive"])],
                "evidence": ["独生子女父母光荣证", "户口簿"]}
    if kind == Policy.VillagePolicyKind.TWO_DAUGHTER_TUITION:
        if village.name == "荀子村":
            return {**base, "name": "双女户子女免费入学", "kind": "fee", "beneficiary": "person",
                    "description": "双女户子女在校就读的，学杂费由村集体全额承担。",
                    "rates": [(800, "year", adopted, None)],
                    "conditions": [condition("self", "role", ["child"]),
                                   condition("self", "age", minimum=3, maximum=18),
                                   condition("household", "family_category", ["two_daughters"])],
                    "evidence": ["户口簿", "学校在读证明"]}
        return {**base, "name": "双女户子女学费补助", "kind": "subsidy", "beneficiary": "person",
                "description": "双女户子女接受义务教育的，村集体每人每年补助学费。",
                "rates": [(rng.choice([200, 300]), "year", adopted, None)],
                "conditions": [condition("self", "role", ["child"]), condition("self", "age", minimum=6, maximum=15),
                               condition("household", "family_category", ["two_daughters"])],
                "evidence": ["户口簿", "学校在读证明"]}
    return {**base, "name": "及时落实节育措施奖励", "kind": "reward", "beneficiary": "person",
            "uses_sensitive_data": True,
            "description": "生育后一年内及时落实长效节育措施的妇女，村集体给予奖励。",
            "rates": [(rng.choice([100, 200]), "year", adopted, None)],
            "conditions": [condition("self", "sex", ["F"]), condition("self", "role", ["parent"]),
                           condition("self", "contraception", LONG_ACTING), condition("child", "age", maximum=0)],
            "evidence": ["节育措施证明", "婴儿出生医学证明"]}


def extra_village_policies(villages: dict[str, Village]) -> list[dict]:
    yongzhong, qiantang = villages["永中村"], villages["前塘村"]
    return [
        {"code": f"v{yongzhong.code[-3:]}-pregnancy-check", "name": "孕情监测补助", "level": "village",
         "issuing_body": "永中村村民委员会", "village": yongzhong, "kind": "subsidy", "beneficiary": "person",
         "uses_sensitive_data": True, "adopted_on": D(2019, 1, 1),
         "description": "育龄妇女主动参加孕情监测的，每次补助5元。",
         "rates": [(5, "occasion", D(2019, 1, 1), None, Fact.Kind.PREGNANCY_CHECK)],
         "conditions": [condition("self", "sex", ["F"]), condition("self", "age", minimum=15, maximum=49),
                        condition("self", "marital", ["20", "21", "22", "23"])],
         "evidence": ["孕情监测记录"]},
        {"code": f"v{qiantang.code[-3:]}-association-staff", "name": "计生协会工作人员风险工资", "level": "village",
         "issuing_body": "前塘村村民委员会", "village": qiantang, "kind": "wage", "beneficiary": "person",
         "proration": "months", "adopted_on": D(2020, 1, 1),
         "description": "村计划生育协会工作人员，每人每月发放风险工资60元。",
         "rates": [(60, "month", D(2020, 1, 1), None)],
         "conditions": [condition("self", "certified", ["association_staff"])],
         "evidence": ["协会任职文件"]},
    ]


def adopting_villages(villages: list[Village]) -> dict[str, list[Village]]:
    """Which villages adopted each kind: deterministic, and the seed's named villages included."""
    rng = current_profile().rng(35)
    result = {}
    for kind, count in ADOPTIONS.items():
        named = [v for v in villages if v.name == NAMED.get(kind)]
        others = [v for v in villages if v not in named]
        result[kind] = sorted(named + rng.sample(others, count - len(named)), key=lambda v: v.code)
    return result
