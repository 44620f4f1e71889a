"""Import and export of the registry (its period figures: views.figures; the access log: views.access_log)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members import exports, import_check
from members.actions.imports import import_registry
from villages.queries import changeable, villages_for
from villages.roles import may_change

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@login_required
def import_template(request):
    if not may_change(request.user):
        raise PermissionDenied
    response = HttpResponse(exports.import_template(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="households-template.xlsx"'
    return response


@login_required
def import_upload(request):
    """Upload → preview with every row's errors → confirm; the confirmed file is saved all at once."""
    if not may_change(request.user):
        raise PermissionDenied
    villages = list(changeable(villages_for(request.user), request.user, village=""))
    context = {"villages": villages}
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request, villages)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["file_error"] = _("Choose a file to upload.")
        elif upload.size > import_check.MAX_FILE_BYTES:
            context["file_error"] = str(import_check.too_large_error(upload.size))
        else:
            content = upload.read()
            check = _check(request, villages, upload.name, content, context)
            if check is not None and check.ok:
                token = f"imports/{uuid.uuid4().hex}-{_safe_suffix(upload.name)}"
                default_storage.save(token, ContentFile(content))
                request.session["members_import"] = token
                context["token"] = token
    return render(request, "members/import.html", context)


def _safe_suffix(name: str) -> str:
    return "upload.xlsx" if name.lower().endswith(".xlsx") else "upload.csv"


def _check(request, villages, name, content, context):
    upload = ContentFile(content, name=name)
    try:
        rows = import_check.read_rows(upload)
    except import_check.ImportFileError as error:
        context["file_error"] = str(error)
        return None
    check = import_check.Checker(user=request.user, villages=villages).check(rows)
    context["check"] = check
    return check


def _confirm(request, villages):
    token = request.session.get("members_import")
    if not token or token != request.POST.get("confirm") or not default_storage.exists(token):
        messages.error(request, _("This upload has expired: upload the file again."))
        return redirect("members:import")
    with default_storage.open(token) as stored:
        content = stored.read()
    context = {"villages": villages}
    check = _check(request, villages, token, content, context)
    if check is not None and check.ok:
        try:
            created, added = import_registry(check=check, by=request.user)
        except ValidationError as error:
            context["file_error"] = " ".join(error.messages)
        else:
            default_storage.delete(token)
            request.session.pop("members_import", None)
            messages.success(request, _("Imported %(households)d new households and %(people)d people.")
                             % {"households": created, "people": added})
            return redirect("members:households")
    return render(request, "members/import.html", context)
