"""Fund entries and fundraisings a user may see, and the balances of a year."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from services.models import Donation, FundEntry, Fundraising
from services.queries.scope import in_scope, reader_villages

ZERO = Decimal("0.00")


def fund_entries_for(user) -> QuerySet[FundEntry]:
    return in_scope(FundEntry.objects.select_related("town", "village"), user)


def fund_entry_for_user(user, pk: int) -> FundEntry:
    try:
        return fund_entries_for(user).get(pk=pk)
    except FundEntry.DoesNotExist:
        raise Http404 from None


def fundraisings_for(user) -> QuerySet[Fundraising]:
    return in_scope(Fundraising.objects.select_related("town", "village"), user)


def fundraising_list(user) -> QuerySet[Fundraising]:
    return fundraisings_for(user).annotate(raised=Sum("donations__amount"), donors=Count("donations")).order_by(
        "-starts_on", "pk")


def fundraising_for_user(user, pk: int) -> Fundraising:
    rows = fundraisings_for(user).prefetch_related(
        Prefetch("donations", queryset=Donation.objects.order_by("donated_on", "pk")))
    try:
        fundraising = rows.get(pk=pk)
    except Fundraising.DoesNotExist:
        raise Http404 from None
    fundraising.raised = sum((d.amount for d in fundraising.donations.all()), start=ZERO)
    return fundraising


def entries_of_year(user, year: int) -> QuerySet[FundEntry]:
    return fund_entries_for(user).filter(entry_date__year=year).order_by("-entry_date", "-pk")


@dataclass
class Balance:
    unit: object  # a Village, or None for the town's own funds
    income: Decimal
    spending: Decimal

    @property
    def balance(self) -> Decimal:
        return self.income - self.spending


def balances(user, year: int) -> tuple[list[Balance], Balance]:
    """Income, spending and balance of the year for the town's own funds and each village (one query for the
    sums); the second value is the total over what the user sees."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (fund_entries_for(user).filter(entry_date__range=(start, end)).order_by().values("village")
            .annotate(income=Sum("amount", filter=Q(direction=FundEntry.Direction.INCOME)),
                      spending=Sum("amount", filter=Q(direction=FundEntry.Direction.SPENDING))))
    sums = {row["village"]: (row["income"] or ZERO, row["spending"] or ZERO) for row in rows}
    lines = []
    if None in sums:
        lines.append(Balance(None, *sums[None]))
    for village in reader_villages(user):
        lines.append(Balance(village, *sums.get(village.pk, (ZERO, ZERO))))
    total = Balance(None, sum((b.income for b in lines), start=ZERO), sum((b.spending for b in lines), start=ZERO))
    return lines, total
