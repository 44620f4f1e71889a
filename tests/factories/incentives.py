"""Builders for policies, rules and cycles. Each test builds the few it needs."""

import datetime
from decimal import Decimal
from itertools import count

from incentives import actions
from incentives.models import Cycle, Policy

_sequence = count(1)


def make_policy(*, town, name="测试政策", level="town", beneficiary="person", kind="subsidy", village=None,
                conditions=(), rates=((100, "year", datetime.date(2000, 1, 1), None),),
                adopted_on=datetime.date(2000, 1, 1), **extra) -> Policy:
    """A policy through the actions; `conditions` are dicts of Condition fields, `rates` tuples
    (amount, unit, valid_from, valid_until[, occasion_kind])."""
    if village is not None:
        level = "village"
    policy = actions.create_policy(
        town=town, by=None, code=extra.pop("code", f"policy-{next(_sequence)}"), name=name, level=level,
        issuing_body=extra.pop("issuing_body", "测试机关"), kind=kind, beneficiary=beneficiary, village=village,
        adopted_on=adopted_on, **extra)
    for amount, unit, valid_from, valid_until, *occasion in rates:
        actions.add_rate(policy=policy, amount=Decimal(amount), unit=unit, valid_from=valid_from,
                         valid_until=valid_until, occasion_kind=occasion[0] if occasion else "", by=None)
    for fields in conditions:
        actions.add_condition(policy=policy, by=None, **fields)
    return policy


def rule(target, kind, values=None, **limits) -> dict:
    return {"target": target, "kind": kind, "values": values or [], **limits}


def computed_cycle(policy: Policy, period: str = "2025") -> Cycle:
    cycle = actions.open_cycle(policy=policy, period=period, by=None)
    actions.compute_cycle(cycle=cycle, by=None)
    return cycle


def childcare_subsidy(town) -> Policy:
    return make_policy(town=town, name="育儿补贴", level="national", proration="months", births_in_full=True,
                       rates=((3600, "year", datetime.date(2025, 1, 1), None),), adopted_on=datetime.date(2025, 1, 1),
                       conditions=[rule("self", "age", maximum=2), rule("self", "alive", ["alive"])])


def rural_reward(town) -> Policy:
    return make_policy(town=town, name="农村部分计划生育家庭奖励扶助", level="national", kind="reward",
                       rates=((720, "year", datetime.date(2012, 1, 1), datetime.date(2023, 12, 31)),
                              (960, "year", datetime.date(2024, 1, 1), None)),
                       conditions=[rule("self", "role", ["parent"]), rule("self", "age", minimum=60),
                                   rule("household", "hukou", ["rural"]),
                                   rule("household", "family_category", ["one_child", "two_daughters",
                                                                         "lost_only_child"])])


def two_daughter_pension(town, village=None) -> Policy:
    return make_policy(town=town, name="双女户养老保险补贴", beneficiary="household", kind="insurance", village=village,
                       rates=((300, "year", datetime.date(2012, 1, 1), None),),
                       conditions=[rule("household", "family_category", ["two_daughters"]),
                                   rule("parent", "age", minimum=18, maximum=59)])


def special_assistance(town) -> Policy:
    return make_policy(town=town, name="计划生育特别扶助", level="national", proration="months",
                       rates=((590, "month", datetime.date(2024, 1, 1), None),),
                       conditions=[rule("self", "role", ["parent"]), rule("self", "age", minimum=49),
                                   rule("household", "family_category", ["lost_only_child"])])
