"""Every read of the registry, scoped to the user (villages.queries is the one mechanism)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from members.identity import normalize_id_number
from members.models import SENSITIVE_FIELDS, FamilyCategory, Household, Person, VitalEvent
from members.models.codes import HEAD_RELATIONS
from villages.models import User, VillagerGroup
from villages.privacy import sees_sensitive_in_jurisdiction, sensitive_villages
from villages.queries import people_scoped, scoped


def households_for(user: User) -> QuerySet[Household]:
    """Households one by one: not for the leadership, which reads figures (villages.queries.people_scoped)."""
    return people_scoped(Household.objects.all(), user, village="village", group="group")


def household_for_user(user: User, pk: int) -> Household:
    """One household the user may see, with its village and group; another village's answers 404."""
    return get_object_or_404(households_for(user).select_related("village", "group", "town"), pk=pk)


def people_for(user: User) -> QuerySet[Person]:
    return people_scoped(Person.objects.all(), user, village="household__village", group="household__group")


def person_for_user(user: User, pk: int) -> Person:
    return get_object_or_404(people_for(user).select_related("household__village", "household__group"), pk=pk)


def events_for(user: User) -> QuerySet[VitalEvent]:
    """Vital events one by one, each naming a person: as households and persons."""
    return people_scoped(VitalEvent.objects.all(), user, village="village", group="household__group")


def event_totals_for(user: User) -> QuerySet[VitalEvent]:
    """Vital events to be counted, never listed: the whole jurisdiction, the leadership's too."""
    return scoped(VitalEvent.objects.all(), user, village="village", group="household__group")


def event_for_user(user: User, pk: int) -> VitalEvent:
    """One event the user may see, with its household and person; another village's answers 404."""
    return get_object_or_404(events_for(user).select_related("household__village", "person"), pk=pk)


def household_list(user: User, *, search: str = "", group: int | None = None, category: str = "",
                   status: str = "", village: int | None = None) -> QuerySet[Household]:
    """The household list with what each row shows, in a fixed number of queries whatever the page size.

    Searching by identity number is only for those who may see identity numbers.
    """
    households = households_for(user).annotate(
        head_name=Subquery(Person.objects.filter(household=OuterRef("pk"), relation__in=HEAD_RELATIONS)
                           .order_by("status", "pk").values("name")[:1]),
        people_count=Coalesce(Subquery(
            Person.objects.filter(household=OuterRef("pk"), status=Person.Status.ACTIVE)
            .values("household").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0)),
    ).select_related("village", "group").prefetch_related(
        Prefetch("categories", queryset=FamilyCategory.objects.current().order_by("category"), to_attr="current")
    ).order_by("village__code", "number")
    if village:
        households = households.filter(village_id=village)
    if group:
        households = households.filter(group_id=group)
    if status:
        households = households.filter(status=status)
    if category:
        households = households.filter(Exists(FamilyCategory.objects.current().filter(
            household=OuterRef("pk"), category=category)))
    search = search.strip()
    if search:
        households = households.filter(search_filter(user, search))
    return households


def search_filter(user: User, search: str) -> Q:
    by_name = Exists(Person.objects.filter(household=OuterRef("pk"), name__contains=search))
    condition = Q(number__icontains=search) | by_name
    number = normalize_id_number(search)
    if len(number) == 18 and sees_sensitive_in_jurisdiction(user):
        condition |= Exists(Person.objects.filter(household=OuterRef("pk"), id_number=number))
    return condition


def looks_like_id_number(search: str) -> bool:
    return len(normalize_id_number(search)) == 18


def household_people(household: Household) -> QuerySet[Person]:
    return household.people.select_related("mother", "father").order_by("relation", "birth_date", "pk")


def household_events(household: Household) -> QuerySet[VitalEvent]:
    return (household.events.select_related("person", "recorded_by", "other_person", "voided_by", "corrects")
            .order_by("-occurred_on", "-pk"))


def household_categories(household: Household) -> QuerySet[FamilyCategory]:
    return household.categories.order_by("holds_until", "-holds_from")


def households_in_village(user: User, village_id: int, *, exclude: int | None = None) -> QuerySet[Household]:
    """Active households a person may be moved into."""
    return households_for(user).filter(village_id=village_id, status=Household.Status.ACTIVE).exclude(pk=exclude)


@dataclass
class PeriodFigures:
    """A village's registered people over a period, counted by the date events were recorded.

    opening + came_in − went_out = closing, always. `late_in`/`late_out` are the parts of
    `came_in`/`went_out` that happened before the period began (adjustments for late records).
    """

    village_id: int
    opening: int = 0
    came_in: int = 0
    went_out: int = 0
    late_in: int = 0
    late_out: int = 0
    by_kind: dict = field(default_factory=dict)

    @property
    def closing(self) -> int:
        return self.opening + self.came_in - self.went_out



def period_figures(events: QuerySet[VitalEvent], start: datetime.date, end: datetime.date) -> dict[int, PeriodFigures]:
    """Per village, for start..end inclusive, from an already scoped queryset of events (two queries)."""
    in_period = Q(recorded_on__gte=start, recorded_on__lte=end)
    late = Q(occurred_on__lt=start)
    totals = events.filter(recorded_on__lte=end).values("village").annotate(
        opening=Coalesce(Sum("change", filter=Q(recorded_on__lt=start)), 0),
        came_in=Coalesce(Sum("change", filter=in_period & Q(change__gt=0)), 0),
        went_out=Coalesce(-Sum("change", filter=in_period & Q(change__lt=0)), 0),
        late_in=Coalesce(Sum("change", filter=in_period & late & Q(change__gt=0)), 0),
        late_out=Coalesce(-Sum("change", filter=in_period & late & Q(change__lt=0)), 0),
    ).order_by()
    figures = {row["village"]: PeriodFigures(village_id=row["village"], opening=row["opening"],
                                             came_in=row["came_in"], went_out=row["went_out"],
                                             late_in=row["late_in"], late_out=row["late_out"]) for row in totals}
    kinds = events.filter(in_period).values("village", "kind").annotate(n=Count("pk")).order_by()
    for row in kinds:
        figures[row["village"]].by_kind[row["kind"]] = row["n"]
    return figures


def village_figures(user: User, start: datetime.date, end: datetime.date) -> dict[int, PeriodFigures]:
    return period_figures(event_totals_for(user), start, end)


def births_by_order(user: User, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """Births that happened start..end, by birth order."""
    rows = (event_totals_for(user).filter(kind=VitalEvent.Kind.BIRTH, occurred_on__gte=start,
                                          occurred_on__lte=end, voided_on__isnull=True)
            .values("birth_order").annotate(n=Count("pk")).order_by("birth_order"))
    return {row["birth_order"]: row["n"] for row in rows}


def category_counts(user: User) -> dict[str, int]:
    rows = (scoped(FamilyCategory.objects.current(), user, village="household__village",
                   group="household__group").filter(household__status=Household.Status.ACTIVE)
            .values("category").annotate(n=Count("pk")).order_by())
    return {row["category"]: row["n"] for row in rows}


# --- A record's field history (django-simple-history), as who / when / field / old → new ---------------

HIDDEN = "＊＊＊"
NOT_IN_HISTORY = {"version", "id", "town", "created_at", "updated_at"}


@dataclass
class HistoryEntry:
    at: object
    user: object
    subject: str
    created: bool
    changes: list = field(default_factory=list)  # (label, old, new)
    village_id: int | None = None  # whose data the entry shows
    sensitive: bool = False  # whether its sensitive fields are shown


def household_history(user: User, household: Household, *, limit: int | None = None) -> list[HistoryEntry]:
    """The household's own changes and those of everyone who has been in it, newest first.

    Each person is shown as the user may see them at each version: a version when they lived in a
    household out of the user's reach (they moved to another village) is left out, and sensitive
    fields are judged by the village they lived in at that version.
    """
    households = list(Household.history.filter(id=household.pk).select_related("history_user")
                      .order_by("history_date", "history_id"))
    person_ids = set(Person.history.filter(household_id=household.pk).values_list("id", flat=True))
    people = list(Person.history.filter(id__in=person_ids).select_related("history_user")
                  .order_by("history_date", "history_id"))
    seen = _seen_by(user, [*households, *people])
    entries = _history_entries(Household, households, lambda row: _("household %(number)s") % {"number": row.number},
                               seen)
    entries += _history_entries(Person, people, lambda row: row.name, seen)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit] if limit else entries


def person_history(user: User, person: Person) -> list[HistoryEntry]:
    """A person's changes, each version shown as the user may see the person in it (see household_history)."""
    rows = list(Person.history.filter(id=person.pk).select_related("history_user").order_by("history_date"))
    return sorted(_history_entries(Person, rows, lambda row: row.name, _seen_by(user, rows)),
                  key=lambda e: e.at, reverse=True)


def history_villages(entries: list[HistoryEntry]) -> set[int]:
    """The villages whose sensitive data these entries show: one access-log row each."""
    return {entry.village_id for entry in entries if entry.sensitive and entry.village_id}


@dataclass(frozen=True)
class _Seen:
    number: str
    village_id: int
    sensitive: bool


def _household_of(row) -> int:
    """The household a version is about: a person's household at that version, or a household's own id."""
    return row.household_id if hasattr(row, "household_id") else row.id


def _seen_by(user: User, rows) -> dict[int, _Seen]:
    """Each household a version was in, as the user sees it (its number, village, and whether the user sees
    sensitive data there); households the user may not see are missing. Two queries at most."""
    ids = {_household_of(row) for row in rows}
    found = list(households_for(user).filter(pk__in=ids).values_list("pk", "number", "village_id"))
    sensitive = sensitive_villages(user, [village_id for _pk, _number, village_id in found])
    return {pk: _Seen(number, village_id, village_id in sensitive) for pk, number, village_id in found}


def _history_entries(model, rows, subject, seen: dict[int, _Seen]) -> list[HistoryEntry]:
    fields = [f for f in model._meta.concrete_fields if f.name not in NOT_IN_HISTORY]
    rows = [row for row in rows if _household_of(row) in seen]
    labels = {("household", pk): household.number for pk, household in seen.items()} | _people_labels(fields, rows)
    previous, entries = {}, []
    for row in rows:
        # The version before, among those shown: a version out of the user's reach is no "before" either.
        before = previous.get(row.id)
        household = seen[_household_of(row)]
        sensitive = household.sensitive
        entry = HistoryEntry(at=row.history_date, user=row.history_user, subject=subject(row),
                             created=row.history_type == "+", village_id=household.village_id, sensitive=sensitive)
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


def _people_labels(fields, rows) -> dict:
    """Names for the parents that appear, in one query (households are labelled by the versions' own)."""
    wanted = {getattr(row, f.attname) for row in rows for f in fields if f.name in ("mother", "father")} - {None}
    return {("person", pk): name for pk, name in Person.objects.filter(pk__in=wanted).values_list("pk", "name")}


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
    group = VillagerGroup.objects.filter(pk=pk).values_list("name", flat=True).first()
    return group or str(pk)
