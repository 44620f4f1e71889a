import pytest

from tests.factories.assessments import make_scheme


@pytest.fixture
def scheme(town):
    return make_scheme(town=town)
