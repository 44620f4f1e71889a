"""Two rows of one person written at once are chained one after the other (PostgreSQL: real row locks)."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from members.actions import common, ledger
from members.models import VitalEvent
from tests.factories.members import head, make_household

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_rows_of_one_person_written_at_once_are_both_in_the_chain(village, town_office, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")
    household = make_household(village=village, by=town_office)
    person = head(household)
    # Both transactions have inserted their row before either chains: without the person's lock each would see
    # only its own row and leave both as the person's latest.
    inserted = threading.Barrier(2)

    def chain_after_both(**people):
        inserted.wait(timeout=30)
        ledger.chain_ledger(**people)

    monkeypatch.setattr(common, "chain_ledger", chain_after_both)
    errors = []

    def write():
        try:
            with transaction.atomic():
                common.log_event(kind=VitalEvent.Kind.TRANSFER, person=person, household=household,
                                 occurred_on=timezone.localdate(), change=0, by=town_office)
        except Exception as error:  # noqa: BLE001 -- reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    spans = list(VitalEvent.objects.filter(person=person).order_by("recorded_on", "pk")
                 .values_list("superseded_on", "total_after"))
    today = timezone.localdate()
    assert spans == [(today, 1), (today, 1), (None, 1)]
