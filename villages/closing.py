"""Closing a period, and corrections dated inside a closed one (models: villages.models.closing).

- `close(town, period, by)` freezes the catalogue's figures for the period, for the town, every
  village and every villager group, as a new version (the previous one is kept, marked superseded).
- `require_open(town_id=…, on=…, reason=…)` is called by every action that writes a dated record: a
  date inside a closed period is refused without a reason, and with one the change is recorded as a
  correction of that closed period.
- `changes_since_closing(closing)` lists what the corrections would change: the figures whose value
  computed now differs from the snapshot.
- The working year: the year pages, forms and documents open on.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from villages import catalogue
from villages.models import Correction, County, FigureValue, PeriodClosing, Town, User, Village
from villages.periods import PER_YEAR, QUARTER, YEAR, Period
from villages.roles import require_county_office, require_may_close

CLOSABLE = (YEAR, QUARTER)
REASON_LABEL = gettext_lazy("Reason for the correction")
REASON_HELP = gettext_lazy("Needed only when the date falls in a period the town office has closed")


def correction_reason_field() -> forms.CharField:
    """The form field of the reason a date inside a closed period is set or changed (`require_open` asks)."""
    return forms.CharField(label=REASON_LABEL, max_length=500, required=False, help_text=REASON_HELP)


def correction_reason_serializer_field() -> serializers.CharField:
    """The API field of the reason a date inside a closed period is set or changed (written, never read back)."""
    return serializers.CharField(max_length=500, required=False, allow_blank=True, default="", label=REASON_LABEL,
                                 help_text=REASON_HELP, write_only=True)


def closing_of(town_id: int, day: datetime.date) -> PeriodClosing | None:
    """The current closing of the smallest closed period of the town that `day` falls in."""
    return (PeriodClosing.objects.current().filter(town_id=town_id).covering(day)
            .order_by("ends_on", "-starts_on").first())


def require_open(*, town_id: int, on: datetime.date | None, reason: str = "", by: User | None, what: str,
                 record=None, village_id: int | None = None, field: str = "correction_reason") -> Correction | None:
    """Refuse a change dated `on` inside a closed period unless a reason is given; record it as a correction."""
    if on is None or town_id is None:
        return None
    closing = closing_of(town_id, on)
    if closing is None:
        return None
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _(
            "%(period)s has been closed by the town office. A change dated %(date)s is a correction: "
            "give the reason for it."
        ) % {"period": closing.period_obj.label, "date": on.isoformat()}})
    if record is not None and village_id is None:
        village_id = getattr(record, "village_id", None)
    return Correction.objects.create(
        town_id=town_id, closing=closing, dated=on, village_id=village_id, what=str(what)[:200],
        record_type=record._meta.label_lower if record is not None else "",
        record_id=record.pk if record is not None else None, reason=reason,
        made_by=by if by is not None and by.is_authenticated else None,
    )


def check_closable(period: Period) -> None:
    if period.kind not in CLOSABLE:
        raise ValidationError({"period": _("Only a year or a quarter can be closed.")})
    if period.ends_on >= timezone.localdate():
        raise ValidationError({"period": _("%(period)s is not over yet; it can be closed once it has ended.")
                               % {"period": period.label}})


@transaction.atomic
def close(*, town: Town, period: Period, by: User, note: str = "") -> PeriodClosing:
    """Close `period` (or close it again): a new version of its snapshot; the old one is kept."""
    require_may_close(by, town)
    check_closable(period)
    previous = (PeriodClosing.objects.select_for_update().filter(town=town, period=str(period))
                .order_by("-version").first())
    now = timezone.now()
    if previous is not None and previous.superseded_at is None:
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    closing = PeriodClosing.objects.create(
        town=town, period=str(period), starts_on=period.starts_on, ends_on=period.ends_on,
        version=(previous.version + 1) if previous else 1, closed_at=now, closed_by=by, note=note.strip(),
    )
    figures = catalogue.compute(town.pk, period)
    rows = [FigureValue(closing=closing, code=code, level=level, unit_id=unit, category=category, value=value)
            for (code, level, unit, category), value in figures.data.items()]
    FigureValue.objects.bulk_create(rows, batch_size=5000)
    closing.values_count = len(rows)
    closing.save(update_fields=["values_count"])
    return closing


@transaction.atomic
def close_county(*, county: County, period: Period, by: User, note: str = "") -> list[PeriodClosing]:
    """Close `period` for every town of the county that has not closed it, in one transaction (all or none).

    A town that has already closed the period keeps its snapshot (closing it again, after corrections, is its
    own office's decision); the county's figures for the period are its towns' snapshots added up
    (reports.queries.county.town_totals). The county office of the county, or a superuser."""
    require_county_office(by, county.pk)
    check_closable(period)
    towns = county.towns.order_by("code")
    closed = set(PeriodClosing.objects.current().filter(town__in=towns, period=str(period))
                 .values_list("town_id", flat=True))
    return [close(town=town, period=period, by=by, note=note) for town in towns if town.pk not in closed]


def closings(town_id: int):
    return (PeriodClosing.objects.filter(town_id=town_id).select_related("closed_by")
            .order_by("-starts_on", "ends_on", "-version"))


def corrections_since(closing: PeriodClosing):
    """Corrections dated inside the closed period, made while this version was current."""
    return (Correction.objects.filter(closing=closing).select_related("made_by", "village")
            .order_by("-made_at", "-pk"))


def correction_counts(closings) -> dict[int, int]:
    rows = (Correction.objects.filter(closing__in=[c.pk for c in closings]).values("closing")
            .annotate(n=Count("pk")).order_by())
    return {row["closing"]: row["n"] for row in rows}


def changes_since_closing(closing: PeriodClosing) -> list[dict]:
    """The figures whose value computed now differs from the snapshot, for the town and each village."""
    stored = catalogue.snapshot(closing)
    now = catalogue.compute(closing.town_id, closing.period_obj)
    names = dict(Village.objects.filter(town_id=closing.town_id).values_list("pk", "name"))
    changed = []
    keys = {key for key in stored.data.keys() | now.data.keys()
            if key[1] != catalogue.GROUP and key[3] == "" and catalogue.exists(key[0])}
    for code, level, unit, category in sorted(keys, key=lambda k: (k[0], k[1] != catalogue.TOWN, k[2])):
        before, after = stored.get(code, level, unit, category), now.get(code, level, unit, category)
        if (before or 0) != (after or 0):
            changed.append({"figure": catalogue.get(code), "level": level, "unit": unit, "before": before,
                            "after": after, "name": names.get(unit) if level == catalogue.VILLAGE else ""})
    return changed


# --- The working year -----------------------------------------------------------------------------

def working_year(town: Town | None) -> int:
    """The year pages open on: the town's working year, else the latest year with data."""
    if town is not None and town.working_year:
        return town.working_year
    return catalogue.years_with_data(town.pk if town is not None else None)[0]


def working_period(town: Town | None, kind: str) -> Period:
    """The period of `kind` a page or a form opens on: in the working year, the latest that has ended
    (the working year's last when the year is over, its first when it has not begun)."""
    year = working_year(town)
    if kind == YEAR:
        return Period(YEAR, year)
    latest = Period.containing(timezone.localdate(), kind).previous()
    if latest.year == year:
        return latest
    return Period(kind, year, PER_YEAR[kind]) if latest.year > year else Period(kind, year, 1)


def working_year_of(user) -> int:
    """The working year of the user's town."""
    from villages.queries import town_id_of

    return working_year(Town.objects.filter(pk=town_id_of(user)).first())


def chosen_year(requested: str | None, town: Town | None) -> int:
    """The year asked for in a year selector, else the working year (nonsense also gives the working year)."""
    requested = (requested or "").strip()
    if requested.isdigit() and 2000 <= int(requested) <= timezone.localdate().year + 1:
        return int(requested)
    return working_year(town)


def year_choices(town: Town | None) -> list[int]:
    """The years a year selector offers: every year with data, and the working year."""
    found = catalogue.years_with_data(town.pk if town is not None else None)
    return sorted({*found, town.working_year if town is not None and town.working_year else found[0]}, reverse=True)
