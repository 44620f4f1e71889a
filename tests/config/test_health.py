"""`/health/`: no login, JSON, 200 when every check passes and 503 otherwise, never a secret or a path."""

import pytest

from config import health

pytestmark = pytest.mark.django_db

CHECKS = ("database", "broker", "worker", "documents")


def test_embedded_default_is_healthy_with_tasks_in_process(client, settings, tmp_path):
    settings.DOCUMENTS_ROOT.mkdir(parents=True)

    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert response.json()["checks"] == {"database": "ok", "broker": "in process", "worker": "in process",
                                         "documents": "ok"}


@pytest.mark.parametrize(("failing", "word"), [
    ("database", "unreachable"), ("broker", "unreachable"), ("worker", "none running"), ("documents", "not writable"),
])
def test_any_failing_check_answers_503_naming_it(client, monkeypatch, failing, word):
    for name in CHECKS:
        monkeypatch.setattr(health, f"check_{name}", lambda: (True, "ok"))
    monkeypatch.setattr(health, f"check_{failing}", lambda: (False, word))

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"][failing] == word
    assert all(body["checks"][name] == "ok" for name in CHECKS if name != failing)


def test_missing_documents_folder_fails_without_naming_its_path(client, settings):
    response = client.get("/health/")  # the tests' documents folder is not made until a document is built

    assert response.status_code == 503
    assert response.json()["checks"]["documents"] == "missing"
    assert str(settings.DOCUMENTS_ROOT) not in response.content.decode()
    assert settings.SECRET_KEY not in response.content.decode()


def test_unwritable_documents_folder_fails(settings, monkeypatch):
    settings.DOCUMENTS_ROOT.mkdir(parents=True)

    def refuse(*args, **kwargs):
        raise PermissionError("/secret/path")

    monkeypatch.setattr(health.tempfile, "TemporaryFile", refuse)

    assert health.check_documents() == (False, "not writable")


def test_database_error_is_reported_as_one_word(monkeypatch):
    class Broken:
        def cursor(self):
            raise RuntimeError("password authentication failed for user zizhi at db.internal")

    monkeypatch.setattr(health, "connection", Broken())

    assert health.check_database() == (False, "unreachable")


def test_with_a_broker_the_broker_and_a_worker_are_asked(monkeypatch):
    from config.celery import app

    monkeypatch.setattr(health, "_tasks_in_process", lambda: False)
    monkeypatch.setattr(app.control, "ping", lambda **kwargs: [])
    assert health.check_worker() == (False, "none running")
    monkeypatch.setattr(app.control, "ping", lambda **kwargs: [{"celery@web": {"ok": "pong"}}])
    assert health.check_worker() == (True, "ok")

    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("redis://:hunter2@10.0.0.5:6379/0")

    monkeypatch.setattr(app, "connection_for_write", unreachable)
    assert health.check_broker() == (False, "unreachable")


def test_no_login_needed_and_only_reads(client):
    assert client.post("/health/").status_code == 405
