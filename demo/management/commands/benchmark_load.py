"""Print throughput and latency under concurrent users: gunicorn (the Procfile's web, 2 workers) beside runserver.

The command starts each server itself on a free port against this process's database (DATABASE_URL; the demo town
is loaded first if it is not there), signs in the benchmark's own user (a session cookie for the pages, an API token
for the API), and lets `--users` threads ask, each as fast as it is answered, for `--seconds` per target: the
household list, one household's page and the API's household list. It prints requests per second, the median and
the 95th percentile latency and the errors (anything but 200, or no answer), then stops the server. It writes the
benchmark's user (kept, as the other benchmarks keep it), the access-log rows of the household pages it reads (the
log is never deleted from), and a session and a token, removed at the end.

    DATABASE_URL=postgres://… .venv/bin/python manage.py benchmark_load [--users 20] [--seconds 20]
"""

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token

from demo.benchmarks import OFFICE, acting_user, demo_town
from members.models import Household
from villages.models import User

SERVERS = {
    "gunicorn": lambda port: [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--workers", "2",
                              "--bind", f"127.0.0.1:{port}", "--timeout", "120"],
    "runserver": lambda port: [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload",
                               "--skip-checks"],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(kind: str, port: int):
    """A server of the kind on the port, answering (on /health/), stopped at the end whatever happens."""
    process = subprocess.Popen(SERVERS[kind](port), cwd=settings.BASE_DIR, env=os.environ.copy(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{kind} ended: {process.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5):
                    break
            except urllib.error.HTTPError:
                break  # up, whatever its health says (the documents folder, say, is not this benchmark's business)
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{kind} did not answer on port {port} within 60 s") from None
                time.sleep(0.5)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def hammer(url: str, headers: dict, users: int, seconds: float) -> dict:
    """`users` threads asking for the URL until the time is up: every latency, and the errors."""
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def one_user():
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
                    response.read()
                    ok = response.status == 200 and response.url == url  # a redirect to the login page is an error
            except (urllib.error.URLError, OSError):
                ok = False
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(url)

    started = time.monotonic()
    threads = [threading.Thread(target=one_user) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    ordered = sorted(latencies)
    return {
        "requests": len(latencies), "per_second": len(latencies) / wall,
        "median": statistics.median(ordered) if ordered else 0.0,
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0,
        "errors": len(errors),
    }


class Command(BaseCommand):
    help = ("Throughput and latency of the household list, a household page and the API's household list under "
            "concurrent users, on gunicorn (2 workers) and on runserver, each started on a free port.")

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=20)
        parser.add_argument("--seconds", type=float, default=20.0, help="per target and server")
        parser.add_argument("--servers", default="gunicorn,runserver")

    def handle(self, *args, users, seconds, servers, **options):
        town = demo_town(self.stdout)
        user, _created = acting_user(OFFICE, User.Role.TOWN_OFFICE, town=town)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        token, token_made = Token.objects.get_or_create(user=user)
        household = Household.objects.filter(village__town=town).order_by("village__name", "number").first()
        cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}
        targets = [
            ("household list", "/households/", cookie),
            ("household page", f"/households/{household.pk}/", cookie),
            ("API household list", "/api/v1/households/", {"Authorization": f"Token {token.key}"}),
        ]
        rows = []
        try:
            for kind in servers.split(","):
                port = free_port()
                with server(kind, port):
                    for label, path, headers in targets:
                        url = f"http://127.0.0.1:{port}{path}"
                        hammer(url, headers, 2, 1.0)  # warm up: imports, connections, caches
                        rows.append((kind, label, hammer(url, headers, users, seconds)))
                        self.stdout.write(self._row(*rows[-1]))
        finally:
            session.delete()
            if token_made:
                token.delete()
        self.stdout.write("")
        self.stdout.write(f"{users} concurrent users, {seconds:g} s per target, town office of {town.name}, "
                          f"{os.cpu_count()} cores, database {settings.DATABASES['default']['ENGINE'].split('.')[-1]}")
        self.stdout.write(f"{'server':<10} {'target':<20} {'requests':>8} {'req/s':>7} {'median':>8} {'p95':>8} "
                          f"{'errors':>6}")
        for row in rows:
            self.stdout.write(self._row(*row))

    @staticmethod
    def _row(kind, label, figures) -> str:
        return (f"{kind:<10} {label:<20} {figures['requests']:>8} {figures['per_second']:>7.1f} "
                f"{figures['median'] * 1000:>6.0f}ms {figures['p95'] * 1000:>6.0f}ms {figures['errors']:>6}")
