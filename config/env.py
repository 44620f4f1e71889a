"""Strict parsing of settings from the environment.

A malformed value stops start-up with a message that names the variable, so a typo in a
deployment never turns into a silently different configuration.
"""

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def boolean(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def csv_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name} must be a comma-separated list without empty items; got {raw!r}.")
    return items


def choice(name: str, default: str, choices: set[str]) -> str:
    value = text(name, default)
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name} must be one of {allowed}; got {value!r}.")
    return value


def time_zone(name: str, default: str) -> str:
    value = text(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name} must be an IANA time zone such as Asia/Shanghai; got {value!r}.") from None
    return value


def url(name: str, default: str) -> str:
    value = text(name, default).rstrip("/")
    if not value.startswith(("http://", "https://")) or len(value) <= len("https://"):
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// address; got {value!r}.")
    return value


def database(name: str, default: str) -> dict:
    import dj_database_url

    raw = text(name, default)
    if not raw.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(f"{name} must be a postgres:// or sqlite:// URL; got {raw!r}.")
    try:
        return dj_database_url.parse(raw, conn_max_age=60 if raw.startswith("postgres") else 0)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None


def broker(name: str) -> str:
    raw = text(name)
    if raw and not raw.startswith(("redis://", "rediss://", "memory://")):
        raise ImproperlyConfigured(f"{name} must be a redis:// URL; got {raw!r}.")
    return raw
