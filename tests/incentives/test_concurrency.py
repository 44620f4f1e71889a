"""Two workers computing the same cycle at once pay nobody twice (PostgreSQL: real row locks)."""

import datetime
import threading

import pytest
from django.db import connection

from incentives import actions
from incentives.models import Entitlement
from tests.factories.incentives import childcare_subsidy

D = datetime.date
pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(work, count=2):
    barrier, results, errors = threading.Barrier(count), [], []

    def worker():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 -- reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_two_workers_computing_at_once_pay_nobody_twice(town, family):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")
    for index in range(6):
        family(children=[("M", D(2023, 1 + index, 1))], names=[f"甲{index}", f"乙{index}", f"丙{index}"])
    cycle = actions.open_cycle(policy=childcare_subsidy(town), period="2025", by=None)

    results, errors = _at_once(lambda: actions.compute_cycle(cycle=cycle, by=None), count=3)

    assert errors == []
    assert sorted(result.new for result in results) == [0, 0, 6]
    assert Entitlement.objects.filter(cycle=cycle).count() == 6
    assert Entitlement.objects.values("person").distinct().count() == 6


def test_two_payments_of_the_same_village_at_once_pay_once(town, family, village):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")
    from django.utils import timezone

    family(children=[("M", D(2024, 5, 1))])
    cycle = actions.open_cycle(policy=childcare_subsidy(town), period="2025", by=None)
    actions.compute_cycle(cycle=cycle, by=None)
    actions.confirm_entitlements(cycle=cycle, village=village, by=None)
    actions.approve_cycle(cycle=cycle, by=None)

    def pay(reference):
        return actions.record_payment(cycle=cycle, village=village, paid_on=timezone.localdate(), method="card",
                                      reference=reference, amount=Entitlement.objects.get().amount, by=None)

    references = iter(["A", "B"])
    results, errors = _at_once(lambda: pay(next(references)))

    assert len(results) == 1 and len(errors) == 1
    assert cycle.payments.count() == 1
