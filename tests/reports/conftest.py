import pytest
from django.core.cache import cache

from tests.factories.assessments import make_scheme, publish_scored


@pytest.fixture
def published_q1(town, village, other_village, town_office):
    """The first quarter's assessment published for two villages: a batch of three reports."""
    scheme = make_scheme(town=town)
    for place in (village, other_village):
        publish_scored(scheme=scheme, village=place, period="Q1", by=town_office)
    return scheme


@pytest.fixture
def fresh_figures(settings):
    """The dashboards' tests: read in English, with no figure kept in the cache by another test."""
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    yield
    cache.clear()
