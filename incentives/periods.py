"""Benefit periods, written as the document pipeline writes them: 2025, 2025Q3, 2025-07."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PERIOD_PATTERN = r"^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$"
period_validator = RegexValidator(
    PERIOD_PATTERN, gettext_lazy("A period is a year (2025), a quarter (2025Q3) or a month (2025-07).")
)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    label: str
    frequency: str  # "year", "quarter" or "month", as Policy.Frequency
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def month_ends(self) -> list[datetime.date]:
        """The last day of each month of the period, in order."""
        days, year, month = [], self.starts_on.year, self.starts_on.month
        while (year, month) <= (self.ends_on.year, self.ends_on.month):
            days.append(month_end(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return days

    @property
    def month_count(self) -> int:
        return len(self.month_ends)

    @property
    def year(self) -> int:
        return self.starts_on.year

    def __str__(self):
        return display(self.label)


def parse(label: str) -> Period:
    label = (label or "").strip()
    if not re.fullmatch(PERIOD_PATTERN, label):
        raise ValidationError({"period": [_("A period is a year (2025), a quarter (2025Q3) or a month (2025-07).")]})
    year = int(label[:4])
    if "Q" in label:
        quarter = int(label[-1])
        first = 3 * quarter - 2
        return Period(label, "quarter", datetime.date(year, first, 1), month_end(year, first + 2))
    if "-" in label:
        month = int(label[5:])
        return Period(label, "month", datetime.date(year, month, 1), month_end(year, month))
    return Period(label, "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def display(label: str) -> str:
    """2025 → 2025年, 2025Q3 → 2025年第3季度, 2025-07 → 2025年7月 (in the active language)."""
    if "Q" in label:
        return _("%(year)s Q%(quarter)s") % {"year": label[:4], "quarter": label[-1]}
    if "-" in label:
        return _("%(month)s/%(year)s") % {"year": label[:4], "month": int(label[5:])}
    return _("year %(year)s") % {"year": label}


def periods_of_year(year: int, frequency: str) -> list[str]:
    if frequency == "quarter":
        return [f"{year}Q{q}" for q in range(1, 5)]
    if frequency == "month":
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    return [str(year)]
