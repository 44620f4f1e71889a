import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANAGED = ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS",
           "DJANGO_HTTPS", "DJANGO_TIME_ZONE", "DJANGO_LANGUAGE_CODE", "DJANGO_ALLOW_ASYNC_UNSAFE")


def manage(*args, **env):
    clean = {key: value for key, value in os.environ.items() if key not in MANAGED}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/zizhi"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//"),
        ("DJANGO_ALLOWED_HOSTS", "zizhi.example.cn,,"),
        ("DJANGO_TIME_ZONE", "Mars/Olympus"),
        ("DJANGO_LANGUAGE_CODE", "fr"),
    ],
)
def test_malformed_setting_stops_start_up_naming_the_variable(variable, value):
    result = manage("check", **{variable: value})

    assert result.returncode != 0
    assert variable in result.stderr


def test_production_values_pass_the_deployment_check():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_HTTPS="true",
        DJANGO_ALLOWED_HOSTS="zizhi.example.cn",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_development_key_is_flagged_by_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr + result.stdout


def test_fresh_checkout_defaults_to_sqlite_and_in_process_tasks():
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings as s; "
                    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG, s.TIME_ZONE, "
                    "s.LANGUAGE_CODE)")

    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "False", "Asia/Shanghai", "zh-hans"]


@pytest.mark.parametrize(("timeout", "expected"), [("5", "5 2 10"), ("3600", "3600 10 300")])
def test_a_lock_left_by_a_killed_worker_never_outlasts_the_visibility_timeout(timeout, expected):
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings as s; "
                    "o = s.CELERY_BROKER_TRANSPORT_OPTIONS; "
                    "print(o['visibility_timeout'], o['unacked_restore_interval'], o['unacked_mutex_expire'])",
                    CELERY_VISIBILITY_TIMEOUT=timeout)

    assert result.stdout.split() == expected.split()
