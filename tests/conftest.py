import pytest
from django.core.cache import cache

from config.celery import app as celery_app
from tests import factories
from villages.actions import set_up_town_office_group
from villages.models import User


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached (the dashboards keep the catalogue's values there)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The default hasher takes a quarter of a second per test user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Run tasks in the test process, even when CI names a broker; the worker tests use a real one."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def town(db):
    return factories.make_town()


@pytest.fixture
def village(town):
    return factories.make_village(town=town, name="大旗村")


@pytest.fixture
def other_village(town):
    return factories.make_village(town=town, name="荀子村")


@pytest.fixture
def town_office(town):
    return factories.make_user(role=User.Role.TOWN_OFFICE, town=town, username="office")


@pytest.fixture
def leader(town):
    return factories.make_user(role=User.Role.LEADERSHIP, town=town, username="leader")


@pytest.fixture
def specialist(village):
    return factories.make_user(role=User.Role.SPECIALIST, village=village, username="specialist")


@pytest.fixture
def member(village):
    group = factories.make_group(village=village, number=1)
    return factories.make_user(role=User.Role.MEMBER, group=group, username="member")


@pytest.fixture
def office_staff(town):
    """Town office staff who use the admin: staff, in the town office permission group."""
    user = factories.make_user(role=User.Role.TOWN_OFFICE, town=town, username="office-staff", is_staff=True)
    user.groups.add(set_up_town_office_group())
    return user


@pytest.fixture
def staff_specialist(village):
    """A specialist who was (unusually) given admin access with the town office's permissions."""
    user = factories.make_user(role=User.Role.SPECIALIST, village=village, username="staff-specialist", is_staff=True)
    user.groups.add(set_up_town_office_group())
    return user


@pytest.fixture
def staff_leader(town):
    user = factories.make_user(role=User.Role.LEADERSHIP, town=town, username="staff-leader", is_staff=True)
    user.groups.add(set_up_town_office_group())
    return user
