"""The one rule definition both evaluators read: a policy's conditions grouped by whom they ask.

Besides the conditions the town office wrote, every rule has implicit ones: the beneficiary is
in the register on the day, a village-level policy's household lives in that village, and a
parent asked about is one in the register. They are unsaved `Condition` rows, so the explainer
and the query compiler treat them exactly like the written ones.
"""

import json
from dataclasses import dataclass, field

from incentives.models import Condition, Policy
from villages.models import Village

Target = Condition.Target
Kind = Condition.Kind
ORDER = [Target.SELF, Target.HOUSEHOLD, Target.PARENT, Target.CHILD]


@dataclass
class Group:
    target: str
    conditions: list[Condition] = field(default_factory=list)

    @property
    def about_one_member(self) -> bool:
        """A parent or a child: one member must meet all the group's conditions."""
        return self.target in (Target.PARENT, Target.CHILD)


@dataclass
class Rule:
    policy: Policy
    groups: list[Group]
    village_names: dict[int, str] = field(default_factory=dict)

    @property
    def conditions(self) -> list[Condition]:
        return [c for g in self.groups for c in g.conditions]

    @property
    def sensitive(self) -> bool:
        return any(c.is_sensitive for c in self.conditions)

    def without_own_village(self) -> "Rule":
        """The rule without the implicit condition that the household lives in the policy's village."""
        groups = [Group(g.target, [c for c in g.conditions if not (c.is_implicit and c.kind == Kind.VILLAGE)])
                  for g in self.groups]
        return Rule(self.policy, [g for g in groups if g.conditions], self.village_names)

    def signature(self) -> tuple:
        """What the rule asks, but for the policy's own village: two village policies with the same signature
        are judged by one query over both villages (`incentives.rules.run.run_many`)."""
        return tuple((g.target, tuple((c.kind, json.dumps(c.values, sort_keys=True, default=str), c.minimum,
                                       c.maximum, c.date_from, c.date_to, c.on_date) for c in g.conditions))
                     for g in self.without_own_village().groups)

    def without_sensitive(self) -> "Rule":
        groups = [Group(g.target, [c for c in g.conditions if not c.is_sensitive]) for g in self.groups]
        return Rule(self.policy, [g for g in groups if g.conditions], self.village_names)


def implicit(policy: Policy, target: str, kind: str, **fields) -> Condition:
    condition = Condition(policy=policy, target=target, kind=kind, position=0, **fields)
    condition.is_implicit = True
    return condition


def village_names(rules: list[tuple[Policy, list[Condition]]]) -> dict[int, str]:
    """The names of the villages that policies and their conditions name, read at once for all of them."""
    village_ids = set().union(*(_named_villages(policy, conditions) for policy, conditions in rules))
    return dict(Village.objects.filter(pk__in=village_ids).values_list("pk", "name")) if village_ids else {}


def _named_villages(policy: Policy, conditions: list[Condition]) -> set[int]:
    named = {v for c in conditions if c.kind == Kind.VILLAGE for v in c.values} | {policy.village_id}
    named.discard(None)
    return named


def rule_of(policy: Policy, conditions: list[Condition] | None = None, names: dict[int, str] | None = None) -> Rule:
    """The policy's rule; `conditions` when already fetched (a prefetch), else read from the database;
    `names` the villages' names when already read (for several policies at once)."""
    if conditions is None:
        conditions = list(policy.conditions.all())
    conditions = sorted(conditions, key=lambda c: (c.position, c.pk or 0))
    by_target = {target: [] for target in ORDER}
    subject = Target.SELF if policy.for_persons else Target.HOUSEHOLD
    by_target[subject].append(implicit(policy, subject, Kind.REGISTERED))
    if policy.village_id:
        by_target[Target.HOUSEHOLD].append(implicit(policy, Target.HOUSEHOLD, Kind.VILLAGE, values=[policy.village_id]))
    for condition in conditions:
        condition.is_implicit = False
        by_target[condition.target].append(condition)
    # A parent asked about is one in the register, unless the rule itself asks whether the parent is alive.
    if by_target[Target.PARENT] and not any(c.kind in (Kind.REGISTERED, Kind.ALIVE) for c in by_target[Target.PARENT]):
        by_target[Target.PARENT].insert(0, implicit(policy, Target.PARENT, Kind.REGISTERED))
    village_ids = _named_villages(policy, conditions)
    if names is None:
        names = village_names([(policy, conditions)])
    names = {pk: names[pk] for pk in village_ids if pk in names}
    return Rule(policy, [Group(target, by_target[target]) for target in ORDER if by_target[target]], names)
