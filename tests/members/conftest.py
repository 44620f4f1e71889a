import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_and_fast_passwords(settings):
    """Messages are asserted in their English source; test users need no slow password hashing."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture
def set_today(monkeypatch):
    """`set_today(day)`: the actions, forms and checks take `day` for today (timezone.localdate) from then on."""
    from django.utils import timezone

    real = timezone.localdate

    def set_day(day):
        def localdate(value=None, tz=None):
            return day if value is None else real(value, tz)

        monkeypatch.setattr(timezone, "localdate", localdate)

    return set_day
