"""Asking for documents while the queue (the broker) cannot be reached, the sweeper that sends them again,
retrying a batch, and the warning when no worker answers (issue 14, finding 10)."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from rest_framework.test import APIClient

from config.celery import app as celery_app
from reports.actions import (
    NOT_SENT_MESSAGE,
    request_document,
    request_quarterly_reports,
    requeue_stale_documents,
    retry_failed_in_batch,
)
from reports.building import build_document
from reports.models import Document, DocumentBatch
from reports.sweeper import requeue_documents_task
from reports.tasks import build_document_task
from tests.factories.reports import build_requested, make_document

BROKER_DOWN = OperationalError("[Errno 111] Connection refused")


def broker_down():
    return mock.patch.object(build_document_task, "apply_async", side_effect=BROKER_DOWN)


def sent():
    return mock.patch.object(build_document_task, "delay")


@pytest.fixture(autouse=True)
def _no_cached_ping():
    cache.clear()
    yield
    cache.clear()


def queued_batch(user) -> DocumentBatch:
    with TestCase.captureOnCommitCallbacks(execute=False):
        return request_quarterly_reports(requested_by=user, period="2025Q1")


@pytest.mark.django_db(transaction=True)
def test_page_request_with_the_broker_down_is_saved_queued_with_a_note_and_says_so(client, town_office, village):
    client.force_login(town_office)

    with broker_down():
        response = client.post(reverse("reports:request_status_sheet"), {"village": village.pk, "year": "2025"},
                               follow=True)

    document = Document.objects.get()
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("reports:document_detail", args=[document.pk]), 302)]
    assert str(NOT_SENT_MESSAGE) in response.content.decode()
    assert document.status == Document.Status.QUEUED and document.not_sent and document.attempts == 0
    assert "队列" in document.error  # the note, in the site's language


@pytest.mark.django_db(transaction=True)
def test_api_request_with_the_broker_down_answers_503_and_asking_again_gives_the_same_document(town_office,
                                                                                              village):
    api = APIClient()
    api.force_authenticate(town_office)
    payload = {"kind": "status_sheet", "village": village.pk, "period": "2025"}

    with broker_down():
        first = api.post("/api/v1/documents/", payload, format="json")
        second = api.post("/api/v1/documents/", payload, format="json")

    document = Document.objects.get()
    assert first.status_code == second.status_code == 503
    assert first["Content-Type"] == "application/json" and first.json()["code"] == "queue_unavailable"
    assert first.json()["record"]["id"] == second.json()["record"]["id"] == document.pk
    assert document.status == Document.Status.QUEUED and document.not_sent


@pytest.mark.django_db(transaction=True)
def test_batch_request_with_the_broker_down_keeps_every_document_queued_and_offers_a_retry(client, town_office,
                                                                                         published_q1):
    client.force_login(town_office)

    with broker_down():
        response = client.post(reverse("reports:request_quarterly_reports"), {"year": "2025", "period": "Q1"},
                               follow=True)
        again = client.post(reverse("reports:request_quarterly_reports"), {"year": "2025", "period": "Q1"})

    batch = DocumentBatch.objects.get()  # asking again gave the same batch
    page = response.content.decode()
    assert again.status_code == 302 and again.url == reverse("reports:batch_detail", args=[batch.pk])
    assert str(NOT_SENT_MESSAGE) in page
    assert reverse("reports:batch_retry", args=[batch.pk]) in page
    assert batch.documents.count() == 3
    assert all(d.status == Document.Status.QUEUED and d.not_sent for d in batch.documents.all())

    response = client.post(reverse("reports:batch_retry", args=[batch.pk]), follow=True)  # the broker is back

    assert response.status_code == 200
    assert batch.documents.count() == 3
    assert set(batch.documents.values_list("status", flat=True)) == {Document.Status.DONE}


def test_a_request_that_was_sent_leaves_no_note(town_office, village):
    with sent() as delay, TestCase.captureOnCommitCallbacks(execute=True):
        document = request_document(kind=Document.Kind.STATUS_SHEET, requested_by=town_office, village=village,
                                    period="2025")

    delay.assert_called_once_with(document.pk)
    document.refresh_from_db()
    assert not document.not_sent


def test_sweeper_sends_again_each_stale_queued_document_once(town_office, village, other_village):
    long_ago = timezone.now() - datetime.timedelta(minutes=6)
    unsent = make_document(requested_by=town_office, village=village, queued_at=long_ago, error="not sent")
    waiting = make_document(requested_by=town_office, village=other_village, queued_at=long_ago)
    fresh = make_document(requested_by=town_office, village=village, period="2024")
    failed = make_document(requested_by=town_office, village=village, period="2023", status=Document.Status.FAILED,
                           error="broken", queued_at=long_ago)

    with sent() as delay, TestCase.captureOnCommitCallbacks(execute=True):
        first = requeue_stale_documents()
    with sent() as delay_again, TestCase.captureOnCommitCallbacks(execute=True):
        second = requeue_stale_documents()

    assert sorted(first) == sorted([unsent.pk, waiting.pk]) and second == []
    assert sorted(call.args[0] for call in delay.call_args_list) == sorted([unsent.pk, waiting.pk])
    delay_again.assert_not_called()
    unsent.refresh_from_db()
    assert not unsent.not_sent and unsent.queued_at > long_ago
    assert Document.objects.get(pk=fresh.pk).queued_at < timezone.now()
    assert Document.objects.get(pk=failed.pk).status == Document.Status.FAILED


def test_sweeper_with_the_broker_still_down_keeps_the_note_for_the_next_sweep(town_office, village):
    long_ago = timezone.now() - datetime.timedelta(minutes=6)
    document = make_document(requested_by=town_office, village=village, queued_at=long_ago)

    with broker_down(), TestCase.captureOnCommitCallbacks(execute=True):
        requeue_stale_documents()

    document.refresh_from_db()
    assert document.status == Document.Status.QUEUED and document.not_sent


def test_command_and_scheduled_task_run_the_sweeper(town_office, village, settings):
    long_ago = timezone.now() - datetime.timedelta(minutes=6)
    make_document(requested_by=town_office, village=village, queued_at=long_ago)
    make_document(requested_by=town_office, village=village, period="2024", queued_at=long_ago)

    with sent() as delay, TestCase.captureOnCommitCallbacks(execute=True):
        call_command("requeue_documents", stdout=mock.Mock())
    assert delay.call_count == 2
    Document.objects.update(queued_at=long_ago)
    with sent() as delay, TestCase.captureOnCommitCallbacks(execute=True):
        assert requeue_documents_task() == 2
    assert settings.CELERY_BEAT_SCHEDULE["requeue-documents"]["task"] == requeue_documents_task.name


def test_a_build_sent_twice_leaves_the_built_document_alone(town_office, village):
    document = build_requested(requested_by=town_office, village=village)

    again = build_document(document_id=document.pk)

    assert again.status == Document.Status.DONE and again.attempts == 1 and again.sha256 == document.sha256


def test_batch_retry_sends_only_the_failed_stuck_and_unsent(town_office, published_q1):
    batch = queued_batch(town_office)
    town_doc, first, second = batch.documents.order_by("pk")
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Document.objects.filter(pk=town_doc.pk).update(status=Document.Status.FAILED, error="broken")
    Document.objects.filter(pk=first.pk).update(error="not sent")
    Document.objects.filter(pk=second.pk).update(status=Document.Status.RUNNING, started_at=timezone.now())

    with sent() as delay, TestCase.captureOnCommitCallbacks(execute=True):
        retried = retry_failed_in_batch(batch=batch, by=town_office)

    assert sorted(d.pk for d in retried) == sorted([town_doc.pk, first.pk])
    assert sorted(call.args[0] for call in delay.call_args_list) == sorted([town_doc.pk, first.pk])
    assert batch.documents.count() == 3
    assert Document.objects.get(pk=second.pk).status == Document.Status.RUNNING

    Document.objects.filter(pk=second.pk).update(started_at=long_ago)  # its worker died an hour ago
    with sent() as delay, TestCase.captureOnCommitCallbacks(execute=True):
        retried = retry_failed_in_batch(batch=batch, by=town_office)
    assert [d.pk for d in retried] == [second.pk] and delay.call_count == 1


def test_batch_retry_through_the_api(town_office, leader, published_q1):
    batch = queued_batch(town_office)
    Document.objects.filter(batch=batch).update(error="not sent")
    api = APIClient()
    api.force_authenticate(leader)

    assert api.post(f"/api/v1/document-batches/{batch.pk}/retry/").status_code == 403

    api.force_authenticate(town_office)
    with broker_down(), TestCase.captureOnCommitCallbacks(execute=True):
        response = api.post(f"/api/v1/document-batches/{batch.pk}/retry/")
    assert response.status_code == 200  # the callbacks run after the answer here; sent below
    with sent() as delay, TestCase.captureOnCommitCallbacks(execute=True):
        response = api.post(f"/api/v1/document-batches/{batch.pk}/retry/")
    assert response.status_code == 200 and delay.call_count == 3
    assert api.post("/api/v1/document-batches/999999/retry/").status_code == 404
    assert batch.documents.count() == 3


def test_batch_retry_page_denied_to_the_leadership(client, town_office, leader, published_q1):
    batch = queued_batch(town_office)
    client.force_login(leader)

    assert client.post(reverse("reports:batch_retry", args=[batch.pk])).status_code == 403


def test_no_worker_warning_when_no_worker_answers(client, town_office, village, published_q1):
    document = make_document(requested_by=town_office, village=village)
    batch = queued_batch(town_office)
    client.force_login(town_office)
    celery_app.conf.task_always_eager = False  # restored by the autouse fixture

    with mock.patch.object(celery_app.control, "ping", return_value=[]) as ping:
        pages = [client.get(reverse("reports:document_detail", args=[document.pk])),
                 client.get(reverse("reports:batch_detail", args=[batch.pk]))]

    assert all('id="no-worker"' in page.content.decode() for page in pages)
    assert ping.call_count == 1  # the answer is kept for half a minute
    cache.clear()
    with mock.patch.object(celery_app.control, "ping", return_value=[{"celery@web": {"ok": "pong"}}]):
        page = client.get(reverse("reports:document_detail", args=[document.pk]))
    assert 'id="no-worker"' not in page.content.decode()


def test_no_worker_warning_when_the_broker_cannot_be_reached(client, town_office, village):
    document = make_document(requested_by=town_office, village=village)
    client.force_login(town_office)
    celery_app.conf.task_always_eager = False

    with mock.patch.object(celery_app.control, "ping", side_effect=BROKER_DOWN):
        page = client.get(reverse("reports:document_detail", args=[document.pk]))

    assert 'id="no-worker"' in page.content.decode()


def test_no_worker_warning_never_when_tasks_run_in_process(client, town_office, village):
    document = make_document(requested_by=town_office, village=village)
    client.force_login(town_office)

    with mock.patch.object(celery_app.control, "ping", return_value=[]) as ping:
        page = client.get(reverse("reports:document_detail", args=[document.pk]))

    assert 'id="no-worker"' not in page.content.decode()
    ping.assert_not_called()
