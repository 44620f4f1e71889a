import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_and_fast_passwords(settings):
    """Messages are asserted in their English source; test users need no slow password hashing."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield
