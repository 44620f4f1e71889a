"""The county's migration makes a County of each county name the towns held, and gives the names back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = ("villages", "0005_add_history_of_towns_and_users"), ("villages", "0006_add_counties")


def migrate(target):
    """Migrate the villages app to `target` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def test_towns_point_at_counties_made_from_their_names_and_get_the_names_back():
    old = migrate(BEFORE)
    try:
        town = old.get_model("villages", "Town")
        # The demo town as it was, a second town of its county with no name given, a town of another county;
        # back again the second town names the county it was placed in.
        town.objects.create(name="红山店镇", code="421122100", county="某县", working_year=2025)
        town.objects.create(name="三里城镇", code="421122101", county="")
        town.objects.create(name="别镇", code="420101100", county="")
        old.get_model("villages", "HistoricalTown").objects.create(
            id=town.objects.get(code="421122100").pk, name="红山店镇", code="421122100", county="某县",
            history_date="2025-01-01T00:00:00Z", history_type="+")

        new = migrate(AFTER)
        counties = {t.code: (t.county.name, t.county.code) for t in new.get_model("villages", "Town").objects.all()}
        assert counties == {"421122100": ("某县", "421122"), "421122101": ("某县", "421122"),
                            "420101100": ("县 420101", "420101")}
        assert new.get_model("villages", "HistoricalTown").objects.get().county.code == "421122"
        assert new.get_model("villages", "HistoricalCounty").objects.count() == 2

        migrate(BEFORE)
        assert dict(town.objects.values_list("code", "county")) == {
            "421122100": "某县", "421122101": "某县", "420101100": ""}
    finally:  # the newest migration, so that later tests and the flush find today's tables
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("villages"))
