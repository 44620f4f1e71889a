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
from incentives.periods import Period
from incentives.rules import amounts, words
from incentives.rules.common import PARENT_RELATIONS, PARENT_STATUSES, age_bounds, age_on
from incentives.rules.definition import Rule, rule_of
from incentives.rules.facts import Facts, load
from incentives.rules.words import Say
from members.models import Household, Person

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
            earlier = list(Entitlement.objects.filter(policy=policy, **mine).exclude(period=period.label))
        others = [e for e in earlier if e.period != period.label]
        if others:
            explanation.obstacle = _("the policy pays once and was already granted for %(period)s") % {
                "period": others[0].period}
            return
    if rate.unit == Rate.Unit.OCCASION:
        facts_in_period = [f for f in facts.certifications if f.kind == rate.occasion_kind and f.is_active
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


def _dead_by(person: Person, day: datetime.date) -> bool:
    return person.status == Status.DECEASED and person.died_on is not None and person.died_on <= day


def person_check(condition: Condition, facts: Facts, person: Person, day: datetime.date) -> tuple[bool, Say]:
    kind, values, name = condition.kind, condition.values, person.name
    if kind == Kind.REGISTERED:
        return _registered(person, day)
    if kind == Kind.ALIVE:
        dead = _dead_by(person, day)
        because = (Say(gettext_noop("%(name)s died on %(date)s"), name=name, date=person.died_on) if dead
                   else Say(gettext_noop("%(name)s is alive on %(day)s"), name=name, day=day))
        return dead == (values == ["deceased"]), because
    if kind == Kind.AGE:
        return _age(condition, person, day)
    if kind == Kind.BORN:
        ok = (condition.date_from is None or person.birth_date >= condition.date_from) and (
            condition.date_to is None or person.birth_date <= condition.date_to)
        return ok, Say(gettext_noop("%(name)s was born on %(born)s"), name=name, born=person.birth_date)
    if kind == Kind.BIRTH_ORDER:
        order = person.birth_order
        if order is None:
            return False, Say(gettext_noop("%(name)s has no birth order (adopted, or the mother is not registered)"),
                              name=name)
        ok = (condition.minimum is None or order >= condition.minimum) and (
            condition.maximum is None or order <= condition.maximum)
        return ok, Say(gettext_noop("%(name)s is child number %(order)s of the mother"), name=name, order=order)
    if kind == Kind.ROLE:
        return _role(person, facts, values)
    if kind == Kind.CERTIFIED:
        found = facts.certified(set(values), day, person=person)
        if found:
            return True, _fact_words(name, found[0])
        return False, Say(gettext_noop("no such fact is recorded for %(name)s on %(day)s"), name=name, day=day)
    field_name = {Kind.SEX: "sex", Kind.RESIDENCE: "residence", Kind.MARITAL: "marital_status",
                  Kind.CONTRACEPTION: "contraception", Kind.PREGNANCY: "pregnancy"}[kind]
    value = getattr(person, field_name)
    shown = words.label_of(kind, value) if value else gettext_noop("nothing recorded")
    return value in values, Say(gettext_noop("%(name)s: %(value)s"), name=name,
                                value=Say(shown) if not value else shown)


def _age(condition: Condition, person: Person, day: datetime.date) -> tuple[bool, Say]:
    on = condition.on_date or day
    born_on_or_before, born_after = age_bounds(condition.minimum, condition.maximum, on)
    ok = (born_on_or_before is None or person.birth_date <= born_on_or_before) and (
        born_after is None or person.birth_date > born_after)
    if person.birth_date > on:
        return ok, Say(gettext_noop("%(name)s was born on %(born)s, after %(day)s"), name=person.name,
                       born=person.birth_date, day=on)
    return ok, Say(gettext_noop("%(name)s, born on %(born)s, is %(age)s on %(day)s"), name=person.name,
                   born=person.birth_date, age=age_on(person.birth_date, on), day=on)


def _registered(person: Person, day: datetime.date) -> tuple[bool, Say]:
    name = person.name
    if person.status == Status.DEACTIVATED:
        return False, Say(gettext_noop("%(name)s was removed from the register"), name=name)
    if person.birth_date > day:
        return False, Say(gettext_noop("%(name)s was born on %(born)s, after %(day)s"), name=name,
                          born=person.birth_date, day=day)
    if person.status != Status.ACTIVE and person.status_changed_on <= day:
        if person.status == Status.DECEASED:
            return False, Say(gettext_noop("%(name)s died on %(date)s"), name=name, date=person.status_changed_on)
        return False, Say(gettext_noop("%(name)s moved out of the town on %(date)s"), name=name,
                          date=person.status_changed_on)
    return True, Say(gettext_noop("%(name)s is in the register on %(day)s"), name=name, day=day)


def _role(person: Person, facts: Facts, values: list[str]) -> tuple[bool, Say]:
    if person.relation in PARENT_RELATIONS and person.status in PARENT_STATUSES:
        return "parent" in values, Say(gettext_noop("%(name)s is %(relation)s of the household"), name=person.name,
                                       relation=person.get_relation_display())
    if person.pk in facts.child_ids:
        return "child" in values, Say(gettext_noop("%(name)s is a child of the household's couple"), name=person.name)
    return False, Say(gettext_noop("%(name)s is neither a parent nor a child of the couple (%(relation)s)"),
                      name=person.name, relation=person.get_relation_display())


def _fact_words(name: str, fact) -> Say:
    if fact.evidence:
        return Say(gettext_noop("%(name)s: %(fact)s, %(date)s (%(evidence)s)"), name=name, fact=fact.get_kind_display(),
                   date=fact.occurred_on, evidence=fact.evidence)
    return Say(gettext_noop("%(name)s: %(fact)s, %(date)s"), name=name, fact=fact.get_kind_display(),
               date=fact.occurred_on)


def household_check(condition: Condition, facts: Facts, day: datetime.date) -> tuple[bool, Say]:
    kind, values, household = condition.kind, condition.values, facts.household
    if kind == Kind.REGISTERED:
        if household.registered_on > day:
            return False, Say(gettext_noop("the household was registered on %(date)s, after %(day)s"),
                              date=household.registered_on, day=day)
        if household.status != Household.Status.ACTIVE and household.status_changed_on <= day:
            return False, Say(gettext_noop("the household left the register on %(date)s (%(status)s)"),
                              date=household.status_changed_on, status=household.get_status_display())
        return True, Say(gettext_noop("the household is in the register on %(day)s"), day=day)
    if kind == Kind.HUKOU:
        return household.hukou_type in values, Say(gettext_noop("the household's hukou is %(value)s"),
                                                   value=household.get_hukou_type_display())
    if kind == Kind.VILLAGE:
        return household.village_id in values, Say(gettext_noop("the household is registered in %(village)s"),
                                                   village=household.village.name)
    if kind == Kind.FAMILY_CATEGORY:
        return _category(facts, values, day)
    if kind == Kind.CERTIFIED:
        found = facts.certified(set(values), day)
        if found:
            return True, _fact_words(found[0].person.name if found[0].person_id else _("the household"), found[0])
        return False, Say(gettext_noop("no such fact is recorded for the household on %(day)s"), day=day)
    if kind == Kind.CHILDREN:
        return _children_count(condition, facts, day)
    raise ValueError(kind)


def _category(facts: Facts, values: list[str], day: datetime.date) -> tuple[bool, Say]:
    held = [row for row in facts.categories
            if row.holds_from <= day and (row.holds_until is None or row.holds_until > day)]
    matching = [row for row in held if row.category in values]
    if matching:
        row = matching[0]
        return True, Say(gettext_noop("the household has been a %(category)s since %(date)s"),
                         category=row.get_category_display(), date=row.holds_from)
    if held:
        return False, Say(gettext_noop("on %(day)s the household is a %(categories)s"), day=day,
                          categories=_Joined([r.get_category_display() for r in held]))
    return False, Say(gettext_noop("on %(day)s the household falls into no family category"), day=day)


class _Joined:
    def __init__(self, labels):
        self.labels = labels

    def __str__(self):
        return _(" and ").join(str(label) for label in self.labels)


def _children_count(condition: Condition, facts: Facts, day: datetime.date) -> tuple[bool, Say]:
    living = [c for c in facts.children_born_by(day) if not _dead_by(c, day)]
    if condition.values:
        living = [c for c in living if c.sex in condition.values]
    count = len(living)
    ok = (condition.minimum is None or count >= condition.minimum) and (
        condition.maximum is None or count <= condition.maximum)
    if living:
        return ok, Say(gettext_noop("on %(day)s the couple has %(count)s %(what)s: %(names)s"), day=day, count=count,
                       what=_Noun(condition), names="、".join(c.name for c in living))
    return ok, Say(gettext_noop("on %(day)s the couple has %(count)s %(what)s"), day=day, count=count,
                   what=_Noun(condition))


class _Noun:
    def __init__(self, condition):
        self.condition = condition

    def __str__(self):
        return str(words.children_noun(self.condition))
