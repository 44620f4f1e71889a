"""Every benchmark command, once at a small size on a small town: it prints its figures and leaves every
table (and the document storage) as it found it. So the benchmarks run in CI and cannot rot.

Transactional tests: the documents benchmarks need their requests to commit, as the build runs then.
"""

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from demo.management.commands.benchmark_incentives import POLICIES
from tests.factories import make_group, make_town, make_user, make_village
from tests.factories.assessments import make_scheme, publish_scored
from tests.factories.incentives import make_policy
from tests.factories.members import make_household
from villages.models import User

VILLAGES = ["大旗村", "荀子村"]


def _build_small_town():
    """Two villages of three households each, the four policies the benefits benchmark times, and a
    published fourth quarter; in the demo town's place (the factories' town has its code)."""
    town = make_town()
    office = make_user(role=User.Role.TOWN_OFFICE, town=town, username="small-town-office")
    villages = [make_village(town=town, name=name) for name in VILLAGES]
    for village in villages:
        group = make_group(village=village)
        for _ in range(3):
            make_household(group=group)
    for code in POLICIES:
        make_policy(town=town, code=code, name=f"测试{code}")
    scheme = make_scheme(town=town)
    for village in villages:
        publish_scored(scheme=scheme, village=village, period="Q4", by=office)
    return town


@pytest.fixture
def small_town(transactional_db):
    return _build_small_town()


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def _stored_files() -> list:
    return [path for path in settings.DOCUMENTS_ROOT.rglob("*") if path.is_file()]


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
def test_benchmark_prints_its_figures_and_leaves_every_table_as_it_was(small_town, command, options, figures):
    out = io.StringIO()
    before = _row_counts()

    call_command(command, *options, stdout=out)

    assert _row_counts() == before
    assert all(figure in out.getvalue() for figure in figures), out.getvalue()
    assert _stored_files() == []
