import pytest

from tests.factories import make_town, make_village


@pytest.fixture
def other_town(db):
    return make_town(name="别山镇", code="421122200")


@pytest.fixture
def far_village(other_town):
    return make_village(town=other_town, name="远山村")
