import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Build documents in the test process, even when CI names a broker; the worker tests use a real one."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager



@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
