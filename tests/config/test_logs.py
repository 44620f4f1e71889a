"""Logs: one JSON line per record when DJANGO_LOG_FORMAT=json, with the request's id; plain text by default."""

import json
import logging

from config import logs
from tests.config.test_settings import manage


def test_json_format_writes_one_line_per_record_with_the_request_id():
    formatter = logs.JsonFormatter()
    record = logging.LogRecord("reports.building", logging.ERROR, __file__, 1, "document %s failed\nbadly", (7,), None)
    token = logs.request_id.set("abc123")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id.reset(token)

    line = formatter.format(record)

    assert "\n" not in line
    assert json.loads(line) | {"time": None} == {"time": None, "level": "ERROR", "logger": "reports.building",
                                                 "message": "document 7 failed\nbadly", "request_id": "abc123"}


def test_each_response_carries_a_request_id_and_keeps_a_sane_one_given(client, db):
    made = client.get("/health/")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/health/", headers={"X-Request-ID": "lb-42"})["X-Request-ID"] == "lb-42"
    assert client.get("/health/", headers={"X-Request-ID": "<script>"})["X-Request-ID"] != "<script>"


def test_the_environment_switches_the_format():
    code = ("import logging; from django.conf import settings as s; "
            "print(s.LOGGING['handlers']['console']['formatter']); logging.getLogger('zizhi').warning('hello')")

    text = manage("shell", "--no-imports", "-c", code)
    as_json = manage("shell", "--no-imports", "-c", code, DJANGO_LOG_FORMAT="json")

    assert text.stdout.strip() == "text"
    assert as_json.stdout.strip() == "json"
    assert json.loads(as_json.stderr.strip().splitlines()[-1])["message"] == "hello"
    assert manage("check", DJANGO_LOG_FORMAT="yaml").returncode != 0
