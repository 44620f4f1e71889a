"""The registry's export page: asks for the export as a document, built in the background."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import exports
from members.forms import HouseholdSearchForm
from reports.actions.documents import NOT_SENT_MESSAGE
from reports.actions.exports import request_registry_export
from villages.queries import groups_for
from villages.roles import may_browse_people


@login_required
@require_http_methods(["GET", "POST"])
def registry_export(request, fmt):
    """The household list's export links land here with its filters in the query string; the page says what
    will be exported and, when confirmed, asks for it and goes to the document page, which shows its progress."""
    if fmt not in exports.FORMATS or not may_browse_people(request.user):
        raise Http404
    errors = []
    filters = {}
    try:
        filters = exports.clean_filters(request.user, request.GET)
    except ValidationError as error:
        errors = error.messages
    if request.method == "POST" and not errors:
        try:
            document = request_registry_export(requested_by=request.user, fmt=fmt, filters=request.GET)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.info(request, _("Your export is being prepared. This page shows its progress; download it "
                                     "when it is ready."))
            if document.not_sent:
                messages.warning(request, NOT_SENT_MESSAGE)
            return redirect("reports:document_detail", pk=document.pk)
    return render(request, "reports/request_export.html", {
        "fmt": fmt, "format_label": "Excel (xlsx)" if fmt == "xlsx" else "CSV", "errors": errors,
        "filters": _described(request.user, filters)}, status=400 if errors else 200)


def _described(user, filters: dict) -> list[tuple[str, str]]:
    """The filters as the page lists them: (label, value) of each one given."""
    form = HouseholdSearchForm(groups=groups_for(user))
    described = []
    for key in exports.FILTERS:
        value = filters.get(key)
        if not value:
            continue
        field = form.fields[key]
        if key == "group":
            group = field.queryset.filter(pk=value).first()
            shown = field.label_from_instance(group) if group else str(value)
        elif hasattr(field, "choices") and key != "q":
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = value
        described.append((str(field.label), shown))
    return described
