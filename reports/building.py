"""Building a document: what the build task runs, once per document, safe to run again.

Job state lives in the Document row. Building is idempotent: a finished document is left
alone, a document left "running" by a worker that died is built again, and two workers never
build the same document at once (a build lock held for the whole build, and the claim of the
row under select_for_update). The file, its hash, the "done" state and the access log of the
sensitive data the document shows are written together, so a print is logged once, and only
when it was made.
"""

import hashlib
import logging
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import InterfaceError, OperationalError, connection, transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.documents import DocumentError, renderer_for
from reports.documents.base import page_counter_css
from reports.models import Document, document_upload_to
from reports.rendering import SHELL, Part, assemble, html_to_pdf, qr_data_uri, render_html, warm_up
from reports.storage import document_storage
from villages.privacy import log_access

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# Progress while pages are laid out runs from 5 % to 90 %; writing the PDF and storing it do the rest.
PROGRESS_PARTS_START, PROGRESS_PARTS_END, PROGRESS_WRITTEN = 5, 90, 95


class DocumentBusy(Exception):
    """Another live worker holds the build lock of this document."""


def build_document(*, document_id: int) -> Document | None:
    """Build the document's PDF, once. Called by build_document_task; safe to call again.

    Not one transaction: progress must be visible while the document is built, so the claim,
    the progress updates and the final write each commit on their own.
    """
    with build_lock(document_id) as acquired:
        if not acquired:
            raise DocumentBusy(document_id)
        document = _claim(document_id)
        if document is None or document.status != Document.Status.RUNNING:
            return document
        attempt = document.attempts
        if renderer_for(document.kind).export:
            return _build_export(document, attempt)
        try:
            content, accesses = render_document(document, on_page=_progress_reporter(document.pk, attempt))
        except TRANSIENT_ERRORS:
            raise
        except DocumentError as error:
            return _record_failure(document.pk, attempt, str(error))
        except Exception as error:
            logger.exception("Document %s could not be built", document_id)
            reason = _("The document could not be built (%(error)s). Try again; if it fails again, tell the "
                       "town office.") % {"error": type(error).__name__}
            return _record_failure(document.pk, attempt, reason)
        return _store(document, attempt, content, accesses)


def _build_export(document: Document, attempt: int) -> Document:
    """A spreadsheet export: written streamed into a temporary file (bounded memory however many rows),
    then stored like a PDF, with progress as its rows are written."""
    export = renderer_for(document.kind).export
    with tempfile.TemporaryFile() as output:
        try:
            with translation.override(settings.LANGUAGE_CODE):
                accesses = export(document, output,
                                  on_progress=lambda percent: _set_progress(document.pk, attempt, percent))
        except TRANSIENT_ERRORS:
            raise
        except DocumentError as error:
            return _record_failure(document.pk, attempt, str(error))
        except Exception as error:
            logger.exception("Export %s could not be built", document.pk)
            reason = _("The export could not be built (%(error)s). Try again; if it fails again, tell the "
                       "town office.") % {"error": type(error).__name__}
            return _record_failure(document.pk, attempt, reason)
        output.seek(0)
        return _store(document, attempt, File(output, name="export"), accesses)


def render_document(document: Document, *,
                    on_page: Callable[[int, int], None] | None = None) -> tuple[bytes, list[dict]]:
    """The PDF of a document, read through the scoped queries as the person who asked for it, and what
    the access log is to record of the sensitive data it shows (written when the file is stored).

    on_page(pages, parts) is called as each page is laid out: pages laid out so far, parts in the document.
    """
    html, data_uris, accesses, part_count = _html(document)
    laid_out = (lambda pages: on_page(pages, part_count)) if on_page else None
    return html_to_pdf(html, data_uris=data_uris, on_page=laid_out), accesses


def document_html(document: Document) -> tuple[str, list[str]]:
    """The document's HTML (its parts in one frame), and the data: URIs it may load (the QR code)."""
    html, data_uris, _accesses, _parts = _html(document)
    return html, data_uris


def _html(document: Document) -> tuple[str, list[str], list[dict], int]:
    renderer = renderer_for(document.kind)
    with translation.override(document.print_language):
        stamp = _stamp(document)
        parts = [Part(part.template, {**part.context, "stamp": stamp})
                 for part in renderer.parts(document, document.requested_by)]
        html = assemble(render_html(parts), {"document": document, "stamp": stamp})
        return html, [stamp["qr"]], renderer.accesses(parts), len(parts)


def warm_up_builder() -> None:
    """What a worker process does once before its first document (reports.tasks, at worker_process_init): the
    fonts and stylesheet (reports.rendering.warm_up), the URL patterns (reverse) and the document frame's templates.
    Nothing read from the database."""
    warm_up()
    reverse("reports:verify", args=["warm-up"])
    for template in (SHELL, "pdf/base.html"):
        get_template(template)


def _stamp(document: Document) -> dict:
    verify_url = settings.PUBLIC_BASE_URL + reverse("reports:verify", args=[document.verification_code])
    return {"verify_url": verify_url, "qr": qr_data_uri(verify_url), "generated_on": timezone.localdate(),
            "page_counter": page_counter_css()}


@transaction.atomic
def _claim(document_id: int) -> Document | None:
    """Take a queued document, or one left running by a builder that died (we hold its build lock)."""
    document = Document.objects.select_for_update(of=("self",)).select_related("town", "village").filter(
        pk=document_id).first()
    if document is None or document.status in (Document.Status.DONE, Document.Status.FAILED):
        return document
    document.status = Document.Status.RUNNING
    document.attempts += 1
    document.progress = 0
    document.error = ""
    document.started_at = timezone.now()
    document.finished_at = None
    document.template_version = renderer_for(document.kind).template_version
    document.save(update_fields=["status", "attempts", "progress", "error", "started_at", "finished_at",
                                 "template_version"])
    return document


def _progress_reporter(document_id: int, attempt: int) -> Callable[[int, int], None]:
    """Progress of a document of several parts as its pages are laid out. Its page count is known only at the
    end, so the estimate is a page per part, and one page more than those laid out once they outnumber the parts."""
    def report(pages: int, parts: int) -> None:
        if parts > 1:
            span = PROGRESS_PARTS_END - PROGRESS_PARTS_START
            _set_progress(document_id, attempt, PROGRESS_PARTS_START + span * pages // max(parts, pages + 1))
    return report


def _set_progress(document_id: int, attempt: int, progress: int) -> None:
    Document.objects.filter(pk=document_id, status=Document.Status.RUNNING, attempts=attempt).update(
        progress=progress)


def _digest(content: bytes | File) -> tuple[str, int]:
    """The SHA-256 and size of the content, read a chunk at a time when it is a file."""
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest(), len(content)
    digest, size = hashlib.sha256(), 0
    content.seek(0)
    for chunk in content.chunks():
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    return digest.hexdigest(), size


def _store(document: Document, attempt: int, content: bytes | File, accesses: Sequence[dict] = ()) -> Document:
    storage = document_storage()
    name = document_upload_to(document, "")
    if storage.exists(name):  # left by a builder that died between writing the file and committing
        storage.delete(name)
    sha256, size = _digest(content)
    saved = storage.save(name, content if isinstance(content, File) else ContentFile(content))
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.status != Document.Status.RUNNING or current.attempts != attempt:
            if saved != current.file.name:
                storage.delete(saved)
            return current
        current.file.name = saved
        current.number_id = document.number_id
        current.sha256 = sha256
        current.size = size
        current.status = Document.Status.DONE
        current.progress = 100
        current.finished_at = timezone.now()
        current.save(update_fields=["file", "sha256", "size", "status", "progress", "finished_at", "number"])
        for access in accesses:
            log_access(user=document.requested_by, **access)
    return current


@transaction.atomic
def _record_failure(document_id: int, attempt: int, reason: str) -> Document:
    document = Document.objects.select_for_update().get(pk=document_id)
    if document.status == Document.Status.RUNNING and document.attempts == attempt:
        document.status = Document.Status.FAILED
        document.error = reason[:2000]
        document.finished_at = timezone.now()
        document.save(update_fields=["status", "error", "finished_at"])
    return document


# The build lock. On PostgreSQL a session advisory lock: held while a worker builds, released
# when it finishes or when its process dies (the server ends the session), so a document left
# "running" with the lock free was abandoned. Elsewhere (SQLite, one process) a lock per thread.
ADVISORY_NAMESPACE = 0x5A5A << 32
_local_locks: set[int] = set()
_local_guard = threading.Lock()


@contextmanager
def build_lock(document_id: int) -> Iterator[bool]:
    if connection.vendor == "postgresql":
        key = advisory_key(document_id)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                _advisory_unlock(key)
        return
    with _local_guard:
        acquired = document_id not in _local_locks
        _local_locks.add(document_id)
    try:
        yield acquired
    finally:
        if acquired:
            with _local_guard:
                _local_locks.discard(document_id)


def advisory_key(document_id: int) -> int:
    return ADVISORY_NAMESPACE | (document_id & 0xFFFFFFFF)


def _advisory_unlock(key: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    except TRANSIENT_ERRORS:
        connection.close()  # the session, and the lock with it, ends with the connection
