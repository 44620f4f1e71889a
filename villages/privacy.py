"""Sensitive personal data: who may see it, and the log of every view, export or print of it.

Sensitive data (contraception, pregnancy, health findings, identity numbers, phones) of a
person of village V is shown only to town office staff of V's town and to V's specialist.
Read queries decide what to show with these rules but never write the log: the page, API
endpoint or document that shows the data calls `log_access`, once per showing.
"""

from collections import Counter
from collections.abc import Iterable

from villages.models import SensitiveAccess, User, Village
from villages.roles import is_specialist, is_town_office


def mask_name(name: str) -> str:
    """A name as public documents print it: 张华 → 张*, 张建华 → 张*华, 欧阳建华 → 欧**华 (the first and last
    characters stay)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def may_see_sensitive(user, village_id: int | None) -> bool:
    """Sensitive personal data of a person of this village: town office staff, and the village's specialist."""
    return bool(sensitive_villages(user, [village_id]))


def sees_sensitive_in_jurisdiction(user) -> bool:
    """Whether the user may see the sensitive data of every village they see (no query):
    town office staff, and a specialist (who sees their own village only)."""
    return is_town_office(user) or is_specialist(user)


def sensitive_villages(user, village_ids: Iterable[int | None]) -> set[int]:
    """The villages, among these, whose sensitive data the user may see: all of them (a superuser), those of
    the town (its office staff), the specialist's own; one query at most, however many."""
    ids = {pk for pk in village_ids if pk}
    if not ids or not sees_sensitive_in_jurisdiction(user):
        return set()
    if user.is_superuser:
        return ids
    if is_specialist(user):
        return ids & {user.village_id}
    return set(Village.objects.filter(pk__in=ids, town_id=user.town_id).values_list("pk", flat=True))


def log_access(*, user: User, action: str, village_id: int | None, what: str, record_type: str = "",
               record_id: int | None = None, count: int = 1) -> SensitiveAccess:
    """One row in the access log: who looked at (or exported, or printed) which sensitive data, and how much."""
    return SensitiveAccess.objects.create(user=user, action=action, village_id=village_id, what=what[:200],
                                          record_type=record_type, record_id=record_id, count=count)


def log_shown(*, user: User, action: str, village_ids: Iterable[int | None], what: str, record_type: str = "",
              record_id: int | None = None) -> None:
    """The access log of records shown together (a list, a page): one row for each village they are about,
    with the number of its records, so that each row names the village whose data was seen; one query."""
    SensitiveAccess.objects.bulk_create([
        SensitiveAccess(user=user, action=action, village_id=village_id, what=what[:200], record_type=record_type,
                        record_id=record_id, count=count)
        for village_id, count in Counter(village_ids).items()])
