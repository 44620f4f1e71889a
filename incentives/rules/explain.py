"""The per-subject evaluator: for one person or household and one policy, "eligible because …"
or "not eligible because …", condition by condition, in the reader's language.

It reads the same `Rule` as `incentives.rules.compile` and must reach the same answer.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from incentives.models import Condition, Entitlement, Policy, Rate
from incentives.rules import amounts, words
from incentives.rules.checks import household_check, person_check
from incentives.rules.definition import Rule, rule_of
from incentives.rules.facts import Facts, load
from incentives.rules.words import Say
from members.models import Household, Person
from villages.periods import Period

Kind = Condition.Kind
Target = Condition.Target
Status = Person.Status


class Check:
    """One condition judged: what it asks, whether it holds (None: not judged, sensitive data the
    reader may not see), and the fact that decided it, put in words only when read."""

    __slots__ = ("text", "ok", "_because", "implicit")

    def __init__(self, text: str, ok: bool | None, because="", implicit: bool = False):
        self.text, self.ok, self._because, self.implicit = text, ok, because, implicit

    @property
    def because(self) -> str:
        return str(self._because)

    def __repr__(self):
        return f"Check({self.text!r}, {self.ok!r}, {self.because!r})"


@dataclass
class MemberResult:
    person: Person
    checks: list[Check]

    @property
    def ok(self) -> bool | None:
        return _all([check.ok for check in self.checks])


@dataclass
class GroupResult:
    target: str
    heading: str
    checks: list[Check] = field(default_factory=list)
    members: list[MemberResult] = field(default_factory=list)
    reason: object = ""  # put in words when read: see `because`
    ok: bool | None = True

    @property
    def because(self) -> str:
        return str(self.reason)


@dataclass
class DayResult:
    day: datetime.date
    groups: list[GroupResult]

    @property
    def eligible(self) -> bool | None:
        return _all([group.ok for group in self.groups])


@dataclass
class Explanation:
    policy: Policy
    subject: Person | Household
    period: Period
    days: list[DayResult]
    mask: list[bool]
    rate: Rate | None = None
    amount: Decimal | None = None
    occasions: int = 0
    obstacle: str = ""  # a reason outside the conditions: no rate, already paid once, no occasions
    withheld: bool = False  # some conditions use sensitive data the reader may not see

    @property
    def eligible(self) -> bool | None:
        if self.obstacle:
            return False
        if any(self.mask):
            return True
        if self.withheld and any(day.eligible is None for day in self.days):
            return None
        return False

    @property
    def months(self) -> int:
        return sum(self.mask)

    @property
    def shown(self) -> DayResult | None:
        """The day whose checks are shown: the last eligible one, or the last judged."""
        eligible = [day for day in self.days if day.eligible]
        return (eligible or self.days or [None])[-1]

    @property
    def subject_name(self) -> str:
        if isinstance(self.subject, Person):
            return self.subject.name
        return _("household %(number)s") % {"number": self.subject.number}

    @property
    def summary(self) -> str:
        if self.eligible is None:
            return _("Not decided here: the rule uses sensitive data you may not see.")
        if self.obstacle:
            return _("Not eligible because %(reason)s.") % {"reason": self.obstacle}
        shown = self.shown
        if shown is None:
            return _("Not eligible because the policy is not in force in this period.")
        checks = _flat(shown)
        if self.eligible:
            reasons = _join(c.because for c in checks if c.ok and not c.implicit and c.because)
            return _("Eligible because %(reasons)s.") % {"reasons": reasons or _("every condition is met")}
        reasons = _join(c.because for c in checks if c.ok is False and c.because)
        return _("Not eligible because %(reasons)s.") % {"reasons": reasons}


def _join(reasons) -> str:
    """The reasons once each, in order."""
    return "；".join(dict.fromkeys(reasons))


def _all(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _flat(day: DayResult) -> list[Check]:
    checks = []
    for group in day.groups:
        checks += group.checks
        if group.members or group.reason:
            checks.append(Check(group.heading, group.ok, group.reason))
    return checks


def explain(policy: Policy, subject: Person | Household, period: Period, *, show_sensitive: bool = True,
            facts: Facts | None = None, rule: Rule | None = None, rates: list[Rate] | None = None,
            earlier: list[Entitlement] | None = None) -> Explanation:
    """Judge one subject for one policy and period. Pass `facts`, `rule`, `rates` to judge many cheaply."""
    household = subject.household if isinstance(subject, Person) else subject
    facts = facts or load(household)
    rule = rule or rule_of(policy)
    # Judge the facts as read with the household, not a copy the caller may have read earlier.
    person = next((p for p in facts.members if p.pk == subject.pk), subject) if isinstance(subject, Person) else None
    if rule.village_names and not set(rule.village_names) <= set(facts.village_names):
        facts.village_names = {**rule.village_names, **facts.village_names}
    days = [judge_day(rule, facts, person, day, show_sensitive) for day in amounts.evaluation_days(policy, period)]
    eligible_days = {result.day for result in days if result.eligible}
    mask = amounts.month_mask(policy, period, eligible_days, person.birth_date if person else None)
    explanation = Explanation(policy=policy, subject=subject, period=period, days=days, mask=mask,
                              withheld=rule.sensitive and not show_sensitive)
    if not any(mask):
        return explanation
    reference = max(eligible_days) if policy.proration == Policy.Proration.MONTHS else days[-1].day
    rates = rates if rates is not None else list(policy.rates.order_by("valid_from"))
    explanation.rate = amounts.rate_on(rates, reference)
    _money(explanation, facts, person, period, reference, earlier)
    return explanation


def _money(explanation: Explanation, facts: Facts, person: Person | None, period: Period,
           reference: datetime.date, earlier: list[Entitlement] | None) -> None:
    rate, policy = explanation.rate, explanation.policy
    if rate is None:
        explanation.obstacle = _("no rate of the policy is valid on %(day)s") % {"day": words.day(reference)}
        return
    if rate.unit == Rate.Unit.ONCE:
        if earlier is None:
            mine = {"person": person} if person else {"household": facts.household, "person__isnull": True}
            earlier = list(Entitlement.objects.filter(policy=policy, **mine).exclude(period=str(period)))
        others = [e for e in earlier if e.period != str(period)]
        if others:
            explanation.obstacle = _("the policy pays once and was already granted for %(period)s") % {
                "period": Period.parse(others[0].period).label}
            return
    if rate.unit == Rate.Unit.OCCASION:
        facts_in_period = [f for f in facts.recorded if f.kind == rate.occasion_kind and f.is_active
                           and period.starts_on <= f.occurred_on <= period.ends_on
                           and (f.person_id == person.pk if person else f.household_id == facts.household.pk)]
        explanation.occasions = len(facts_in_period)
        if not facts_in_period:
            explanation.obstacle = _("no occasion is recorded in the period")
            return
    explanation.amount = amounts.amount_for(rate, explanation.months, explanation.occasions)


def judge_day(rule: Rule, facts: Facts, person: Person | None, day: datetime.date,
              show_sensitive: bool = True) -> DayResult:
    groups = []
    for group in rule.groups:
        result = GroupResult(target=group.target, heading=_Heading(group.target, group.conditions, facts))
        if group.target in (Target.SELF, Target.HOUSEHOLD):
            for condition in group.conditions:
                result.checks.append(_check(condition, facts, person, day, show_sensitive))
            result.ok = _all([c.ok for c in result.checks])
        else:
            _judge_members(result, group.conditions, facts, day, show_sensitive)
        groups.append(result)
    return DayResult(day=day, groups=groups)


class _Heading:
    """"A child who meets all of these: …", in words when shown."""

    def __init__(self, target: str, conditions: list[Condition], facts: Facts):
        self.target, self.conditions, self.facts = target, conditions, facts

    def __str__(self) -> str:
        heading = words.group_heading(self.target)
        if self.target in (Target.SELF, Target.HOUSEHOLD):
            return heading
        return _("%(heading)s: %(conditions)s") % {"heading": heading, "conditions": "；".join(
            words.described(c, self.facts.village_names) for c in self.conditions if not c.is_implicit)}


class _Failures:
    """Why no parent (or child) meets all the group's conditions, member by member."""

    def __init__(self, parents: bool, members: list[MemberResult]):
        self.parents, self.members = parents, members

    def __str__(self) -> str:
        text = _("no parent meets all of them") if self.parents else _("no child meets all of them")
        failures = [f"{m.person.name}：{'，'.join(c.because for c in m.checks if c.ok is False)}"
                    for m in self.members]
        return text + _(" (%(failures)s)") % {"failures": "；".join(failures)}


def _judge_members(result: GroupResult, conditions: list[Condition], facts: Facts, day: datetime.date,
                   show_sensitive: bool) -> None:
    parents = result.target == Target.PARENT
    candidates = facts.parents if parents else facts.children_born_by(day)
    for member in candidates:
        result.members.append(MemberResult(member, [_check(c, facts, member, day, show_sensitive)
                                                    for c in conditions]))
    result.ok = False
    passing = [m for m in result.members if m.ok]
    if passing:
        result.ok = True
        result.reason = Say(gettext_noop("%(name)s meets all of them"), name=passing[0].person.name)
    elif any(m.ok is None for m in result.members):
        result.ok = None
    elif not candidates:
        result.reason = (Say(gettext_noop("the household has no parent in the register")) if parents
                          else Say(gettext_noop("the couple has no children born by %(day)s"), day=day))
    else:
        result.reason = _Failures(parents, result.members)


def _check(condition: Condition, facts: Facts, person: Person | None, day: datetime.date,
           show_sensitive: bool) -> Check:
    text = words.described(condition, facts.village_names)
    implicit = getattr(condition, "is_implicit", False)
    if condition.is_sensitive and not show_sensitive:
        return Check(text, None, _("not shown: sensitive data"), implicit)
    if condition.target == Target.HOUSEHOLD:
        ok, because = household_check(condition, facts, day)
    else:
        ok, because = person_check(condition, facts, person, day)
    return Check(text, ok, because, implicit)


