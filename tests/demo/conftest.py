"""The small town the benchmark tests run on, and how they see that a benchmark left everything as it was."""

import pytest
from django.apps import apps
from django.conf import settings

from tests.factories.small_town import build_small_town


@pytest.fixture
def small_town(transactional_db):
    return build_small_town()


@pytest.fixture
def row_counts():
    """Rows in every table, by model."""
    return lambda: {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.fixture
def stored_files():
    """The files in the document storage."""
    return lambda: [path for path in settings.DOCUMENTS_ROOT.rglob("*") if path.is_file()]
