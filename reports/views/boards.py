"""The disclosure boards' pages: find boards, ask for one (or all the town's), review, publish, correct, the photo
of the posting, and the objections (the office's list with the overdue ones, the form, the response)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reports.actions.boards import (
    attach_photo,
    correct_board,
    publish_board,
    record_objection,
    request_all_boards,
    request_board,
    respond_to_objection,
    review_board,
)
from reports.forms.boards import (
    ALL_VILLAGES,
    BoardCorrectForm,
    BoardFilterForm,
    BoardPhotoForm,
    BoardPublishForm,
    BoardRequestForm,
    BoardReviewForm,
    ObjectionForm,
    ObjectionResponseForm,
)
from reports.models.boards import BoardPublication
from reports.queries.boards import board_for_user, boards_for, objection_for_user, objections_for
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.models import SensitiveAccess
from villages.pagination import paginate
from villages.privacy import log_access, log_shown
from villages.roles import is_town_office, may_change, may_change_village
from villages.uploads import serve


@login_required
def board_list(request):
    form = BoardFilterForm(request.GET or None, user=request.user)
    rows = form.filter(boards_for(request.user).select_related("document__requested_by")).order_by(
        "-period", "village__code", "-version")
    page = paginate(request, rows)
    return render(request, "reports/boards/board_list.html", {
        "form": form, "page": page, "may_request": may_change(request.user),
        "sees_objections": may_change(request.user)})


@login_required
def board_request(request):
    form = BoardRequestForm(request.POST or None, user=request.user)
    if not form.may_request_anything:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = {"requested_by": request.user, "period": str(data["period"]), "paper_size": data["paper_size"],
                   "publish_from": data["publish_from"], "publish_until": data["publish_until"]}
        try:
            if data["village"] == ALL_VILLAGES:
                batch = request_all_boards(**options)
                return redirect("reports:batch_detail", pk=batch.pk)
            board = request_board(village=data["village"], **options)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("reports:board_detail", pk=board.pk)
    return render(request, "reports/boards/board_request.html", {"form": form})


@login_required
def board_detail(request, pk):
    board = board_for_user(request.user, pk)
    office = is_town_office(request.user)
    changes = may_change_village(request.user, board.village)
    objections = list(objections_for(request.user).filter(board=board)) if changes else []
    if objections:
        log_shown(user=request.user, action=SensitiveAccess.Action.VIEW, village_ids=[o.village_id for o in objections],
                  what=_("objections to a disclosure board"), record_type="reports.boardobjection")
    return render(request, "reports/boards/board_detail.html", {
        "board": board, "document": board.document, "office": office, "changes": changes,
        "objections": objections, "today": timezone.localdate(),
        "review_form": BoardReviewForm() if office and board.state in ("draft", "returned") else None,
        "publish_form": BoardPublishForm(initial={"published_until": board.published_until})
        if office and board.state == "approved" else None,
        "correct_form": BoardCorrectForm(initial={"paper_size": board.paper_size})
        if changes and board.state in ("returned", "approved", "published") and not hasattr(board, "correction")
        else None,
        "photo_form": BoardPhotoForm() if changes and board.state in ("published", "superseded") else None,
    })


def _refused(request, board, error):
    messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    return redirect("reports:board_detail", pk=board.pk)


@login_required
@require_POST
def board_review(request, pk):
    board = board_for_user(request.user, pk)
    form = BoardReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, ValidationError(_("Choose to approve or to return the board.")))
    try:
        review_board(board=board, by=request.user, approve=form.cleaned_data["decision"] == "approve",
                     note=form.cleaned_data["note"])
    except ValidationError as error:
        return _refused(request, board, error)
    return redirect("reports:board_detail", pk=pk)


@login_required
@require_POST
def board_publish(request, pk):
    board = board_for_user(request.user, pk)
    form = BoardPublishForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, ValidationError(_("Enter a valid date.")))
    try:
        publish_board(board=board, by=request.user, published_until=form.cleaned_data["published_until"],
                      correction_reason=form.cleaned_data["correction_reason"])
    except ValidationError as error:
        return _refused(request, board, error)
    messages.success(request, _("The board is published."))
    return redirect("reports:board_detail", pk=pk)


@login_required
@require_POST
def board_correct(request, pk):
    board = board_for_user(request.user, pk)
    form = BoardCorrectForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, ValidationError(_("Give the reason for the correction.")))
    data = form.cleaned_data
    try:
        new = correct_board(board=board, by=request.user, reason=data["reason"], paper_size=data["paper_size"],
                            publish_from=data["publish_from"], publish_until=data["publish_until"])
    except ValidationError as error:
        return _refused(request, board, error)
    return redirect("reports:board_detail", pk=new.pk)


@login_required
@require_POST
def board_photo(request, pk):
    board = board_for_user(request.user, pk)
    form = BoardPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, board, ValidationError(_("Choose a photo (JPEG or PNG).")))
    try:
        attach_photo(board=board, by=request.user, photo=form.cleaned_data["photo"])
    except ValidationError as error:
        return _refused(request, board, error)
    messages.success(request, _("The photo of the posting is kept."))
    return redirect("reports:board_detail", pk=pk)


@login_required
@require_GET
def board_photo_download(request, pk):
    """The photo of the posting: the town office and the village's specialist only, always as an attachment."""
    board = board_for_user(request.user, pk)
    if not board.photo or not may_change_village(request.user, board.village):
        raise Http404
    return serve(board.photo)


@login_required
def objection_list(request):
    """The objections the user may read, the overdue ones first apart (the town office's page)."""
    if not may_change(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = objections_for(request.user)
    overdue = list(rows.overdue(today).order_by("respond_by", "pk"))
    page = paginate(request, rows.order_by("responded_on", "respond_by", "pk"))
    shown = [*overdue, *page]
    if shown:
        log_shown(user=request.user, action=SensitiveAccess.Action.VIEW, village_ids=[o.village_id for o in shown],
                  what=_("objections to disclosure boards"), record_type="reports.boardobjection")
    return render(request, "reports/boards/objection_list.html", {"overdue": overdue, "page": page, "today": today})


@login_required
def objection_new(request):
    if not may_change(request.user):
        raise PermissionDenied
    form = ObjectionForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objection = record_objection(
                board=data["board"], by=request.user, item=data["item"], villager_name=data["villager_name"],
                villager_contact=data["villager_contact"], content=data["content"],
                received_on=data["received_on"], respond_by=data["respond_by"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The objection is recorded."))
            return redirect("reports:objection_detail", pk=objection.pk)
    return render(request, "reports/boards/objection_form.html", {"form": form})


@login_required
def objection_detail(request, pk):
    objection = objection_for_user(request.user, pk)
    form = ObjectionResponseForm(request.POST or None, user=request.user, objection=objection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            respond_to_objection(objection=objection, by=request.user, response=data["response"],
                                 version=data["version"], responded_on=data["responded_on"],
                                 correction=data["correction"])
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The response is recorded."))
            return redirect("reports:objection_detail", pk=pk)
    log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=objection.village_id,
               what=_("objection to a disclosure board"), record_type="reports.boardobjection", record_id=objection.pk)
    return render(request, "reports/boards/objection_detail.html", {
        "objection": objection, "form": form if objection.is_open else None, "today": timezone.localdate(),
        "states": BoardPublication.State})
