"""The one period type of the house: a year, a quarter or a month, spelled as DHIS2 spells them.

`2025` is a year, `2025Q3` a quarter, `202507` a month: the kind is read from the string's shape, and
`str(period)` gives the same spelling back. That spelling is the one used in URLs, the API and the
database, so the county's systems read Zizhi's periods as their own. The month spelling of older links
and clients, `2025-07`, is still read (and written back as `202507`).

Here too the pieces that carry a period across the edges: the validator and check constraint of a
stored period (and the respelling of stored months for the data migrations), the form, filter and API
fields that read one (and a year filter), and the URL converter registered as `period` (villages.apps).
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Concat, Substr
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

YEAR, QUARTER, MONTH = "year", "quarter", "month"  # the values of incentives' Policy.Frequency
PER_YEAR = {YEAR: 1, QUARTER: 4, MONTH: 12}
# The canonical spelling, as stored; the parser also reads the older month spelling 2025-07.
PATTERN = r"[1-9]\d{3}(?:Q[1-4]|0[1-9]|1[0-2])?"
SHAPE = re.compile(r"(?P<year>[1-9]\d{3})(?:Q(?P<quarter>[1-4])|-?(?P<month>0[1-9]|1[0-2]))?")
INVALID = gettext_lazy("A period is a year (2025), a quarter (2025Q3) or a month (202507).")
HELP_TEXT = gettext_lazy("A year (2025), a quarter (2025Q3) or a month (202507).")
FIELD_DEFAULTS = {"max_length": 7, "help_text": HELP_TEXT}  # 7: room for the older 2025-07 as typed


def month_end(day: datetime.date) -> datetime.date:
    """The last day of the month of `day`."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    """A year (`Period(YEAR, 2025)`), a quarter (`Period(QUARTER, 2025, 3)`) or a month (`Period(MONTH, 2025, 7)`)."""

    kind: str
    year: int
    number: int = 1  # the quarter (1-4) or the month (1-12); 1 for a year

    def __post_init__(self):
        if self.kind not in PER_YEAR or not 1 <= self.number <= PER_YEAR[self.kind] or not 1 <= self.year <= 9999:
            raise ValueError(f"no such period: {self.kind} {self.year} {self.number}")

    @classmethod
    def parse(cls, text: str) -> "Period":
        match = SHAPE.fullmatch((text or "").strip())
        if match is None:
            raise ValidationError(INVALID, code="invalid")
        year = int(match["year"])
        if match["quarter"]:
            return cls(QUARTER, year, int(match["quarter"]))
        if match["month"]:
            return cls(MONTH, year, int(match["month"]))
        return cls(YEAR, year)

    @classmethod
    def containing(cls, day: datetime.date, kind: str) -> "Period":
        """The year, quarter or month that `day` falls in."""
        return cls(kind, day.year, (day.month - 1) * PER_YEAR[kind] // 12 + 1)

    def __str__(self):
        if self.kind == QUARTER:
            return f"{self.year}Q{self.number}"
        if self.kind == MONTH:
            return f"{self.year}{self.number:02d}"
        return str(self.year)

    @property
    def label(self) -> str:
        """2025年, 2025年第3季度, 2025年7月 (year 2025, 2025 Q3, July 2025), in the active language."""
        if self.kind == QUARTER:
            return _("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.number}
        if self.kind == MONTH:
            return date_format(self.starts_on, "YEAR_MONTH_FORMAT")
        return _("year %(year)s") % {"year": self.year}

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, (self.number - 1) * 12 // PER_YEAR[self.kind] + 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        return month_end(datetime.date(self.year, self.number * 12 // PER_YEAR[self.kind], 1))

    def within(self, kind: str) -> list["Period"]:
        """The periods of `kind` this one is made of: a year's quarters or months, a quarter's months."""
        count = PER_YEAR[kind] // PER_YEAR[self.kind] if PER_YEAR[kind] % PER_YEAR[self.kind] == 0 else 0
        first = (self.number - 1) * count + 1
        return [Period(kind, self.year, number) for number in range(first, first + count)]

    def months(self) -> list["Period"]:
        return self.within(MONTH)

    def quarters(self) -> list["Period"]:
        return self.within(QUARTER)

    @cached_property
    def month_ends(self) -> tuple[datetime.date, ...]:
        """The last day of each month of the period, in order (kept: a benefit cycle asks once per candidate)."""
        return tuple(month.ends_on for month in self.months())

    def previous(self) -> "Period":
        return self._shift(-1)

    def next(self) -> "Period":
        return self._shift(1)

    def _shift(self, steps: int) -> "Period":
        per_year = PER_YEAR[self.kind]
        index = self.year * per_year + self.number - 1 + steps
        return Period(self.kind, index // per_year, index % per_year + 1)


def validate_period(value: str) -> None:
    """A stored period is in the canonical spelling: 2025, 2025Q3 or 202507."""
    if not re.fullmatch(PATTERN, value or ""):
        raise ValidationError(INVALID, code="invalid")


def respell_months(model, *, back: bool = False) -> None:
    """Stored months 2025-07 become 202507 (`back`: 202507 becomes 2025-07 again); for data migrations."""
    if back:
        pattern, pieces = r"^\d{6}$", (Substr("period", 1, 4), models.Value("-"), Substr("period", 5, 2))
    else:
        pattern, pieces = r"^\d{4}-\d{2}$", (Substr("period", 1, 4), Substr("period", 6, 2))
    model.objects.filter(period__regex=pattern).update(period=Concat(*pieces, output_field=models.CharField()))


def period_constraint(name: str, *, blank: bool = False) -> models.CheckConstraint:
    """The database's guard of the spelling of a model's `period` (empty allowed when `blank`)."""
    regex = f"^({PATTERN})?$" if blank else f"^{PATTERN}$"
    return models.CheckConstraint(condition=models.Q(period__regex=regex), name=name)


class PeriodFormField(forms.CharField):
    """A period typed into a form, cleaned to the canonical spelling."""

    def __init__(self, **kwargs):
        super().__init__(**{**FIELD_DEFAULTS, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        return str(Period.parse(value)) if value else value


class PeriodFilter(django_filters.CharFilter):
    """Filters a stored period by one given in any spelling the parser reads."""

    field_class = PeriodFormField


# The years a period may have (PATTERN's four digits): what a year filter accepts.
FIRST_YEAR, LAST_YEAR = 1000, 9999


class YearFormField(forms.IntegerField):
    """A year typed into a filter: four digits, so that a date lookup never meets year 0 or 10**20."""

    def __init__(self, **kwargs):
        super().__init__(**{"min_value": FIRST_YEAR, "max_value": LAST_YEAR, **kwargs})


class YearFilter(django_filters.NumberFilter):
    """Filters by a year (of a date with lookup_expr="year", or of a stored year); another number is a field error."""

    field_class = YearFormField


class PeriodSerializerField(serializers.CharField):
    """A period in the API: read in any spelling the parser reads, written back in the canonical one."""

    def __init__(self, **kwargs):
        super().__init__(**{**FIELD_DEFAULTS, **kwargs})

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return str(Period.parse(value)) if value else value
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class PeriodConverter:
    """The URL converter `period`: `<period:period>` gives the view a Period."""

    regex = PATTERN

    def to_python(self, value: str) -> Period:
        return Period.parse(value)

    def to_url(self, value) -> str:
        return str(value)
