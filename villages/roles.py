"""Who a user is: the role predicates, the one town-office guard and the one village guard.

A role counts only with its jurisdiction (county office staff a county, town office and leadership a
town, a specialist a village, an association member a villager group) and only for an active, signed-in account;
a superuser counts as town office staff. What each role may *see* is scoping
(villages.queries); who may see sensitive data is villages.privacy.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from villages.models import User, Village


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _has_role(user, role: str, jurisdiction: str) -> bool:
    return _signed_in(user) and user.role == role and getattr(user, f"{jurisdiction}_id") is not None


def is_town_office(user) -> bool:
    """Town office staff of a town (or a superuser)."""
    return _signed_in(user) and (user.is_superuser or _has_role(user, User.Role.TOWN_OFFICE, "town"))


def is_leadership(user) -> bool:
    """The town leadership: reads its town, changes nothing."""
    return _has_role(user, User.Role.LEADERSHIP, "town")


def is_specialist(user) -> bool:
    """A village family planning specialist, with the village they work for."""
    return _has_role(user, User.Role.SPECIALIST, "village")


def is_association_member(user) -> bool:
    """A member of the family planning association, with their villager group."""
    return _has_role(user, User.Role.MEMBER, "group")


def is_county_office(user) -> bool:
    """County office staff: read every town of their county as totals and figures (never a person's sensitive
    data: that is the town office's and the village specialist's), and close the county's periods."""
    return _has_role(user, User.Role.COUNTY_OFFICE, "county")


def reads_aggregates_only(user) -> bool:
    """The leadership and the county office read totals and figures, with small counts about people hidden
    below the town; they open no household or person."""
    return is_leadership(user) or is_county_office(user)


def sees_whole_town(user) -> bool:
    """Town office staff and the leadership read everything in their town."""
    return is_town_office(user) or is_leadership(user)


def may_change(user) -> bool:
    """Whether the user's role changes records at all (within its jurisdiction)."""
    return is_town_office(user) or is_specialist(user)


def may_change_village(user, village: Village) -> bool:
    """Whether the user may change records of this village: the town office of its town, its specialist."""
    if is_town_office(user):
        return user.is_superuser or user.town_id == village.town_id
    return is_specialist(user) and user.village_id == village.pk


def may_see_people(user) -> bool:
    """Town office staff and specialists see records person by person; leadership reads totals,
    members their own group's work."""
    return is_town_office(user) or is_specialist(user)


def may_browse_people(user) -> bool:
    """Everyone with a jurisdiction but the leadership and the county office opens households and persons one by
    one (members those of their group); those two read totals and figures only."""
    return _signed_in(user) and not reads_aggregates_only(user)


def may_read_cases(user) -> bool:
    """Cases against named cadres: the town office, the leadership and the specialist of the village;
    an association member reads no case and no one's penalties but their own."""
    return _signed_in(user) and not is_association_member(user)


def require_town_office(user, town_id: int | None = None) -> None:
    """Town office staff (of this town, when given) only; None is system work (the demo, tasks).

    Pages call it after the scoped lookup found the record, so a reader who may not write gets 403.
    """
    if user is None:
        return
    if not is_town_office(user) or not (town_id is None or user.is_superuser or user.town_id == town_id):
        raise PermissionDenied(_("Only the town office may do this."))


def require_county_office(user, county_id: int) -> None:
    """County office staff of this county (or a superuser)."""
    if user is not None and user.is_superuser:
        return
    if not (is_county_office(user) and user.county_id == county_id):
        raise PermissionDenied(_("Only the county office may do this."))


def require_may_change(user, village: Village) -> None:
    """Actions run for a user stay inside what the user may change; None is system work (the demo, tasks)."""
    if user is not None and not may_change_village(user, village):
        raise PermissionDenied(_("You may not change records of this village."))


def may_close(user, town) -> bool:
    """Closing a period of a town: its town office, and the county office of its county (for the county's towns)."""
    if is_town_office(user):
        return user.is_superuser or user.town_id == town.pk
    return is_county_office(user) and user.county_id == town.county_id


def require_may_close(user, town) -> None:
    """None is system work (the demo, tasks)."""
    if user is not None and not may_close(user, town):
        raise PermissionDenied(_("Only the town office, or the county office of its county, may close its periods."))
