"""Disclosure boards: ask for a village's board (or all the town's villages' at once), review, publish and correct
it, keep the photo of the posted board, and record and answer villagers' objections.

Each board version is a Document of kind `disclosure_board` built by the document pipeline (reports.building, by
the workers) and a BoardPublication that follows it. A correction builds a new version (the next number of the
village and period); publishing it supersedes the version that was up. Every write is one transaction with
history; nothing is deleted.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from reports.actions.documents import send_on_commit
from reports.documents import renderer_for
from reports.documents.boards import board_content, check_board_request
from reports.models.boards import RESPONSE_DAYS, BoardObjection, BoardPublication
from reports.models.documents import Document, DocumentBatch
from reports.queries.documents import requestable_villages
from villages import closing
from villages.locking import claim
from villages.models import Town, User, Village
from villages.periods import Period
from villages.roles import may_change_village, require_town_office

KIND = Document.Kind.DISCLOSURE_BOARD
DEFAULT_WINDOW_DAYS = 30
State = BoardPublication.State


def _window(publish_from: datetime.date | None, publish_until: datetime.date | None) -> tuple:
    first = publish_from or timezone.localdate()
    last = publish_until or first + datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
    if last < first:
        raise ValidationError({"publish_until": _("The publication ends on or after its first day.")})
    return first, last


def _parse(period: str, town: Town) -> Period:
    renderer = renderer_for(KIND)
    return Period.parse(period) if period else renderer.default_period(town)


def _new_version(*, village: Village, period: Period, by: User, paper_size: str, first, last,
                 batch: DocumentBatch | None = None, corrects: BoardPublication | None = None,
                 reason: str = "") -> BoardPublication:
    renderer = renderer_for(KIND)
    latest = BoardPublication.objects.select_for_update().filter(village=village, period=str(period)).aggregate(
        last=Max("version"))["last"] or 0
    with translation.override(settings.LANGUAGE_CODE):
        title = renderer.title(village.name, period)
    if latest:
        title = f"{title} · v{latest + 1}"
    document = Document(kind=KIND, town=village.town, village=village, period=str(period), requested_by=by,
                        template_version=renderer.template_version, title=title, batch=batch)
    document._history_user = by
    document.save()
    board = BoardPublication(document=document, town=village.town, village=village, period=str(period),
                             version=latest + 1, paper_size=paper_size, requested_by=by, corrects=corrects,
                             correction_reason=reason, published_from=first, published_until=last)
    board.full_clean(exclude=["document", "corrects", "requested_by"])
    board._history_user = by
    board.save()
    return board


@transaction.atomic
def request_board(*, village: Village, requested_by: User, period: str = "", paper_size: str = "A3",
                  publish_from: datetime.date | None = None,
                  publish_until: datetime.date | None = None) -> BoardPublication:
    """Ask for the next version of a village's board: the town office for any village of its town, the
    village's specialist for theirs. Built by the workers; its planned window prints the objection deadline."""
    if not may_change_village(requested_by, village):
        raise PermissionDenied(_("You may not ask for this village's board."))
    parsed = _parse(period, village.town)
    check_board_request(town=village.town, village=village, period=parsed)
    first, last = _window(publish_from, publish_until)
    board = _new_version(village=village, period=parsed, by=requested_by, paper_size=paper_size,
                         first=first, last=last)
    send_on_commit([board.document])
    return board


@transaction.atomic
def request_all_boards(*, requested_by: User, period: str = "", paper_size: str = "A3", town: Town | None = None,
                       publish_from: datetime.date | None = None,
                       publish_until: datetime.date | None = None) -> DocumentBatch:
    """The boards of every active village of the town, as one batch followed on the batch page (town office)."""
    require_town_office(requested_by)
    town = town or requested_by.town
    if town is None:
        raise ValidationError({"town": _("Choose the town the document is about.")})
    require_town_office(requested_by, town.pk)
    parsed = _parse(period, town)
    if parsed.kind not in ("quarter", "year"):
        raise ValidationError({"period": _("A disclosure board covers a quarter (2025Q4) or a year (2025).")})
    first, last = _window(publish_from, publish_until)
    renderer = renderer_for(KIND)
    batch = DocumentBatch(kind=KIND, town=town, period=str(parsed), requested_by=requested_by)
    with translation.override(settings.LANGUAGE_CODE):
        batch.title = renderer.title(town.name, parsed)
    batch.full_clean()
    batch._history_user = requested_by
    batch.save()
    villages = list(requestable_villages(requested_by).filter(town=town).order_by("code"))
    latest = dict(BoardPublication.objects.filter(village__in=villages, period=str(parsed)).values(
        "village").annotate(last=Max("version")).values_list("village", "last"))
    with translation.override(settings.LANGUAGE_CODE):
        documents = bulk_create_with_history([
            Document(kind=KIND, town=town, village=village, period=str(parsed), batch=batch,
                     requested_by=requested_by, requested_at=batch.requested_at,
                     template_version=renderer.template_version,
                     title=renderer.title(village.name, parsed)
                     + (f" · v{latest[village.pk] + 1}" if village.pk in latest else ""))
            for village in villages], Document, default_user=requested_by)
    if not all(document.pk for document in documents):  # a backend that does not return the new keys
        documents = list(Document.objects.filter(batch=batch).order_by("pk"))
    by_village = {document.village_id: document for document in documents}
    bulk_create_with_history([
        BoardPublication(document=by_village[village.pk], town=town, village=village, period=str(parsed),
                         version=latest.get(village.pk, 0) + 1, paper_size=paper_size, requested_by=requested_by,
                         published_from=first, published_until=last)
        for village in villages], BoardPublication, default_user=requested_by)
    send_on_commit(documents)
    return batch


def _locked(board: BoardPublication) -> BoardPublication:
    return BoardPublication.objects.select_for_update(of=("self",)).select_related("document", "village").get(
        pk=board.pk)


def _save(board: BoardPublication, by: User, fields: list[str]) -> BoardPublication:
    board._history_user = by
    board.save(update_fields=fields)
    return board


@transaction.atomic
def review_board(*, board: BoardPublication, by: User, approve: bool, note: str = "") -> BoardPublication:
    """The town office approves a built board, or returns it with a note saying what to correct."""
    require_town_office(by, board.town_id)
    board = _locked(board)
    if board.state not in (State.DRAFT, State.RETURNED):
        raise ValidationError(_("Only a board awaiting review can be approved or returned."))
    if approve and board.document.status != Document.Status.DONE:
        raise ValidationError(_("The board is not built yet: approve it once its PDF is done."))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Say what is to be corrected.")})
    board.state = State.APPROVED if approve else State.RETURNED
    board.review_note = note
    board.reviewed_by, board.reviewed_at = by, timezone.now()
    return _save(board, by, ["state", "review_note", "reviewed_by", "reviewed_at"])


def public_html(board: BoardPublication, by: User) -> str:
    """The board's items as published, for its verification page (read as whoever asked for the board)."""
    content = board_content(board.requested_by, board.village, Period.parse(board.period))
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("pdf/reports/disclosure_board_body.html", {"board": content, "publication": board})


@transaction.atomic
def publish_board(*, board: BoardPublication, by: User, published_until: datetime.date | None = None,
                  correction_reason: str = "") -> BoardPublication:
    """The town office puts an approved board up from its planned first day (printed with the objection deadline)
    until its last, which may be moved; the version it corrects is superseded."""
    require_town_office(by, board.town_id)
    board = _locked(board)
    if board.state != State.APPROVED:
        raise ValidationError(_("Only an approved board can be published."))
    if published_until is not None:
        if published_until < board.published_from:
            raise ValidationError({"published_until": _("The publication ends on or after its first day.")})
        board.published_until = published_until
    closing.require_open(town_id=board.town_id, on=board.published_from, reason=correction_reason, by=by,
                         what=str(board), record=board)
    board.state = State.PUBLISHED
    board.published_by = by
    board.public_html = public_html(board, by)
    _save(board, by, ["state", "published_by", "published_until", "public_html"])
    older = (BoardPublication.objects.select_for_update().filter(
        village=board.village, period=board.period, version__lt=board.version, state=State.PUBLISHED))
    today = timezone.localdate()
    for old in older:
        old.state, old.superseded_by, old.superseded_on = State.SUPERSEDED, board, today
        _save(old, by, ["state", "superseded_by", "superseded_on"])
    return board


@transaction.atomic
def correct_board(*, board: BoardPublication, by: User, reason: str, paper_size: str = "",
                  publish_from: datetime.date | None = None,
                  publish_until: datetime.date | None = None) -> BoardPublication:
    """A new version of a returned or published board, built again from the records as they are now; it is
    reviewed and published like the first, and supersedes this one when it is published."""
    if not may_change_village(by, board.village):
        raise PermissionDenied(_("You may not correct this village's board."))
    board = _locked(board)
    if board.state not in (State.RETURNED, State.PUBLISHED, State.APPROVED):
        raise ValidationError(_("Only a returned, approved or published board is corrected by a new version."))
    if hasattr(board, "correction"):
        raise ValidationError(_("This version has already been corrected: correct the latest version."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    first, last = _window(publish_from or board.published_from, publish_until or board.published_until)
    new = _new_version(village=board.village, period=Period.parse(board.period), by=by,
                       paper_size=paper_size or board.paper_size, first=first, last=last, corrects=board,
                       reason=reason)
    send_on_commit([new.document])
    return new


@transaction.atomic
def attach_photo(*, board: BoardPublication, by: User, photo) -> BoardPublication:
    """The photo of the board as posted (JPEG or PNG), kept privately; a new photo replaces the last (history
    keeps its name)."""
    if not may_change_village(by, board.village):
        raise PermissionDenied(_("You may not add a photo to this village's board."))
    board = _locked(board)
    if board.state not in (State.PUBLISHED, State.SUPERSEDED):
        raise ValidationError({"photo": _("A photo of the posting is added once the board is published.")})
    board.photo = photo
    board.full_clean(exclude=["document", "corrects", "requested_by", "superseded_by"])
    board.photo_added_at = timezone.now()
    return _save(board, by, ["photo", "photo_added_at"])


@transaction.atomic
def record_objection(*, board: BoardPublication, by: User, item: str, villager_name: str, content: str,
                     villager_contact: str = "", received_on: datetime.date | None = None,
                     respond_by: datetime.date | None = None) -> BoardObjection:
    """A villager's objection to an item of a board version, recorded by the village's specialist or the office."""
    if not may_change_village(by, board.village):
        raise PermissionDenied(_("You may not record objections for this village."))
    if board.state not in (State.PUBLISHED, State.SUPERSEDED):
        raise ValidationError(_("Objections are recorded against a published board."))
    received_on = received_on or timezone.localdate()
    objection = BoardObjection(
        board=board, village=board.village, item=item, villager_name=villager_name,
        villager_contact=villager_contact, content=content, received_on=received_on,
        respond_by=respond_by or received_on + datetime.timedelta(days=RESPONSE_DAYS), recorded_by=by)
    objection.full_clean(exclude=["recorded_by", "correction"])
    if objection.respond_by < objection.received_on:
        raise ValidationError({"respond_by": _("The deadline is on or after the day the objection was received.")})
    objection._history_user = by
    objection.save()
    return objection


@transaction.atomic
def respond_to_objection(*, objection: BoardObjection, by: User, response: str, version: int | None,
                         responded_on: datetime.date | None = None, correction: BoardPublication | None = None,
                         ) -> BoardObjection:
    """The answer to an objection; when it led to a correction, the corrected version of the same board."""
    if not may_change_village(by, objection.village):
        raise PermissionDenied(_("You may not answer objections for this village."))
    objection = claim(objection, version)
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": _("Write the response given to the villager.")})
    if correction is not None and (correction.village_id != objection.village_id
                                   or correction.period != objection.board.period
                                   or correction.version <= objection.board.version):
        raise ValidationError({"correction": _("Choose a later version of the same village's board.")})
    objection.response = response
    objection.responded_on = responded_on or timezone.localdate()
    if objection.responded_on < objection.received_on:
        raise ValidationError({"responded_on": _("The response comes on or after the day it was received.")})
    objection.led_to_correction = correction is not None
    objection.correction = correction
    objection._history_user = by
    objection.save(update_fields=["response", "responded_on", "led_to_correction", "correction", "version"])
    return objection
