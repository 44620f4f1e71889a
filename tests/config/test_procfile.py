"""The Procfile that `honcho start` runs: the web server, a worker for each queue the tasks go to, the scheduler."""

import shlex
from pathlib import Path

from django.conf import settings

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _processes() -> dict[str, list[str]]:
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line and not line.startswith("#")]
    return {name: shlex.split(command) for name, command in (line.split(":", 1) for line in lines)}


def test_procfile_runs_gunicorn_a_worker_for_each_queue_and_beat():
    processes = _processes()

    assert set(processes) == {"web", "worker", "housekeeping", "beat"}
    web = processes["web"]
    assert web[:2] == ["gunicorn", "config.wsgi"] and web[web.index("--workers") + 1] == "2"
    consumed = set()
    for name in ("worker", "housekeeping"):
        worker = processes[name]
        assert worker[:4] == ["celery", "-A", "config", "worker"]
        consumed |= set(worker[worker.index("--queues") + 1].split(","))
    assert consumed == {queue.name for queue in app.conf.task_queues}
    assert processes["worker"][processes["worker"].index("--queues") + 1] == settings.DOCUMENTS_QUEUE
    assert processes["beat"][:4] == ["celery", "-A", "config", "beat"]


def test_documents_and_housekeeping_go_to_their_own_queues():
    from reports.reminders import send_reminders_task
    from reports.sweeper import requeue_documents_task
    from reports.tasks import build_document_task

    router = app.amqp.router
    assert router.route({}, build_document_task.name)["queue"].name == settings.DOCUMENTS_QUEUE
    for task in (send_reminders_task, requeue_documents_task):
        assert router.route({}, task.name)["queue"].name == settings.HOUSEKEEPING_QUEUE
