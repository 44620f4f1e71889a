"""Whether a cycle's inputs have changed since it was last computed, without judging its rule again.

A rule reads people, households, family categories, facts and the policy's own rows (a once-only grant
also earlier entitlements). Their history tables only ever gain rows, and every write the application
makes writes one. So a computation marks what it read: the last history row of each table and, on
PostgreSQL, the other transactions that were writing at the time (their rows, unseen then, may have
been numbered below the last). A later computation that finds the same last rows, and none of those
transactions committed since, has the same inputs, so the same result. Any change anywhere moves the
mark, and the next computation judges the rule again. (SQLite has one writer at a time, which numbers
its rows after every committed one.)
"""

from django.db import DatabaseError, connection, transaction

from incentives.models import Condition, Entitlement, Fact, Policy, Rate
from members.models import FamilyCategory, Household, Person

READ_BY_RULES = {"person": Person, "household": Household, "family_category": FamilyCategory, "fact": Fact,
                 "policy": Policy, "condition": Condition, "rate": Rate, "entitlement": Entitlement}

# The other transactions holding a transaction id (they have written), as 64-bit ids (pg_xact_status takes those):
# the 32-bit backend_xid placed in the 64-bit id space nearest the current snapshot's horizon (an id may be a little
# above it: one assigned after the last transaction ended). The activity is read afresh, not as earlier in the
# transaction.
WRITERS = """ARRAY(SELECT horizon + (((backend_xid::text::bigint - (horizon & 4294967295) + 2147483648) % 4294967296
                               + 4294967296) % 4294967296 - 2147483648)
              FROM (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS horizon) AS now,
                   pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid())"""


def current_mark() -> dict:
    """Now: {"last": the last history row of each table, "writers": the other transactions writing}. The writers
    are read before the last rows and again after (in the same statement), so that one beginning or ending in
    between is among them."""
    postgresql = connection.vendor == "postgresql"
    columns = [f"(SELECT MAX(history_id) FROM {connection.ops.quote_name(model.history.model._meta.db_table)})"
               for model in READ_BY_RULES.values()]
    with connection.cursor() as cursor:
        writers = set()
        if postgresql:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(f"SELECT {WRITERS}")
            writers.update(cursor.fetchone()[0])
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            columns.append(WRITERS)
        cursor.execute(f"SELECT {', '.join(columns)}")
        row = cursor.fetchone()
    if postgresql:
        writers.update(row[-1])
    return {"last": dict(zip(READ_BY_RULES, (value or 0 for value in row[:len(READ_BY_RULES)]), strict=True)),
            "writers": sorted(writers)}


def stored(mark: dict, rates: list[Rate]) -> dict:
    """What a cycle keeps of the mark: its tables' last rows (earlier entitlements only for a once-only grant)."""
    return {"last": {table: last for table, last in mark["last"].items() if table in _tables(rates)},
            "writers": mark["writers"]}


def unchanged(kept: dict | None, mark: dict, rates: list[Rate]) -> bool:
    """Whether the inputs are those of the computation that kept `kept`."""
    if not kept or "writers" not in kept:
        return False
    if any(kept["last"].get(table) != mark["last"][table] for table in _tables(rates)):
        return False
    return not _any_committed(kept["writers"])


def _tables(rates: list[Rate]) -> list[str]:
    once = any(rate.unit == Rate.Unit.ONCE for rate in rates)
    return [table for table in READ_BY_RULES if once or table != "entitlement"]



def _any_committed(writers: list[int]) -> bool:
    """Whether one of these transactions has committed (its rows may be seen now). A transaction too old for the
    database to tell counts as committed."""
    if not writers:
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(bool_or(pg_xact_status(x::text::xid8) = 'committed'), false) "
                           "FROM unnest(%s::bigint[]) AS x", [list(writers)])
            return cursor.fetchone()[0]
    except DatabaseError:
        return True
