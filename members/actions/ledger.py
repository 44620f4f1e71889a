"""The ledger of vital events read as each person's chain of spans (VitalEvent.superseded_on, total_after).

The rows themselves are never edited (members.actions.corrections voids with a new row); these two columns are
derived from them and written again for a person whenever a row of theirs is inserted, whatever its recorded
day: a row recorded late, before the person's latest, moves the spans after it.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from members.models import Person, VitalEvent

# Batches of people chained in one statement, under the limit of bound parameters.
BATCH = 500

# One set-based statement on both databases (window functions and UPDATE … FROM): each row's next row of the
# same person in ledger order, and the running sum of `change`. The WHERE names the people chained.
_CHAIN = """
UPDATE {table} SET superseded_on = chained.next_on, total_after = chained.total
FROM (SELECT id, LEAD(recorded_on) OVER ledger AS next_on, SUM(change) OVER ledger AS total
      FROM {table} WHERE {people}
      WINDOW ledger AS (PARTITION BY person_id ORDER BY recorded_on, id)) AS chained
WHERE {table}.id = chained.id
"""


def chain_ledger(*, person_ids: Iterable[int] = (), town_id: int | None = None) -> None:
    """Write the spans of the people named, or of every person of the town (after a bulk load, unlocked).

    The people are locked first, in order, so that two transactions writing rows of one person chain one after
    the other, the second seeing the first's row.
    """
    table = connection.ops.quote_name(VitalEvent._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if town_id is not None:
            people = f"person_id IN (SELECT id FROM {connection.ops.quote_name(Person._meta.db_table)} " \
                     "WHERE town_id = %s)"
            cursor.execute(_CHAIN.format(table=table, people=people), [town_id])
            return
        ids = sorted(set(person_ids))
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            list(Person.objects.select_for_update().filter(pk__in=batch).order_by("pk").values_list("pk", flat=True))
            people = f"person_id IN ({', '.join(['%s'] * len(batch))})"
            cursor.execute(_CHAIN.format(table=table, people=people), batch)
