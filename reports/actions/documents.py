"""The document pipeline's requests: ask for a document or a batch, retry a failure.

Each request writes the Document row and queues its build (reports.building, run by
build_document_task) once the transaction commits. When the queue (the broker) cannot be reached
the rows stay committed and queued with a note, and the sweeper (requeue_stale_documents, run by
the scheduler and by `manage.py requeue_documents`) sends them again.
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError as BrokerError
from simple_history.utils import bulk_create_with_history

from assessments.queries.documents import published_assessment_villages
from reports.documents import renderer_for
from reports.models import REQUEUE_AFTER, Document, DocumentBatch
from reports.queries import may_request, may_request_batch, requestable_villages
from reports.tasks import build_document_task
from villages.models import Town, User, Village
from villages.periods import Period

logger = logging.getLogger(__name__)

# What the person who asked is told when the queue could not be reached (a page's message, the API's 503).
NOT_SENT_MESSAGE = gettext_lazy("Your request is saved, but the documents could not be handed to the workers just "
                                "now. They are sent again automatically within a few minutes; there is no need to "
                                "ask again.")


def not_sent_note() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Not yet handed to the workers: the queue could not be reached. It is sent again "
                 "automatically within a few minutes.")


def send_on_commit(documents: Sequence[Document]) -> None:
    """Queue the builds once the transaction commits. A queue that cannot be reached leaves each document
    queued with a note (in the row and on the objects passed in), for the sweeper to send again."""
    transaction.on_commit(lambda: send_builds(documents))


def send_builds(documents: Sequence[Document]) -> list[Document]:
    """Hand the builds to the workers now; the documents that could not be sent, noted as such."""
    unsent = []
    for document in documents:
        try:
            build_document_task.delay(document.pk)
        except (BrokerError, ConnectionError, OSError):
            logger.warning("Document %s could not be queued: the broker is unreachable", document.pk, exc_info=True)
            unsent.append(document)
    if unsent:
        note = not_sent_note()
        Document.objects.filter(pk__in=[d.pk for d in unsent], status=Document.Status.QUEUED).update(error=note)
        for document in unsent:
            document.error = note
    return unsent


def requeue_stale_documents(*, now=None) -> list[int]:
    """Send again every document left queued longer than REQUEUE_AFTER since it was last sent, once each:
    the rows are taken with skip_locked and stamped before sending, so concurrent sweepers share them out."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(Document.objects.select_for_update(skip_locked=True).filter(
            status=Document.Status.QUEUED, queued_at__lt=now - REQUEUE_AFTER).order_by("pk")[:500])
        Document.objects.filter(pk__in=[d.pk for d in stale]).update(queued_at=now, error="")
        send_on_commit(stale)
    return [document.pk for document in stale]


@transaction.atomic
def request_document(*, kind: str, requested_by: User, village: Village | None = None, period: str = "",
                     town: Town | None = None) -> Document:
    """Ask for a document about a village, or about the whole town when no village is given."""
    renderer = renderer_for(kind)
    if renderer.export:
        raise ValidationError({"kind": _("An export is asked for from the list it exports.")})
    if kind == Document.Kind.DISCLOSURE_BOARD:
        raise ValidationError({"kind": _("Ask for a disclosure board on the boards page: each is a version.")})
    if not may_request(requested_by, renderer=renderer, village=village):
        raise PermissionDenied(_("You may not ask for this document."))
    town = village.town if village else (town or requested_by.town)
    if town is None:
        raise ValidationError({"town": _("Choose the town the document is about.")})
    document = Document(kind=kind, town=town, village=village, period=period or str(renderer.default_period(town)),
                        requested_by=requested_by, template_version=renderer.template_version)
    document.full_clean(exclude=["title"])
    if waiting := _waiting(document):
        return waiting  # asked again while the first is queued: the same document, not a second one
    parsed = Period.parse(document.period)
    if renderer.check:
        renderer.check(town=town, village=village, period=parsed)
    with translation.override(settings.LANGUAGE_CODE):
        document.title = renderer.title(document.scope_name, parsed)
    document._history_user = requested_by
    document.save()
    send_on_commit([document])
    return document


def _waiting(document: Document) -> Document | None:
    """The same person's same document still queued on its own (not part of a batch), if any."""
    return Document.objects.select_for_update().filter(
        kind=document.kind, town=document.town, village=document.village, period=document.period,
        requested_by=document.requested_by, batch=None, status=Document.Status.QUEUED).order_by("-pk").first()


@transaction.atomic
def request_quarterly_reports(*, requested_by: User, period: str = "", town: Town | None = None) -> DocumentBatch:
    """Ask for the quarterly assessment report of the town and of every village with a published result,
    as one batch: one document each, so that several workers build them side by side."""
    kind = Document.Kind.QUARTERLY_ASSESSMENT
    renderer = renderer_for(kind)
    town = town or requested_by.town
    if not may_request_batch(requested_by, renderer):
        raise PermissionDenied(_("Only the town office asks for the reports of every village."))
    if town is None:
        raise ValidationError({"town": _("Choose the town the document is about.")})
    batch = DocumentBatch(kind=kind, town=town, period=period or str(renderer.default_period(town)),
                          requested_by=requested_by)
    batch.full_clean(exclude=["title"])
    parsed = Period.parse(batch.period)
    renderer.check(town=town, village=None, period=parsed)
    waiting = DocumentBatch.objects.select_for_update().filter(
        kind=kind, town=town, period=batch.period, documents__status=Document.Status.QUEUED).order_by("-pk").first()
    if waiting:
        return waiting  # asked again while the first is still queued: the same batch, not a second one
    published = published_assessment_villages(town_id=town.pk, period=parsed)
    villages = [None, *requestable_villages(requested_by).filter(town=town, pk__in=published).order_by("code")]
    with translation.override(settings.LANGUAGE_CODE):
        batch.title = renderer.title(town.name, parsed)
        batch._history_user = requested_by
        batch.save()
        documents = bulk_create_with_history([
            Document(kind=kind, town=town, village=village, period=batch.period, batch=batch,
                     requested_by=requested_by, requested_at=batch.requested_at,
                     template_version=renderer.template_version,
                     title=renderer.title(village.name if village else town.name, parsed))
            for village in villages], Document, default_user=requested_by)
    send_on_commit(documents)
    return batch


def may_retry_batch(user: User, batch: DocumentBatch) -> bool:
    """The town office, or whoever asked for the batch."""
    return batch.requested_by_id == user.pk or may_request_batch(user, renderer_for(batch.kind))


def retry_failed_in_batch(*, batch: DocumentBatch, by: User) -> list[Document]:
    """Build again every document of the batch that failed, is stuck or was never sent; each in its own
    transaction. The others (done, or on their way) are left alone, and no document is added."""
    if not may_retry_batch(by, batch):
        raise PermissionDenied(_("Only the town office or whoever asked for the batch may build it again."))
    candidates = [d for d in batch.documents.select_related("village").filter(
        Q(status=Document.Status.FAILED) | Q(status__in=[Document.Status.QUEUED, Document.Status.RUNNING]))
        if d.may_retry]
    return [retry_document(document=document, by=by) for document in candidates]


def may_rebuild(user: User, document: Document) -> bool:
    """Who may build a document again: whoever may ask for it; an export, only whoever asked for it."""
    if document.is_export:
        return document.requested_by_id == user.pk
    return may_request(user, renderer=renderer_for(document.kind), village=document.village)


@transaction.atomic
def retry_document(*, document: Document, by: User) -> Document:
    """Build a failed (or stuck) document again."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not may_rebuild(by, document):
        raise PermissionDenied(_("You may not ask for this document."))
    if not document.may_retry:
        raise ValidationError(_("Only a document that failed or is stuck can be built again."))
    document.status = Document.Status.QUEUED
    document.progress = 0
    document.error = ""
    document.started_at = document.finished_at = None
    document.queued_at = timezone.now()
    document._history_user = by
    document.save(update_fields=["status", "progress", "error", "started_at", "finished_at", "queued_at"])
    send_on_commit([document])
    return document
