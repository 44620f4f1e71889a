"""Pages of the annual work summary: the years, a year's summary with its built PDFs, the office's prose, the build.

The town office and the leadership read; the office edits and asks for the PDF (the leadership is refused, 403);
a specialist or a member finds nothing (404).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reports.actions.summary import request_summary, save_summary
from reports.forms.summary import AnnualSummaryForm, SummaryBuildForm
from reports.models.summary import PROSE_FIELDS
from reports.queries.summary import summaries_for, summary_documents, summary_of_year, summary_years
from reports.views.documents import _warn_if_not_sent
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.roles import is_town_office, require_town_office


@login_required
def summary_list(request):
    years = summary_years(request.user)
    written = {summary.year: summary for summary in summaries_for(request.user).filter(town_id=request.user.town_id)}
    return render(request, "reports/summary_list.html", {
        "rows": [(year, written.get(year)) for year in years],
    })


@login_required
def summary_detail(request, year):
    summary = summary_of_year(request.user, year)
    return render(request, "reports/summary_detail.html", {
        "summary": summary, "year": year, "may_edit": is_town_office(request.user),
        "documents": summary_documents(request.user, town_id=request.user.town_id, year=year)[:20],
        "build_form": SummaryBuildForm(),
    })


@login_required
def summary_edit(request, year):
    summary = summary_of_year(request.user, year)
    require_town_office(request.user, summary.town_id)
    form = AnnualSummaryForm(request.POST or None, instance=summary, initial={"version": summary.version})
    if request.method == "POST" and form.is_valid():
        prose = {name: form.cleaned_data[name] for name in PROSE_FIELDS}
        try:
            save_summary(town=summary.town, year=year, version=form.cleaned_data["version"], by=request.user, **prose)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
        else:
            return redirect("reports:summary_detail", year=year)
    return render(request, "reports/summary_edit.html", {"form": form, "summary": summary, "year": year})


@login_required
@require_POST
def summary_build(request, year):
    summary = summary_of_year(request.user, year)
    if not is_town_office(request.user):
        raise PermissionDenied
    form = SummaryBuildForm(request.POST)
    if form.is_valid():
        try:
            document = request_summary(town=summary.town, year=year, language=form.cleaned_data["language"],
                                       requested_by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _warn_if_not_sent(request, document.not_sent)
            return redirect("reports:document_detail", pk=document.pk)
    return render(request, "reports/summary_detail.html", {
        "summary": summary, "year": year, "may_edit": True, "build_form": form,
        "documents": summary_documents(request.user, town_id=request.user.town_id, year=year)[:20],
    }, status=400)
