"""The one scoping mechanism: what a user may see and change (who the user is: villages.roles).

Deny by default. Every view, API endpoint, admin page, export, document and task narrows its
querysets through `scoped()` (or a function built on it), naming the path from its model to
the village (and, where members may look, to the villager group).

| role           | sees                          | changes         | sensitive data   |
|----------------|-------------------------------|-----------------|------------------|
| county office  | its county's towns (totals)   | closes periods  | never            |
| town office    | its town                      | its town        | its town         |
| leadership     | its town                      | nothing         | never            |
| specialist     | its village                   | its village     | its village      |
| member         | its villager group            | own reports     | never            |
| no role        | nothing                       | nothing         | never            |
"""

from dataclasses import dataclass

from django.db.models import Count, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from villages.models import (
    Appointment,
    CandidateVetting,
    County,
    Designation,
    Position,
    SensitiveAccess,
    Town,
    User,
    Village,
    VillagerGroup,
)
from villages.roles import (
    is_association_member,
    is_county_office,
    is_specialist,
    is_town_office,
    may_browse_people,
    may_change,
    may_change_village,
    sees_whole_town,
)

NOTHING = Q(pk__in=[])


def _lookup(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def _village_equals(path: str) -> str:
    return path or "pk"


def jurisdiction_filter(user, *, village: str = "village", group: str | None = None) -> Q:
    """The Q that keeps the rows in the user's jurisdiction.

    `village` is the lookup path from the model to its Village ("" for Village itself);
    `group` the path to its VillagerGroup, when the model has one.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if is_county_office(user):
        return Q(**{_lookup(village, "town__county"): user.county_id})
    if sees_whole_town(user):
        return Q(**{_lookup(village, "town"): user.town_id})
    if is_specialist(user):
        return Q(**{_village_equals(village): user.village_id})
    if is_association_member(user):
        if group is not None:
            return Q(**{group or "pk": user.group_id})
        return Q(**{_village_equals(village): user.group.village_id})
    return NOTHING


def whole_towns_filter(user, *, town: str = "town") -> Q:
    """The Q that keeps the rows of the towns the user reads as a whole (`town` the lookup to the Town): the
    town office's and the leadership's own town, every town of the county office's county."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if is_county_office(user):
        return Q(**{f"{town}__county": user.county_id})
    if sees_whole_town(user):
        return Q(**{town: user.town_id})
    return NOTHING


def scoped(queryset: QuerySet, user, *, village: str = "village", group: str | None = None) -> QuerySet:
    """Narrow any queryset to the user's jurisdiction."""
    return queryset.filter(jurisdiction_filter(user, village=village, group=group))


def people_scoped(queryset: QuerySet, user, *, village: str = "village", group: str | None = None) -> QuerySet:
    """Records of persons and households, one by one: the user's jurisdiction, nothing for a role that reads
    totals only (villages.roles.may_browse_people). Figures count through `scoped`."""
    if not may_browse_people(user):
        return queryset.none()
    return scoped(queryset, user, village=village, group=group)


def get_scoped_or_404(queryset: QuerySet, user, *, village: str = "village",
                      group: str | None = None, **lookup) -> Model:
    """One record the user may see; another jurisdiction's record is simply not found."""
    try:
        return scoped(queryset, user, village=village, group=group).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def changeable(queryset: QuerySet, user, *, village: str = "village") -> QuerySet:
    """The rows the user may change: its jurisdiction, if its role changes anything."""
    if not may_change(user):
        return queryset.none()
    return scoped(queryset, user, village=village)


def towns_for(user) -> QuerySet[Town]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Town.objects.none()
    if user.is_superuser:
        return Town.objects.all()
    if is_county_office(user):
        return Town.objects.filter(county_id=user.county_id)
    own = Q(pk=user.town_id) if sees_whole_town(user) else NOTHING
    return Town.objects.filter(Q(pk__in=villages_for(user).values("town_id")) | own)


def counties_for(user) -> QuerySet[County]:
    """The counties of the towns the user may see (county office staff: their own county)."""
    if is_county_office(user):
        return County.objects.filter(pk=user.county_id)
    return County.objects.filter(pk__in=towns_for(user).values("county_id"))


def villages_for(user) -> QuerySet[Village]:
    return scoped(Village.objects.select_related("town"), user, village="")


def groups_for(user) -> QuerySet[VillagerGroup]:
    return scoped(VillagerGroup.objects.select_related("village"), user, group="")


def village_for_user(user, pk: int) -> Village:
    return get_scoped_or_404(Village.objects.select_related("town"), user, village="", pk=pk)


class OutOfScope(Http404):
    """What was asked for is not, or no longer, the asker's to read: another village, the whole town for
    someone who reads one village. A page answers 404; a document fails as out of reach. The message,
    when there is one, says why in words for the person who asked."""


def village_in_scope(user, village_id: int) -> Village:
    """The village, read as the user: OutOfScope when it is not in their jurisdiction."""
    village = villages_for(user).filter(pk=village_id).first()
    if village is None:
        raise OutOfScope
    return village


def town_id_of(user) -> int | None:
    """The town the user works in: their own, their village's or their villager group's (None without)."""
    if user.town_id:
        return user.town_id
    if user.village_id:
        return user.village.town_id
    if user.group_id:
        return user.group.village.town_id
    return None


def reads_whole_town(user, town_id: int) -> bool:
    """Whether the user reads the whole of this town (town office and leadership of the town, the county office
    of its county)."""
    if is_county_office(user):
        return Town.objects.filter(pk=town_id, county_id=user.county_id).exists()
    return sees_whole_town(user) and (user.is_superuser or user.town_id == town_id)


def town_read(user, asked_town=None) -> Town:
    """The town whose pages the user reads: their own (town_id_of); for the county office, the town of its county
    named by `asked_town` (`?town=`). Anything else is not found."""
    if is_county_office(user):
        return county_town_or_404(user, asked_town)
    town_id = town_id_of(user)
    if town_id is None:
        raise OutOfScope
    return Town.objects.get(pk=town_id)


def county_town_or_404(user, town_id) -> Town:
    """A town of the county office user's county (anything else, another county's town included, is not found)."""
    if not is_county_office(user) or not str(town_id or "").isdigit():
        raise OutOfScope
    town = towns_for(user).select_related("county").filter(pk=int(town_id)).first()
    if town is None:
        raise OutOfScope
    return town


# --- Who may change what in the registry of villages --------------------------------------
#
# The town office keeps the registry: villages, groups, self-government status, designations,
# candidate vettings and the village cadres. A specialist reads all of it for their own village
# and keeps only the posts of the group network they work with every day: villager group
# leaders and birth information liaisons. Leadership and members change nothing here.

SPECIALIST_KEEPS = frozenset({Position.Kind.GROUP_LEADER, Position.Kind.BIRTH_LIAISON})


def keeps_registry(user, village: Village) -> bool:
    """Town office staff of the village's town."""
    return is_town_office(user) and may_change_village(user, village)


def keeps_town_registry(user, town: Town) -> bool:
    return is_town_office(user) and (user.is_superuser or user.town_id == town.pk)


def kinds_managed(user, village: Village) -> frozenset[str]:
    """The kinds of post in this village whose holders the user may appoint and end."""
    if keeps_registry(user, village):
        return frozenset(Position.Kind.values)
    if is_specialist(user) and may_change_village(user, village):
        return frozenset(SPECIALIST_KEEPS)
    return frozenset()


def may_manage_position(user, position: Position) -> bool:
    return position.kind in kinds_managed(user, position.village)


# --- Scoped lists -----------------------------------------------------------------------------

def positions_for(user) -> QuerySet[Position]:
    current = Prefetch(
        "appointments", queryset=Appointment.objects.filter(ended_on__isnull=True), to_attr="current"
    )
    return scoped(
        Position.objects.select_related("village", "group").prefetch_related(current), user
    )


def appointments_for(user) -> QuerySet[Appointment]:
    """Appointments; association members see the current team only, not its history."""
    appointments = scoped(
        Appointment.objects.select_related("position__village", "position__group"),
        user,
        village="position__village",
    )
    if is_association_member(user):
        appointments = appointments.filter(ended_on__isnull=True)
    return appointments


def designations_for(user) -> QuerySet[Designation]:
    return scoped(Designation.objects.select_related("village"), user)


def vettings_for(user) -> QuerySet[CandidateVetting]:
    """Candidate vettings are personal findings about candidates: the town office only."""
    if not is_town_office(user):
        return CandidateVetting.objects.none()
    return scoped(CandidateVetting.objects.select_related("village", "decided_by"), user)


def users_for(user) -> QuerySet[User]:
    """Accounts the town office manages: those of its town, its villages and their groups."""
    if not is_town_office(user):
        return User.objects.none()
    users = User.objects.select_related("town", "village", "group__village")
    if user.is_superuser:
        return users
    town = user.town_id
    in_town = Q(town=town) | Q(village__town=town) | Q(group__village__town=town)
    return users.filter(in_town, is_superuser=False)


def sensitive_accesses_for(user) -> QuerySet[SensitiveAccess]:
    """The log of sensitive-data access: the town office reads its town's."""
    if not is_town_office(user):
        return SensitiveAccess.objects.none()
    log = SensitiveAccess.objects.select_related("user", "village")
    if user.is_superuser:
        return log
    return log.filter(Q(village__town=user.town_id) | Q(village__isnull=True, user__in=users_for(user)))


# --- Pages --------------------------------------------------------------------------------------

def town_overview(user, *, year: int) -> list[Village]:
    """Every village in the user's town with what the overview table shows, in one query."""
    specialist = Appointment.objects.filter(
        position__village=OuterRef("pk"),
        position__kind=Position.Kind.SPECIALIST,
        ended_on__isnull=True,
    ).values("holder_name")[:1]
    designation = Designation.objects.filter(village=OuterRef("pk"), year=year).values("kind")[:1]
    groups = (
        VillagerGroup.objects.filter(village=OuterRef("pk"))
        .order_by()
        .values("village")
        .annotate(count=Count("pk"))
        .values("count")
    )
    villages = list(villages_for(user).annotate(
        group_count=Coalesce(Subquery(groups), 0),
        specialist_name=Subquery(specialist),
        designation_kind=Subquery(designation),
    ))
    for village in villages:
        village.designation_label = Designation.Kind(village.designation_kind).label if village.designation_kind else ""
    return villages


@dataclass
class VillagePage:
    village: Village
    groups: list[VillagerGroup]
    bodies: list[tuple[str, list[Position]]]
    group_leaders: dict[int, Appointment]
    past_appointments: list[Appointment]
    designations: list[Designation]
    vettings: list[CandidateVetting] | None
    shows_history: bool


def village_page(user, pk: int) -> VillagePage:
    """Everything the village page shows, in a fixed number of queries; 404 outside scope."""
    village = village_for_user(user, pk)
    positions = list(
        Position.objects.filter(village=village)
        .select_related("group")
        .prefetch_related(Prefetch("appointments", queryset=Appointment.objects.order_by("-started_on")))
    )
    shows_history = not is_association_member(user)
    bodies = []
    for body in Position.Body:
        members = [p for p in positions if p.group_id is None and p.body == body]
        members.sort(key=lambda p: list(Position.Kind).index(p.kind))
        bodies.append((body.label, members))
    group_leaders = {}
    past = []
    for position in positions:
        position.current = next((a for a in position.appointments.all() if a.ended_on is None), None)
        if position.group_id and position.current:
            group_leaders[position.group_id] = position.current
        past += [a for a in position.appointments.all() if a.ended_on is not None]
        for appointment in position.appointments.all():
            appointment.position = position  # the template names the post without another query
    past.sort(key=lambda a: a.ended_on, reverse=True)
    vettings = list(vettings_for(user).filter(village=village)) if is_town_office(user) else None
    leader_posts = {p.group_id: p for p in positions if p.group_id and p.kind == Position.Kind.GROUP_LEADER}
    groups = list(village.groups.all())
    for group in groups:
        group.leader_position = leader_posts.get(group.pk)
        group.leader = group_leaders.get(group.pk)
    return VillagePage(
        village=village,
        groups=groups,
        bodies=bodies,
        group_leaders=group_leaders,
        past_appointments=past if shows_history else [],
        designations=list(village.designations.all()),
        vettings=vettings,
        shows_history=shows_history,
    )


def position_for_user(user, village: Village, pk: int) -> Position:
    return get_scoped_or_404(
        Position.objects.filter(village=village).select_related("village", "group"), user, pk=pk
    )


def appointment_for_user(user, village: Village, pk: int) -> Appointment:
    return get_scoped_or_404(
        appointments_for(user).filter(position__village=village), user, village="position__village", pk=pk
    )
