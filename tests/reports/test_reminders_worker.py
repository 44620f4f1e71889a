"""The reminders sent by a real Celery worker with the real scheduler (`celery beat`) running, on PostgreSQL and
Redis: whatever the number of runs, a reminder is sent exactly once.

Run with DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…; skipped otherwise. The scheduler runs the
reminders every second here (ZIZHI_REMINDERS_EVERY) instead of every morning.
"""

import datetime
import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import timezone

from members.models import Person
from reports.models import Notification
from tests.factories.members import make_household, wife
from tests.reports.test_worker import ON_POSTGRESQL_AND_REDIS, start_worker, wait_for, worker_env
from tests.reports.test_worklists import reproductive

__all__ = ["start_worker", "worker_env"]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not ON_POSTGRESQL_AND_REDIS, reason="needs DATABASE_URL on PostgreSQL and a Redis broker"),
]


@pytest.fixture
def beat(worker_env, tmp_path):
    log = tmp_path / "beat.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
         "--schedule", str(tmp_path / "beat-schedule"), "--pidfile", str(tmp_path / "beat.pid")],
        cwd=settings.BASE_DIR, env={**worker_env, "ZIZHI_REMINDERS_EVERY": "1"}, stdout=log.open("w"),
        stderr=subprocess.STDOUT, start_new_session=True)
    yield log
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(20)


def test_the_scheduler_and_a_real_worker_send_a_reminder_exactly_once(start_worker, beat, specialist, village):
    today = timezone.localdate()
    woman = wife(make_household(village=village))
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=today - datetime.timedelta(days=40))
    start_worker(ZIZHI_TEST_PART_DELAY="0")

    wait_for(lambda: Notification.objects.exists(), 60, "the first reminder")
    wait_for(lambda: beat.read_text().count("send-reminders") >= 4, 30, "three more runs of the reminders")

    [sent] = Notification.objects.all()
    assert sent.user == specialist and sent.kind == Notification.Kind.FOLLOW_UPS_DUE and sent.link == "/todo/"
