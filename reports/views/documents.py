import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reports.actions import (
    NOT_SENT_MESSAGE,
    may_rebuild,
    may_retry_batch,
    request_document,
    request_quarterly_reports,
    retry_document,
    retry_failed_in_batch,
)
from reports.documents import renderer_for
from reports.filters import DocumentFilter
from reports.forms import DocumentRequestForm, QuarterlyReportsRequestForm, StatusSheetRequestForm
from reports.models import Document, looks_like_verification_code, normalize_verification_code
from reports.queries import (
    batch_documents,
    batch_for_user,
    batches_for,
    board_by_document,
    document_by_code,
    document_for_user,
    documents_for,
    may_request_batch,
    requestable_kinds,
)
from reports.tasks import workers_alive
from villages.models import SensitiveAccess
from villages.pagination import paginate
from villages.privacy import log_access
from villages.roles import sees_whole_town


@login_required
def document_list(request):
    filterset = DocumentFilter(request.GET, queryset=documents_for(request.user), request=request)
    page = paginate(request, filterset.qs)
    kinds = {renderer.kind for renderer in requestable_kinds(request.user)}
    return render(request, "reports/document_list.html", {
        "filter": filterset, "page": page, "may_request": bool(kinds),
        "may_request_status_sheet": Document.Kind.STATUS_SHEET in kinds,
        "may_request_batch": may_request_batch(request.user, renderer_for(Document.Kind.QUARTERLY_ASSESSMENT)),
        "sees_batches": sees_whole_town(request.user),
    })


@login_required
def request_any_document(request):
    """Any kind the user may ask for; the association's and other pages post here with kind and village."""
    form = DocumentRequestForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if not form.may_request_anything:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            document = request_document(kind=form.cleaned_data["kind"], requested_by=request.user,
                                        village=form.cleaned_data["village"], period=form.cleaned_data["period"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _warn_if_not_sent(request, document.not_sent)
            return redirect("reports:document_detail", pk=document.pk)
    return render(request, "reports/request_document.html", {"form": form})


def _warn_if_not_sent(request, not_sent: bool) -> None:
    """The rows are saved; only handing them to the workers failed, and the sweeper sends them later."""
    if not_sent:
        messages.warning(request, NOT_SENT_MESSAGE)


def _unsent(documents) -> bool:
    return documents.filter(status=Document.Status.QUEUED).exclude(error="").exists()


@login_required
def request_quarterly_batch(request):
    if not may_request_batch(request.user, renderer_for(Document.Kind.QUARTERLY_ASSESSMENT)):
        raise PermissionDenied
    form = QuarterlyReportsRequestForm(request.POST or None, initial=request.GET.dict(), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = request_quarterly_reports(requested_by=request.user, period=form.document_period)
        except ValidationError as error:
            form.add_error(None, error.message_dict.get("period", error.messages))
        else:
            _warn_if_not_sent(request, _unsent(batch.documents))
            return redirect("reports:batch_detail", pk=batch.pk)
    return render(request, "reports/request_quarterly_reports.html", {"form": form})


@login_required
def batch_list(request):
    page = paginate(request, batches_for(request.user))
    return render(request, "reports/batch_list.html", {"page": page})


@login_required
def batch_detail(request, pk):
    batch = batch_for_user(request.user, pk)
    documents = list(batch_documents(request.user, batch))
    return render(request, "reports/batch_detail.html", {
        "batch": batch, "documents": documents,
        "may_retry": any(d.may_retry for d in documents) and may_retry_batch(request.user, batch),
        "no_worker": not batch.is_finished and not workers_alive(),
    })


@login_required
@require_GET
def batch_status(request, pk):
    batch = batch_for_user(request.user, pk)
    return JsonResponse({
        "status": batch.status, "status_display": batch.get_status_display(), "progress": batch.progress,
        "total": batch.document_count, "done": batch.done_count, "failed": batch.failed_count,
        "counts_display": _("%(done)s of %(total)s documents done") % {
            "done": batch.done_count, "total": batch.document_count},
        "documents": [_document_state(document) for document in batch_documents(request.user, batch)],
    })


def _document_state(document: Document) -> dict:
    done = document.status == Document.Status.DONE
    return {"id": document.pk, "scope": document.scope_name, "status": document.status,
            "status_display": document.get_status_display(), "progress": document.progress,
            "download_url": reverse("reports:document_download", args=[document.pk]) if done else None}


@login_required
@require_POST
def batch_retry(request, pk):
    batch = batch_for_user(request.user, pk)
    if not may_retry_batch(request.user, batch):
        raise PermissionDenied
    retried = retry_failed_in_batch(batch=batch, by=request.user)
    messages.success(request, _("%(count)d documents queued again.") % {"count": len(retried)})
    _warn_if_not_sent(request, _unsent(batch.documents))
    return redirect("reports:batch_detail", pk=pk)


@login_required
def request_status_sheet(request):
    form = StatusSheetRequestForm(request.POST or None, user=request.user)
    if not form.may_request_anything:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        document = request_document(kind=Document.Kind.STATUS_SHEET, requested_by=request.user,
                                    village=form.cleaned_data["village"], period=form.period)
        _warn_if_not_sent(request, document.not_sent)
        return redirect("reports:document_detail", pk=document.pk)
    return render(request, "reports/request_status_sheet.html", {"form": form})


@login_required
def document_detail(request, pk):
    document = document_for_user(request.user, pk)
    may_retry = document.may_retry and may_rebuild(request.user, document)
    return render(request, "reports/document_detail.html", {
        "document": document, "may_retry": may_retry,
        "no_worker": not document.is_finished and not workers_alive(),
        "batch_visible": bool(document.batch_id) and sees_whole_town(request.user)})


@login_required
@require_GET
def document_status(request, pk):
    document = document_for_user(request.user, pk)
    download = reverse("reports:document_download", args=[pk]) if document.status == Document.Status.DONE else None
    return JsonResponse({
        "status": document.status, "status_display": document.get_status_display(),
        "progress": document.progress, "error": document.error, "download_url": download,
    })


@login_required
@require_GET
def document_download(request, pk):
    document = document_for_user(request.user, pk)
    if document.status != Document.Status.DONE:
        raise Http404
    if renderer_for(document.kind).contains_sensitive or document.shows_sensitive_params:
        action = SensitiveAccess.Action.EXPORT if document.is_export else SensitiveAccess.Action.DOCUMENT
        log_access(user=request.user, action=action, village_id=document.village_id,
                   what=document.title, record_type="reports.document", record_id=document.pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name,
                        content_type=document.content_type)


@login_required
@require_POST
def document_retry(request, pk):
    document = document_for_user(request.user, pk)
    try:
        document = retry_document(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _warn_if_not_sent(request, document.not_sent)
    return redirect("reports:document_detail", pk=pk)


@require_GET
def verify_lookup(request):
    code = normalize_verification_code(request.GET.get("code", ""))
    if looks_like_verification_code(code):
        return redirect("reports:verify", code=code)
    if code:
        return _not_a_code(request, status=400)
    return render(request, "reports/verify.html", {"document": None, "code": ""})


def _not_a_code(request, *, status):
    return render(request, "reports/verify.html", {"document": None, "code": "", "not_a_code": True}, status=status)


@require_http_methods(["GET", "POST"])
def verify(request, code):
    normalized = normalize_verification_code(code)
    if not looks_like_verification_code(normalized):
        return _not_a_code(request, status=404)
    if normalized != code:
        return redirect("reports:verify", code=normalized)
    document = document_by_code(code)
    match = None
    if document and document.status == Document.Status.DONE and request.method == "POST":
        match = _hash_matches(request, document)
    status = 404 if document is None else 200
    board = board_by_document(document) if document and document.kind == Document.Kind.DISCLOSURE_BOARD else None
    return render(request, "reports/verify.html", {"document": document, "code": code, "match": match,
                                                   "board": board}, status=status)


def _hash_matches(request, document) -> bool | None:
    if upload := request.FILES.get("file"):
        if upload.size != document.size:  # a different file; no need to read all of it
            return False
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        return digest.hexdigest() == document.sha256
    pasted = request.POST.get("sha256", "").strip().lower()
    if pasted:
        return pasted == document.sha256
    messages.error(request, _("Paste the SHA-256 of your copy or choose the file."))
    return None
