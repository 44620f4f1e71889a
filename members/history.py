"""A record's field history (django-simple-history), as who / when / field / old → new."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from members.models import Household, Person
from members.models.person import SENSITIVE_FIELDS

HIDDEN = "＊＊＊"
SKIPPED = {"version", "id", "town", "created_at", "updated_at"}


@dataclass
class Entry:
    at: object
    user: object
    subject: str
    created: bool
    changes: list = field(default_factory=list)  # (label, old, new)


def household_history(household: Household, *, sensitive: bool, limit: int | None = None) -> list[Entry]:
    """The household's own changes and those of everyone who has been in it, newest first."""
    households = list(Household.history.filter(id=household.pk).select_related("history_user")
                      .order_by("history_date", "history_id"))
    person_ids = set(Person.history.filter(household_id=household.pk).values_list("id", flat=True))
    people = list(Person.history.filter(id__in=person_ids).select_related("history_user")
                  .order_by("history_date", "history_id"))
    entries = _entries(Household, households, lambda row: _("household %(number)s") % {"number": row.number},
                       sensitive)
    entries += _entries(Person, people, lambda row: row.name, sensitive)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit] if limit else entries


def person_history(person: Person, *, sensitive: bool) -> list[Entry]:
    rows = list(Person.history.filter(id=person.pk).select_related("history_user").order_by("history_date"))
    return sorted(_entries(Person, rows, lambda row: row.name, sensitive), key=lambda e: e.at, reverse=True)


def _entries(model, rows, subject, sensitive: bool) -> list[Entry]:
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED]
    labels = _related_labels(fields, rows)
    previous, entries = {}, []
    for row in rows:
        before = previous.get(row.id)
        entry = Entry(at=row.history_date, user=row.history_user, subject=subject(row), created=before is None)
        for f in fields:
            new = getattr(row, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if before is not None and old == new or before is None and new in (None, ""):
                continue
            entry.changes.append((f.verbose_name, _show(f, old, labels, sensitive), _show(f, new, labels, sensitive)))
        if entry.changes or entry.created:
            entries.append(entry)
        previous[row.id] = row
    return entries


def _related_labels(fields, rows) -> dict:
    """Names for the foreign keys that appear (households by number, people by name), in two queries."""
    wanted = {"household": set(), "person": set()}
    for row in rows:
        for f in fields:
            if f.name == "household":
                wanted["household"].add(getattr(row, f.attname))
            elif f.name in ("mother", "father") and getattr(row, f.attname):
                wanted["person"].add(getattr(row, f.attname))
    labels = {("household", pk): number for pk, number in
              Household.objects.filter(pk__in=wanted["household"]).values_list("pk", "number")}
    labels |= {("person", pk): name for pk, name in
               Person.objects.filter(pk__in=wanted["person"]).values_list("pk", "name")}
    return labels


def _show(f, value, labels, sensitive: bool) -> str:
    if value in (None, ""):
        return "—"
    if f.name in SENSITIVE_FIELDS and not sensitive:
        return HIDDEN
    if f.name == "household":
        return labels.get(("household", value), str(value))
    if f.name in ("mother", "father"):
        return labels.get(("person", value), str(value))
    if f.is_relation:
        return str(value) if f.name != "group" else _group_label(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _group_label(pk) -> str:
    from villages.models import VillagerGroup

    group = VillagerGroup.objects.filter(pk=pk).values_list("name", flat=True).first()
    return group or str(pk)
