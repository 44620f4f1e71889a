"""`/health/`: is this installation able to serve? For a load balancer, a process supervisor or a person.

No login, JSON, 200 when every check passes and 503 otherwise. Each check answers one word and never an
exception's text, a path or an address, so the public answer tells nothing about the machine. Every check is
cheap and bounded by a short timeout: one trivial query, one broker connection, one worker ping.
"""

import os
import tempfile
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

OK = "ok"
IN_PROCESS = "in process"  # the embedded default: no broker, tasks run in the web process
TIMEOUT = 2.0  # seconds, for the broker connection and the worker ping each


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return False, "unreachable"
    return True, OK


def _tasks_in_process() -> bool:
    from config.celery import app

    return bool(app.conf.task_always_eager)


def check_broker() -> tuple[bool, str]:
    if _tasks_in_process():
        return True, IN_PROCESS
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=TIMEOUT)
    except Exception:
        return False, "unreachable"
    return True, OK


def check_worker() -> tuple[bool, str]:
    if _tasks_in_process():
        return True, IN_PROCESS
    from config.celery import app

    try:
        replies = app.control.ping(timeout=TIMEOUT, limit=1)  # back at the first answer
    except Exception:
        return False, "unreachable"
    return (True, OK) if replies else (False, "none running")


def check_documents() -> tuple[bool, str]:
    folder = settings.DOCUMENTS_ROOT
    if not os.path.isdir(folder):
        return False, "missing"
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False, "not writable"
    return True, OK


CHECKS = ("database", "broker", "worker", "documents")  # each by its function check_<name> in this module


@never_cache
@require_safe
def health(request):
    started = time.monotonic()
    results = {name: globals()[f"check_{name}"]() for name in CHECKS}
    healthy = all(ok for ok, _ in results.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "failing",
            "checks": {name: word for name, (_, word) in results.items()},
            "seconds": round(time.monotonic() - started, 3),
        },
        status=200 if healthy else 503,
    )
