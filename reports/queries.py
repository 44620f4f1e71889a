"""Scoped reads for the reports app: documents, and what the documents print."""

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from assessments.models import Assessment, PeriodCode, Scheme
from reports.models import Document, DocumentBatch
from villages.models import Appointment, Designation, Position, Village, VillagerGroup
from villages.periods import Period
from villages.queries import NOTHING, jurisdiction_filter, villages_for
from villages.roles import is_association_member, may_change, sees_whole_town

if TYPE_CHECKING:
    from reports.documents import Renderer


def _documents_filter(user) -> Q:
    """Village documents by the usual jurisdiction; town documents only for those who read the town.

    Association members read no documents here: theirs is their own group's work.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if is_association_member(user):
        return NOTHING
    village_documents = Q(village__isnull=False) & jurisdiction_filter(user, village="village")
    if sees_whole_town(user):
        return village_documents | Q(village__isnull=True, town_id=user.town_id)
    return village_documents


def documents_for(user) -> QuerySet[Document]:
    queryset = Document.objects.select_related("town", "village", "requested_by")
    return queryset.filter(_documents_filter(user))


def document_for_user(user, pk: int) -> Document:
    """One document the user may read; another village's document is simply not found."""
    try:
        return documents_for(user).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def reads_town(user, town_id: int) -> bool:
    """Whether the user reads documents about the whole of this town."""
    return sees_whole_town(user) and (user.is_superuser or user.town_id == town_id)


def reads_village(user, village_id: int) -> bool:
    return villages_for(user).filter(pk=village_id).exists()


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


def published_assessment_villages(*, town_id: int, period: Period) -> set[int]:
    """The villages of the town with a published village assessment for the period (a quarter or the year end)."""
    return set(Assessment.objects.filter(
        scheme__town_id=town_id, scheme__year=period.year, scheme__subject=Scheme.Subject.VILLAGE,
        period=PeriodCode.of(period),
        status=Assessment.Status.PUBLISHED, village__is_active=True,
    ).values_list("village_id", flat=True))


def document_by_code(code: str) -> Document | None:
    """The public verification lookup: no scoping, and the caller shows nothing personal."""
    return Document.objects.select_related("town", "village").filter(verification_code=code).first()


def may_request(user, *, renderer: "Renderer", village: Village | None) -> bool:
    """Who may ask for a document: town documents the town office and the leadership;
    village documents the town office and the village's own specialist."""
    if village is None:
        return renderer.town_level and sees_whole_town(user) and (user.is_superuser or user.town_id is not None)
    if not renderer.village_level or not may_change(user):
        return False
    return villages_for(user).filter(pk=village.pk).exists()


def requestable_villages(user) -> QuerySet[Village]:
    """The villages the user may ask a village document for."""
    if not may_change(user):
        return Village.objects.none()
    return villages_for(user).filter(is_active=True)


def requestable_kinds(user) -> list["Renderer"]:
    """The kinds of document the user may ask for, about the town or about one of their villages.

    Without a query: those who may change records (town office, specialist) ask for their villages'
    documents; whether a given village is theirs is decided when they ask (may_request)."""
    from reports.documents import RENDERERS

    return [renderer for renderer in RENDERERS.values()
            if (renderer.village_level and may_change(user)) or may_request(user, renderer=renderer, village=None)]


def may_request_batch(user, renderer: "Renderer") -> bool:
    """A batch (the town's document and every village's) is for those who may ask for both: the town office."""
    return may_request(user, renderer=renderer, village=None) and renderer.village_level and may_change(user)


def status_sheet_villages(user, *, year: int, village_id: int | None = None) -> list[Village]:
    """Villages with their groups, positions, this year's appointments and designations.

    Five queries whatever the number of villages. Each village gets `sheet_positions` (with
    `sheet_appointments`: current holders and those who left during the year) and
    `sheet_designations` (up to and including the year, newest first).
    """
    appointments = Appointment.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__year=year)).order_by(
        "started_on"
    )
    positions = Position.objects.select_related("group").order_by("kind", "group__number").prefetch_related(
        Prefetch("appointments", queryset=appointments, to_attr="sheet_appointments")
    )
    villages = villages_for(user).filter(is_active=True).order_by("code").prefetch_related(
        Prefetch("groups", queryset=VillagerGroup.objects.order_by("number"), to_attr="sheet_groups"),
        Prefetch("positions", queryset=positions, to_attr="sheet_positions"),
        Prefetch("designations", queryset=Designation.objects.filter(year__lte=year).order_by("-year"),
                 to_attr="sheet_designations"),
    )
    if village_id is not None:
        villages = villages.filter(pk=village_id)
    return list(villages)

