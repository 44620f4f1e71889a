"""One condition judged for one person or household on one day: whether it holds, and the fact
that decided it, in words put together only when read. The explainer's half of the evaluation;
`incentives.rules.compile` is the other half and must agree."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from incentives.models import Condition
from incentives.rules import words
from incentives.rules.common import PARENT_RELATIONS, PARENT_STATUSES, age_bounds, age_on
from incentives.rules.facts import Facts
from incentives.rules.words import Say
from members.models import Household, Person

Kind = Condition.Kind
Status = Person.Status


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
    if kind == Kind.FACT:
        found = facts.valid_facts(set(values), day, person=person)
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
    if kind == Kind.FACT:
        found = facts.valid_facts(set(values), day)
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
