import dataclasses
import hashlib
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from reports import building
from reports.actions import request_document, retry_document
from reports.building import DocumentBusy, build_document, build_lock
from reports.documents import RENDERERS, DocumentError
from reports.models import Document
from tests.factories.reports import build_after_a_lost_connection, build_requested, make_document, make_team
from villages.models import User


def file_bytes(document):
    with document.file.open("rb") as file:
        return file.read()


def test_requested_document_is_built_after_commit(town_office, village):
    make_team(village=village)

    document = build_requested(requested_by=town_office, village=village)

    assert document.status == Document.Status.DONE
    assert document.progress == 100
    assert document.attempts == 1
    assert document.sha256 == hashlib.sha256(file_bytes(document)).hexdigest()
    assert file_bytes(document).startswith(b"%PDF")
    assert document.title == "大旗村村民自治情况表（2025年）"


def test_nothing_is_queued_when_the_request_is_rolled_back(town_office, village, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        document = request_document(kind=Document.Kind.STATUS_SHEET, requested_by=town_office, village=village)

    assert len(callbacks) == 1
    assert Document.objects.get(pk=document.pk).status == Document.Status.QUEUED


def test_specialist_cannot_ask_for_sheet_of_other_village(specialist, other_village):
    with pytest.raises(PermissionDenied):
        request_document(kind=Document.Kind.STATUS_SHEET, requested_by=specialist, village=other_village)
    assert not Document.objects.exists()


def test_specialist_cannot_ask_for_town_sheet(specialist):
    with pytest.raises(PermissionDenied):
        request_document(kind=Document.Kind.STATUS_SHEET, requested_by=specialist)


def test_leadership_may_ask_for_town_sheet_but_not_a_village_sheet(leader, village):
    document = request_document(kind=Document.Kind.STATUS_SHEET, requested_by=leader)

    assert document.village is None and document.town == leader.town
    with pytest.raises(PermissionDenied):
        request_document(kind=Document.Kind.STATUS_SHEET, requested_by=leader, village=village)


def test_member_cannot_ask_for_documents(member, village):
    with pytest.raises(PermissionDenied):
        request_document(kind=Document.Kind.STATUS_SHEET, requested_by=member, village=village)


def test_bad_period_is_refused_and_nothing_saved(town_office, village):
    with pytest.raises(ValidationError) as error:
        request_document(kind=Document.Kind.STATUS_SHEET, requested_by=town_office, village=village, period="25")

    assert "period" in error.value.message_dict
    assert not Document.objects.exists()


def test_unknown_kind_is_refused(town_office):
    with pytest.raises(ValidationError):
        request_document(kind="poster", requested_by=town_office)


def test_building_twice_keeps_one_file_and_the_same_hash(town_office, village, settings):
    document = build_requested(requested_by=town_office, village=village)

    build_document(document_id=document.pk)
    again = Document.objects.get(pk=document.pk)

    assert (again.sha256, again.file.name, again.attempts) == (document.sha256, document.file.name, 1)
    assert len(list((settings.DOCUMENTS_ROOT).rglob("*.pdf"))) == 1


def test_document_left_running_by_a_dead_worker_is_built_again(town_office, village, settings):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.RUNNING,
                             attempts=1, progress=40)
    # The dead worker had already written its file, but not committed.
    stale = settings.DOCUMENTS_ROOT / building.document_upload_to(document, "")
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"half a PDF")

    built = build_document(document_id=document.pk)

    assert built.status == Document.Status.DONE and built.attempts == 2
    assert built.file.name == building.document_upload_to(document, "")
    assert len(list(settings.DOCUMENTS_ROOT.rglob("*.pdf"))) == 1
    assert hashlib.sha256(stale.read_bytes()).hexdigest() == built.sha256


@contextmanager
def built_by_another_worker(document_id):
    """Hold the document's build lock as another worker would: from another database session."""
    if connection.vendor != "postgresql":
        with build_lock(document_id) as acquired:
            assert acquired
            yield
        return
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [building.advisory_key(document_id)])
        yield
    finally:
        other.close()


def test_second_builder_is_turned_away_while_the_first_builds(town_office, village):
    document = make_document(requested_by=town_office, village=village)

    with built_by_another_worker(document.pk), pytest.raises(DocumentBusy):
        build_document(document_id=document.pk)

    assert Document.objects.get(pk=document.pk).attempts == 0


def test_builder_that_lost_its_claim_keeps_nothing(town_office, village, settings):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.RUNNING,
                             attempts=2)

    building._store(document, attempt=1, content=b"%PDF-1.7 old")

    assert Document.objects.get(pk=document.pk).status == Document.Status.RUNNING
    assert not list(settings.DOCUMENTS_ROOT.rglob("*.pdf"))


def test_failure_is_recorded_with_its_reason_and_retry_builds_it(town_office, village, monkeypatch):
    renderer = RENDERERS[Document.Kind.STATUS_SHEET]

    def broken(*, user, town, village, period):
        raise DocumentError("模板缺失")

    monkeypatch.setitem(RENDERERS, Document.Kind.STATUS_SHEET, dataclasses.replace(renderer, context=broken))
    failed = build_requested(requested_by=town_office, village=village)
    assert (failed.status, failed.error) == (Document.Status.FAILED, "模板缺失")

    monkeypatch.setitem(RENDERERS, Document.Kind.STATUS_SHEET, renderer)
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            retry_document(document=failed, by=town_office)
    failed.refresh_from_db()

    assert (failed.status, failed.error, failed.attempts) == (Document.Status.DONE, "", 2)


def test_unexpected_error_is_recorded_in_plain_words(town_office, village, monkeypatch):
    monkeypatch.setattr(building, "html_to_pdf", lambda *args, **kwargs: 1 / 0)

    document = build_requested(requested_by=town_office, village=village)

    assert document.status == Document.Status.FAILED
    assert "ZeroDivisionError" in document.error


def test_transient_database_error_leaves_the_document_for_the_retry(town_office, village, monkeypatch):
    document = make_document(requested_by=town_office, village=village)
    built = build_after_a_lost_connection(document, monkeypatch)

    assert (built.status, built.attempts) == (Document.Status.DONE, 2)


def test_document_of_a_village_that_left_the_jurisdiction_fails_with_reason(village, other_village):
    from tests.factories import make_user

    specialist = make_user(role=User.Role.SPECIALIST, village=village)
    document = make_document(requested_by=specialist, village=village)
    specialist.village = other_village
    specialist.save(update_fields=["village"])

    built = build_document(document_id=document.pk)

    assert built.status == Document.Status.FAILED
    assert "不" in built.error or "no longer" in built.error


def test_done_document_cannot_be_retried(town_office, village):
    document = build_requested(requested_by=town_office, village=village)

    with pytest.raises(ValidationError):
        retry_document(document=document, by=town_office)


def test_specialist_cannot_retry_document_of_other_village(specialist, town_office, other_village):
    document = make_document(requested_by=town_office, village=other_village, status=Document.Status.FAILED,
                             error="x")

    with pytest.raises(PermissionDenied):
        retry_document(document=document, by=specialist)


def test_multi_part_document_reports_progress(town_office, village, other_village, monkeypatch):
    seen = []
    original = building._set_progress
    monkeypatch.setattr(building, "_set_progress", lambda pk, attempt, progress: (seen.append(progress),
                                                                                   original(pk, attempt, progress)))

    document = build_requested(requested_by=town_office)

    assert document.status == Document.Status.DONE
    assert seen == sorted(seen) and len(seen) == 3  # the summary and two villages


def test_a_documents_request_and_build_keep_their_history(town_office, village):
    document = build_requested(requested_by=town_office, village=village)

    rows = list(document.history.order_by("history_date", "history_id"))
    assert rows[0].history_user == town_office and rows[0].status == Document.Status.QUEUED
    assert rows[-1].status == Document.Status.DONE
    assert not hasattr(rows[0], "progress")
