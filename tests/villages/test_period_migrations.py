"""Stored months are respelled 2025-07 → 202507 by the data migrations of reports and incentives, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from incentives.models import Cycle, Entitlement
from reports.models import Document, DocumentBatch
from tests.factories import make_group
from tests.factories.incentives import childcare_subsidy, computed_cycle
from tests.factories.members import make_household, person_fields

pytestmark = pytest.mark.django_db(transaction=True)

REPORTS = ("reports", "0004_drop_dashed_period_format"), ("reports", "0006_canonical_period_format")
INCENTIVES = ("incentives", "0001_policies_rules_cycles"), ("incentives", "0003_canonical_period_format")


def migrate(target):
    """Migrate one app to `target` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def migrate_to_latest() -> None:
    """Leave every app at its newest migration, so that later tests and the flush find today's tables: migrating
    an app back also unapplies the other apps' migrations that depend on it, and on those."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_documents_and_batches_store_months_without_the_dash(town, town_office):
    before, after = REPORTS
    old = migrate(before)
    try:
        batch = old.get_model("reports", "DocumentBatch").objects.create(
            kind="quarterly_assessment", title="b", town_id=town.pk, period="2025-07", requested_by_id=town_office.pk)
        old_document = old.get_model("reports", "Document")
        for period in ("2025-07", "2025Q3", "2025", ""):
            old_document.objects.create(kind="status_sheet", title=period, town_id=town.pk, period=period,
                                        requested_by_id=town_office.pk, batch_id=batch.pk)

        migrate(after)
        assert sorted(Document.objects.values_list("period", flat=True)) == ["", "2025", "202507", "2025Q3"]
        assert DocumentBatch.objects.get().period == "202507"

        migrate(before)
        assert sorted(old_document.objects.values_list("period", flat=True)) == ["", "2025", "2025-07", "2025Q3"]
    finally:
        migrate_to_latest()


def test_cycles_their_history_and_entitlements_store_months_without_the_dash(town, village):
    make_household(group=make_group(village=village, number=1), people=[
        person_fields(name="王小一", born=datetime.date(2024, 2, 1), with_id=False)])
    cycle = computed_cycle(childcare_subsidy(town))
    before, after = INCENTIVES
    old = migrate(before)
    try:
        for name in ("Cycle", "HistoricalCycle", "Entitlement"):
            old.get_model("incentives", name).objects.update(period="2025-07")

        migrate(after)
        assert Cycle.objects.values_list("period", flat=True).get() == "202507"  # the columns of this migration
        assert set(cycle.history.values_list("period", flat=True)) == {"202507"}
        assert set(Entitlement.objects.values_list("period", flat=True)) == {"202507"}

        migrate(before)
        assert set(old.get_model("incentives", "Entitlement").objects.values_list("period", flat=True)) == {"2025-07"}
    finally:
        migrate_to_latest()
