"""What a policy would cost per village in the coming years, from today's registry ageing forward.

No births, deaths or moves are invented: the people registered today grow older, so children
age out of a childcare subsidy and parents age into a reward. Used before a policy is adopted or
a rate changed: the proposed amount and unit replace the policy's own rates.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from incentives.models import Policy, Rate
from incentives.rules import rule_of
from incentives.rules.run import run
from villages.models import User, Village
from villages.periods import YEAR, Period
from villages.queries import villages_for


@dataclass
class ForecastRow:
    village: Village
    cells: list[tuple[int, Decimal]] = field(default_factory=list)  # (recipients, amount) per year


@dataclass
class Forecast:
    policy: Policy
    years: list[int]
    rows: list[ForecastRow]
    proposed_rate: Rate | None

    @property
    def totals(self) -> list[tuple[int, Decimal]]:
        return [(sum(r.cells[i][0] for r in self.rows), sum((r.cells[i][1] for r in self.rows), Decimal("0")))
                for i in range(len(self.years))]


def forecast(user: User, policy: Policy, *, years: int = 5, first_year: int | None = None,
             amount: Decimal | None = None, unit: str = "") -> Forecast:
    first_year = first_year or timezone.localdate().year
    rule = rule_of(policy)
    proposed = None
    if amount is not None:
        proposed = Rate(policy=policy, amount=amount, unit=unit or Rate.Unit.YEAR,
                        valid_from=datetime.date(first_year, 1, 1))
        rates = [proposed]
    else:
        rates = list(policy.rates.order_by("valid_from"))
    visible = {v.pk: v for v in villages_for(user).order_by("code")}
    if policy.village_id:
        visible = {k: v for k, v in visible.items() if k == policy.village_id}
    cells = defaultdict(lambda: [(0, Decimal("0"))] * years)
    granted: set[int] = set()
    for index, year in enumerate(range(first_year, first_year + years)):
        period = Period(YEAR, year)
        found = run(_yearly(policy), period, rule=rule, rates=rates, exclude_once_granted=False)
        for candidate in found.candidates:
            if candidate.rate.unit == Rate.Unit.ONCE and candidate.key in granted:
                continue
            granted.add(candidate.key)
            if candidate.village_id in visible:
                count, total = cells[candidate.village_id][index]
                cells[candidate.village_id][index] = (count + 1, total + candidate.amount)
    rows = [ForecastRow(village, list(cells[pk])) for pk, village in visible.items() if pk in cells]
    return Forecast(policy=policy, years=list(range(first_year, first_year + years)), rows=rows,
                    proposed_rate=proposed)


def _yearly(policy: Policy) -> Policy:
    """A forecast runs by year whatever the policy's cycle: amounts per unit add up the same."""
    copy = Policy(**{f.attname: getattr(policy, f.attname) for f in Policy._meta.concrete_fields})
    copy.frequency = Policy.Frequency.YEAR
    return copy
