"""Scoped reads for the reports app: documents and batches, and which kinds a user may ask for."""

from django.db.models import Q, QuerySet
from django.http import Http404

from reports.documents import RENDERERS, Renderer
from reports.models import EXPORT_KINDS, Document, DocumentBatch
from reports.queries.exports import exports_filter
from villages.models import Village
from villages.privacy import sees_sensitive_in_jurisdiction
from villages.queries import NOTHING, jurisdiction_filter, villages_for, whole_towns_filter
from villages.roles import is_association_member, may_change, may_change_village, sees_whole_town


def _documents_filter(user) -> Q:
    """Village documents by the usual jurisdiction; town documents only for those who read the town.

    Association members read no documents here: theirs is their own group's work. Kinds that show
    people's personal data (Renderer.contains_sensitive) only for those who see it in their whole
    jurisdiction: the town office and the village's specialist, not the leadership. Exports are their
    asker's own (reports.queries.exports).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return ~Q(kind__in=EXPORT_KINDS) | exports_filter(user)
    if is_association_member(user):
        return exports_filter(user)
    readable = Q(village__isnull=False) & jurisdiction_filter(user, village="village")
    readable |= Q(village__isnull=True) & whole_towns_filter(user)
    if not sees_sensitive_in_jurisdiction(user):
        readable &= ~Q(kind__in=[kind for kind, renderer in RENDERERS.items() if renderer.contains_sensitive])
    return (readable & ~Q(kind__in=EXPORT_KINDS)) | exports_filter(user)


def documents_for(user) -> QuerySet[Document]:
    queryset = Document.objects.select_related("town", "village", "requested_by", "number")
    return queryset.filter(_documents_filter(user))


def document_for_user(user, pk: int) -> Document:
    """One document the user may read; another village's document is simply not found."""
    try:
        return documents_for(user).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def batches_for(user) -> QuerySet[DocumentBatch]:
    """Batches of the towns the user reads as a whole, each with the counts of its documents' states."""
    if not sees_whole_town(user):
        return DocumentBatch.objects.none()
    # Meta.ordering is not applied to a grouped query: order explicitly.
    queryset = DocumentBatch.objects.select_related("town", "requested_by").with_progress().order_by(
        "-requested_at", "-pk")
    return queryset if user.is_superuser else queryset.filter(town_id=user.town_id)


def batch_for_user(user, pk: int) -> DocumentBatch:
    try:
        return batches_for(user).get(pk=pk)
    except DocumentBatch.DoesNotExist:
        raise Http404 from None


def batch_documents(user, batch: DocumentBatch) -> list[Document]:
    """The batch's documents the user may read: the town's first, then the villages by code."""
    documents = documents_for(user).filter(batch=batch)
    return sorted(documents, key=lambda d: (d.village_id is not None, d.village.code if d.village_id else ""))


def document_by_code(code: str) -> Document | None:
    """The public verification lookup: no scoping, and the caller shows nothing personal."""
    return Document.objects.select_related("town", "village", "number").filter(verification_code=code).first()


def may_request(user, *, renderer: Renderer, village: Village | None) -> bool:
    """Who may ask for a document: town documents the town office and the leadership;
    village documents the town office and the village's own specialist."""
    if village is None:
        return renderer.town_level and sees_whole_town(user)
    return renderer.village_level and may_change_village(user, village)


def requestable_villages(user) -> QuerySet[Village]:
    """The villages the user may ask a village document for."""
    if not may_change(user):
        return Village.objects.none()
    return villages_for(user).filter(is_active=True)


def requestable_kinds(user) -> list[Renderer]:
    """The kinds of document the user may ask for, about the town or about one of their villages.

    Without a query: those who may change records (town office, specialist) ask for their villages'
    documents; whether a given village is theirs is decided when they ask (may_request)."""
    return [renderer for renderer in RENDERERS.values() if renderer.export is None
            and ((renderer.village_level and may_change(user)) or may_request(user, renderer=renderer, village=None))]


def may_request_batch(user, renderer: Renderer) -> bool:
    """A batch (the town's document and every village's) is for those who may ask for both: the town office."""
    return may_request(user, renderer=renderer, village=None) and renderer.village_level and may_change(user)
