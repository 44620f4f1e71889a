import pytest

from tests.factories import make_town, make_user, make_village
from villages.actions import set_up_town_office_group
from villages.models import User


@pytest.fixture
def other_town(db):
    return make_town(name="别山镇", code="421122200")


@pytest.fixture
def far_village(other_town):
    return make_village(town=other_town, name="远山村")


@pytest.fixture
def office_staff(town):
    """Town office staff who use the admin: staff, in the town office permission group."""
    user = make_user(role=User.Role.TOWN_OFFICE, town=town, username="office-staff", is_staff=True)
    user.groups.add(set_up_town_office_group())
    return user


@pytest.fixture
def staff_specialist(village):
    """A specialist who was (unusually) given admin access with the town office's permissions."""
    user = make_user(role=User.Role.SPECIALIST, village=village, username="staff-specialist", is_staff=True)
    user.groups.add(set_up_town_office_group())
    return user


@pytest.fixture
def staff_leader(town):
    user = make_user(role=User.Role.LEADERSHIP, town=town, username="staff-leader", is_staff=True)
    user.groups.add(set_up_town_office_group())
    return user
