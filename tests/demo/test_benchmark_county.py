"""benchmark_county once on a small town, without workers: it prints the side-by-side table and leaves every
table as it found it."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


def test_benchmark_county_prints_the_table_and_leaves_every_table_as_it_was(small_town, row_counts, stored_files):
    out = io.StringIO()
    before = row_counts()

    # The export and the backup run in a child process and into scratch databases: tests/demo/test_county_ops.py.
    call_command("benchmark_county", "--no-workers", "--repeat", "1", "--sections",
                 "county dashboard,town dashboard,household list,benefit cycle,documents", stdout=out,
                 stderr=io.StringIO())

    printed = out.getvalue()
    assert "measure | demo town alone | county (town inside it) | target | met?" in re.sub(" +", " ", printed)
    for measure in ["county dashboard (1 towns), open year: first request", "closing a county year (1 towns)",
                    "county dashboard, closed year: median", "town dashboard: first request",
                    "largest village's household list: median",
                    "benefit cycle 2025, every town (1 towns, 6 households, 4 policies",
                    "unchanged recompute", "documents: skipped (--no-workers)"]:
        assert measure in printed, printed
    assert row_counts() == before
    assert stored_files() == []


def test_benchmark_county_refuses_an_unknown_section(db):
    with pytest.raises(CommandError, match="Unknown sections: weather"):
        call_command("benchmark_county", "--sections", "weather", stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="processes side by side: PostgreSQL only")
def test_benefit_cycles_of_two_towns_side_by_side_add_up_and_leave_nothing(small_town, row_counts):
    from demo.management.commands.benchmark_county import _cycles_side_by_side
    from tests.factories import make_town
    from tests.factories.incentives import make_policy

    other = make_town(name="芦义镇", code="421122101")
    make_policy(town=other, code="other-town-policy")
    before = row_counts()
    computed, recomputed, totals = _cycles_side_by_side([[small_town.pk], [other.pk]], "2025")
    assert computed > 0 and recomputed > 0
    assert totals[0] == 5  # the small town's four policies and the other town's one
    assert row_counts() == before
