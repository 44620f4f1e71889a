import pytest

from tests.factories.assessments import make_scheme


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Builders set real passwords; a fast hasher keeps these many short tests fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scheme(town):
    return make_scheme(town=town)
