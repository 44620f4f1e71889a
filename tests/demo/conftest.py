"""The small town the benchmark tests run on, and how they see that a benchmark left everything as it was."""

import pytest
from django.apps import apps
from django.conf import settings

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


@pytest.fixture
def row_counts():
    """Rows in every table, by model."""
    return lambda: {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.fixture
def stored_files():
    """The files in the document storage."""
    return lambda: [path for path in settings.DOCUMENTS_ROOT.rglob("*") if path.is_file()]
