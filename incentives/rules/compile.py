"""The set-based evaluator: a rule as a database query over a whole town, for one day.

Every condition becomes a `Q` on the subject (a Person or a Household); a parent or child
group becomes one `Exists` over the household's members, so one member meets all of the
group's conditions. `incentives.rules.explain` answers the same rule for one subject in
Python; tests check that the two agree.
"""

import datetime

from django.db import connection
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from incentives.models import Condition, Fact
from incentives.rules.common import CHILD_RELATION_CODES, PARENT_RELATIONS, PARENT_STATUSES, age_bounds
from incentives.rules.definition import Rule
from members.models import FamilyCategory, Household, Person

Kind = Condition.Kind
Target = Condition.Target
Status = Person.Status


def subjects(rule: Rule) -> QuerySet:
    """Every possible subject of the policy's town, before any condition."""
    policy = rule.policy
    if policy.for_persons:
        return Person.objects.filter(town_id=policy.town_id)
    return Household.objects.filter(town_id=policy.town_id)


def rule_q(rule: Rule, day: datetime.date) -> Q:
    """The subjects eligible on `day`, as one Q on the subject model."""
    on_person = rule.policy.for_persons
    ref = "household_id" if on_person else "pk"
    prefix = "household__" if on_person else ""
    q = Q()
    for group in rule.groups:
        if group.target == Target.SELF:
            for condition in group.conditions:
                q &= person_q(condition, day)
        elif group.target == Target.HOUSEHOLD:
            for condition in group.conditions:
                q &= household_q(condition, day, prefix=prefix, ref=ref)
        else:
            inner = Q()
            for condition in group.conditions:
                inner &= person_q(condition, day)
            if group.target == Target.PARENT:
                q &= Q(Exists(parents_of(OuterRef(ref)).filter(inner)))
            else:
                q &= any_child(OuterRef(ref), day, inner, town_id=_town_bound(rule))
    return q


def _town_bound(rule: Rule) -> int | None:
    """The policy's town, to bound the children subqueries by on PostgreSQL (see children_parts). Not on SQLite:
    without statistics its planner would search each correlated subquery by the town instead of the household."""
    return rule.policy.town_id if connection.vendor == "postgresql" else None


def eligible(rule: Rule, day: datetime.date) -> QuerySet:
    return subjects(rule).filter(rule_q(rule, day)).order_by()


def parents_of(household_ref) -> QuerySet:
    return Person.objects.filter(household_id=household_ref, relation__in=PARENT_RELATIONS, status__in=PARENT_STATUSES)


def children_parts(household_ref, town_id: int | None = None) -> list[Q]:
    """The children of a household's couple, wherever they are registered now (as members.rules.categories),
    as three disjoint parts: through the mother, through the father only, and children of the
    household whose parents are not linked. Each part can use an index; their OR could not.

    `town_id`, the household's town, changes nothing (the parents, and the unlinked children, are members of
    the household, so of its town) but bounds the plan PostgreSQL may choose, all the subquery's rows
    hashed at once, to one town instead of the whole county."""

    def in_town(prefix: str) -> dict:
        return {} if town_id is None else {f"{prefix}town_id": town_id}

    via_mother = Q(mother__household_id=household_ref, mother__relation__in=PARENT_RELATIONS,
                   mother__status__in=PARENT_STATUSES, **in_town("mother__"))
    via_father = Q(father__household_id=household_ref, father__relation__in=PARENT_RELATIONS,
                   father__status__in=PARENT_STATUSES, **in_town("father__")) & ~via_mother
    unlinked = Q(household_id=household_ref, relation__in=CHILD_RELATION_CODES, mother__isnull=True,
                 father__isnull=True, **in_town(""))
    registered = ~Q(status=Status.DEACTIVATED)
    return [via_mother & registered, via_father & registered, unlinked & registered]


def children_q(household_ref) -> Q:
    first, *others = children_parts(household_ref)
    for part in others:
        first |= part
    return first


def any_child(household_ref, day: datetime.date, inner: Q, *, town_id: int | None = None) -> Q:
    """Some child of the household (of the town `town_id`), born by the day, meets `inner`."""
    q = Q(pk__in=[])
    for part in children_parts(household_ref, town_id):
        q |= Q(Exists(Person.objects.filter(part, inner, birth_date__lte=day)))
    return q


def registered_person_q(day: datetime.date) -> Q:
    return (Q(birth_date__lte=day) & ~Q(status=Status.DEACTIVATED)
            & (Q(status=Status.ACTIVE) | Q(status_changed_on__gt=day)))


def alive_q(day: datetime.date) -> Q:
    return ~Q(status=Status.DECEASED, died_on__lte=day)


def person_q(condition: Condition, day: datetime.date) -> Q:
    """A condition on a person, as a Q on Person (the subject itself, or a parent or child subquery)."""
    kind, values = condition.kind, condition.values
    if kind == Kind.REGISTERED:
        return registered_person_q(day)
    if kind == Kind.ALIVE:
        return ~alive_q(day) if values == ["deceased"] else alive_q(day)
    if kind == Kind.AGE:
        born_on_or_before, born_after = age_bounds(condition.minimum, condition.maximum, condition.on_date or day)
        q = Q()
        if born_on_or_before is not None:
            q &= Q(birth_date__lte=born_on_or_before)
        if born_after is not None:
            q &= Q(birth_date__gt=born_after)
        return q
    if kind == Kind.BORN:
        q = Q()
        if condition.date_from:
            q &= Q(birth_date__gte=condition.date_from)
        if condition.date_to:
            q &= Q(birth_date__lte=condition.date_to)
        return q
    if kind == Kind.BIRTH_ORDER:
        q = Q(birth_order__isnull=False)
        if condition.minimum is not None:
            q &= Q(birth_order__gte=condition.minimum)
        if condition.maximum is not None:
            q &= Q(birth_order__lte=condition.maximum)
        return q
    if kind == Kind.ROLE:
        q = Q(pk__in=[])
        if "parent" in values:
            q |= Q(relation__in=PARENT_RELATIONS, status__in=PARENT_STATUSES)
        if "child" in values:
            q |= children_q(F("household_id"))
        return q
    if kind == Kind.FACT:
        return Q(Exists(Fact.objects.valid_on(day).filter(person_id=OuterRef("pk"), kind__in=values)))
    field = {Kind.SEX: "sex", Kind.RESIDENCE: "residence", Kind.MARITAL: "marital_status",
             Kind.CONTRACEPTION: "contraception", Kind.PREGNANCY: "pregnancy"}[kind]
    return Q(**{f"{field}__in": values})


def household_q(condition: Condition, day: datetime.date, *, prefix: str, ref: str) -> Q:
    kind, values = condition.kind, condition.values
    if kind == Kind.REGISTERED:
        return Q(**{f"{prefix}registered_on__lte": day}) & (
            Q(**{f"{prefix}status": Household.Status.ACTIVE}) | Q(**{f"{prefix}status_changed_on__gt": day}))
    if kind == Kind.HUKOU:
        return Q(**{f"{prefix}hukou_type__in": values})
    if kind == Kind.VILLAGE:
        return Q(**{f"{prefix}village_id__in": values})
    if kind == Kind.FAMILY_CATEGORY:
        held = FamilyCategory.objects.held_on(day).filter(household_id=OuterRef(ref), category__in=values)
        return Q(Exists(held))
    if kind == Kind.FACT:
        return Q(Exists(Fact.objects.valid_on(day).filter(household_id=OuterRef(ref), kind__in=values)))
    if kind == Kind.CHILDREN:
        return _children_count_q(condition, day, ref)
    raise ValueError(kind)


def _children_count_q(condition: Condition, day: datetime.date, ref: str) -> Q:
    count = None
    for part in children_parts(OuterRef(ref)):
        living = Person.objects.filter(part, alive_q(day), birth_date__lte=day)
        if condition.values:
            living = living.filter(sex__in=condition.values)
        # COUNT as a plain function: one row for the whole subquery, no GROUP BY.
        counted = Coalesce(Subquery(living.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
                                    output_field=IntegerField()), 0)
        count = counted if count is None else count + counted
    q = Q()
    if condition.minimum is not None:
        q &= Q(GreaterThanOrEqual(count, condition.minimum))
    if condition.maximum is not None:
        q &= Q(LessThanOrEqual(count, condition.maximum))
    return q
