"""From eligible days to money: which days are judged, which months count, how much is owed."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from incentives.models import Policy, Rate
from villages.periods import Period

CENT = Decimal("0.01")


def evaluation_days(policy: Policy, period: Period) -> list[datetime.date]:
    """The days eligibility is judged on: each month's last day when pro-rated, else the period's last day.

    Only days on which the policy is in force (a proposal counts as in force, for forecasts).
    """
    last = min(period.ends_on, policy.ended_on) if policy.ended_on else period.ends_on

    def in_force(day):
        return period.starts_on <= day <= last and (policy.adopted_on is None or day >= policy.adopted_on)

    if policy.proration == Policy.Proration.MONTHS:
        return [day for day in period.month_ends if in_force(day)]
    return [last] if in_force(last) else []


def month_mask(policy: Policy, period: Period, eligible_days: set[datetime.date],
               birth_date: datetime.date | None = None) -> list[bool]:
    """One flag per month of the period: does the month count?"""
    ends = period.month_ends
    if policy.proration != Policy.Proration.MONTHS:
        return [bool(eligible_days)] * len(ends)
    mask = [day in eligible_days for day in ends]
    if policy.births_in_full and birth_date and period.starts_on <= birth_date <= period.ends_on:
        born_in = next(i for i, day in enumerate(ends) if birth_date <= day)
        if mask[born_in]:
            mask[:born_in] = [True] * born_in
    return mask


def amount_for(rate: Rate, months: int, occasions: int = 0) -> Decimal:
    unit = rate.unit
    if unit == Rate.Unit.YEAR:
        value = rate.amount * months / 12
    elif unit == Rate.Unit.MONTH:
        value = rate.amount * months
    elif unit == Rate.Unit.OCCASION:
        value = rate.amount * occasions
    else:
        value = rate.amount
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def rate_on(rates: list[Rate], day: datetime.date) -> Rate | None:
    for rate in rates:
        if rate.valid_from <= day and (rate.valid_until is None or rate.valid_until >= day):
            return rate
    return None


def mask_text(mask: list[bool]) -> str:
    return "".join("1" if flag else "0" for flag in mask)
