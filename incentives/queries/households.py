"""A household's benefits and, policy by policy, why each member is or is not eligible."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.models import Condition, Entitlement, Policy, Rate
from incentives.queries.scoping import entitlements_for, policies_for
from incentives.rules import rule_of
from incentives.rules.explain import Explanation, explain
from incentives.rules.facts import load
from members.models import Household, Person
from villages.models import SensitiveAccess, User
from villages.periods import Period
from villages.privacy import may_see_sensitive


@dataclass
class PolicyCard:
    policy: Policy
    period: Period
    explanations: list[Explanation] = field(default_factory=list)
    entitlements: list[Entitlement] = field(default_factory=list)

    @property
    def eligible(self) -> list[Explanation]:
        return [e for e in self.explanations if e.eligible]

    @property
    def undecided(self) -> list[Explanation]:
        return [e for e in self.explanations if e.eligible is None]

    @property
    def not_eligible(self) -> list[Explanation]:
        return [e for e in self.explanations if e.eligible is False]


def period_in_year(policy: Policy, year: int) -> Period:
    """The policy's period to explain in a year: the year, or its current (else last) quarter or month."""
    today = timezone.localdate()
    return Period.containing(today if today.year == year else datetime.date(year, 12, 31), policy.frequency)


def applicable_policies(user: User, household: Household, year: int) -> list[Policy]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(policies_for(user).filter(Q(village__isnull=True) | Q(village_id=household.village_id))
                .filter(adopted_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
                .prefetch_related(Prefetch("conditions", queryset=Condition.objects.order_by("position", "pk")),
                                  Prefetch("rates", queryset=Rate.objects.order_by("valid_from")))
                .order_by("level", "name"))


def household_benefits(user: User, household: Household, year: int) -> list[PolicyCard]:
    """One card per policy in force in the household's village that year, with every member judged."""
    show_sensitive = may_see_sensitive(user, household.village_id)
    facts = load(household)
    facts.village_names = {household.village_id: household.village.name}
    policies = applicable_policies(user, household, year)
    entitlements = list(entitlements_for(user).filter(household=household).select_related(
        "person", "cycle", "rate", "hold").order_by("-cycle__starts_on", "pk"))
    cards = []
    for policy in policies:
        rule = rule_of(policy, list(policy.conditions.all()))
        period = period_in_year(policy, year)
        card = PolicyCard(policy, period, entitlements=[e for e in entitlements if e.policy_id == policy.pk])
        earlier = [e for e in entitlements if e.policy_id == policy.pk]
        subjects = _subjects(policy, household, facts, period)
        for subject in subjects:
            mine = [e for e in earlier if (e.person_id == subject.pk if isinstance(subject, Person)
                                           else e.person_id is None)]
            card.explanations.append(explain(policy, subject, period, show_sensitive=show_sensitive, facts=facts,
                                             rule=rule, rates=list(policy.rates.all()), earlier=mine))
        cards.append(card)
    return cards


def reasons_access(household: Household, cards: list[PolicyCard], *, sensitive: bool) -> dict | None:
    """What the access log records when these cards are shown to someone who sees sensitive data
    (`sensitive`): the reasons of the policies on sensitive data. None when there are none."""
    shown = [c for c in cards if c.policy.uses_sensitive_data]
    if not (sensitive and shown):
        return None
    return {"action": SensitiveAccess.Action.VIEW, "village_id": household.village_id,
            "what": _("benefit eligibility reasons of household %(number)s") % {"number": household.number},
            "record_type": "household", "record_id": household.pk, "count": len(shown)}


def _subjects(policy: Policy, household: Household, facts, period: Period) -> list:
    if not policy.for_persons:
        return [household]
    # The household's members who were in the register at some time during the period.
    def in_period(person):
        left = person.status != Person.Status.ACTIVE and person.status_changed_on < period.starts_on
        return person.birth_date <= period.ends_on and not left

    return [p for p in facts.members if in_period(p)]
