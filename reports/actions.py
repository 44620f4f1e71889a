"""The document pipeline's requests: ask for a document or a batch, retry a failure.

Each request writes the Document row and queues its build (reports.building, run by
build_document_task) once the transaction commits.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assessments.queries.documents import published_assessment_villages
from reports.documents import renderer_for
from reports.models import Document, DocumentBatch
from reports.queries import may_request, may_request_batch, requestable_villages
from reports.tasks import build_document_task
from villages.models import Town, User, Village
from villages.periods import Period


@transaction.atomic
def request_document(*, kind: str, requested_by: User, village: Village | None = None, period: str = "",
                     town: Town | None = None) -> Document:
    """Ask for a document about a village, or about the whole town when no village is given."""
    renderer = renderer_for(kind)
    if not may_request(requested_by, renderer=renderer, village=village):
        raise PermissionDenied(_("You may not ask for this document."))
    town = village.town if village else (town or requested_by.town)
    if town is None:
        raise ValidationError({"town": _("Choose the town the document is about.")})
    document = Document(kind=kind, town=town, village=village, period=period or str(renderer.default_period(town)),
                        requested_by=requested_by, template_version=renderer.template_version)
    document.full_clean(exclude=["title"])
    parsed = Period.parse(document.period)
    if renderer.check:
        renderer.check(town=town, village=village, period=parsed)
    with translation.override(settings.LANGUAGE_CODE):
        document.title = renderer.title(document.scope_name, parsed)
    document._history_user = requested_by
    document.save()
    build_document_task.delay_on_commit(document.pk)
    return document


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
    for document in documents:
        build_document_task.delay_on_commit(document.pk)
    return batch


def retry_failed_in_batch(*, batch: DocumentBatch, by: User) -> list[Document]:
    """Build again every document of the batch that failed or is stuck; each in its own transaction."""
    candidates = [d for d in batch.documents.select_related("village") if d.may_retry]
    return [retry_document(document=document, by=by) for document in candidates]


@transaction.atomic
def retry_document(*, document: Document, by: User) -> Document:
    """Build a failed (or stuck) document again."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not may_request(by, renderer=renderer_for(document.kind), village=document.village):
        raise PermissionDenied(_("You may not ask for this document."))
    if not document.may_retry:
        raise ValidationError(_("Only a document that failed or is stuck can be built again."))
    document.status = Document.Status.QUEUED
    document.progress = 0
    document.error = ""
    document.started_at = document.finished_at = None
    document._history_user = by
    document.save(update_fields=["status", "progress", "error", "started_at", "finished_at"])
    build_document_task.delay_on_commit(document.pk)
    return document
