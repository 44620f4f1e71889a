"""Every benchmark command, once at a small size on a small town: it prints its figures and leaves every
table (and the document storage) as it found it. So the benchmarks run in CI and cannot rot.

Transactional tests: the documents benchmarks need their requests to commit, as the build runs then.
"""

import io

import pytest
from django.core.management import call_command

from demo.management.commands.benchmark_incentives import POLICIES


@pytest.mark.parametrize(("command", "options", "figures"), [
    ("benchmark_documents", ["--count", "1"], ["median task time", ", 0 failed;", "queries per request + task"]),
    ("benchmark_quarterly_reports", ["--workers", "0"], ["in-process (no worker):", "for 3 documents (0 failed)"]),
    ("benchmark_registry", ["--repeat", "1", "--people", "8"],
     ["household list API (village): median", "import of 8 people in 2 households"]),
    ("benchmark_incentives", ["--period", "2025"], [f"测试{code}" for code in POLICIES]),
    ("benchmark_assessments", ["--villages", "1"],
     ["compute_indicators_for_period: 2 villages", "quarterly_report_context (1 villages)"]),
    ("benchmark_exports", [], ["whole-town export of", "csv: ", "xlsx: ", "rows/s", "Python peak while building"]),
    ("benchmark_figures", ["--repeat", "1"], ["catalogue 2025:", "raw SQL", "closing 2025:", "values stored in"]),
    ("benchmark_worklists", ["--runs", "1"], ["/todo/ town office:", "/todo/ specialist (大旗村):"]),
    ("benchmark_dashboards", ["--repeat", "1"], ["town overview: first", "village page:", "group page:", "raw SQL"]),
])
def test_benchmark_prints_its_figures_and_leaves_every_table_as_it_was(small_town, row_counts, stored_files, command,
                                                                      options, figures):
    out = io.StringIO()
    before = row_counts()

    call_command(command, *options, stdout=out)

    assert row_counts() == before
    assert all(figure in out.getvalue() for figure in figures), out.getvalue()
    assert stored_files() == []
