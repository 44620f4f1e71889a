"""The Procfile that `honcho start` runs: the web server, a worker on the queue the tasks go to, the scheduler."""

import shlex
from pathlib import Path

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _processes() -> dict[str, list[str]]:
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line and not line.startswith("#")]
    return {name: shlex.split(command) for name, command in (line.split(":", 1) for line in lines)}


def test_procfile_runs_gunicorn_a_worker_on_the_tasks_queue_and_beat():
    processes = _processes()

    assert set(processes) == {"web", "worker", "beat"}
    web = processes["web"]
    assert web[:2] == ["gunicorn", "config.wsgi"] and web[web.index("--workers") + 1] == "2"
    worker = processes["worker"]
    assert worker[:4] == ["celery", "-A", "config", "worker"]
    assert worker[worker.index("--queues") + 1] == app.conf.task_default_queue
    assert processes["beat"][:4] == ["celery", "-A", "config", "beat"]
