"""Pages of the scoring workflow: the period board, an assessment, scoring and self-scoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import actions, queries
from assessments.forms import ReasonForm, ScoreForm, SelfScoreForm
from assessments.models import Assessment, Item, PeriodCode, Scheme
from assessments.views.common import run_and_redirect
from villages import closing, uploads
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.periods import Period
from villages.roles import is_specialist, is_town_office, may_change_village, require_town_office


@login_required
def index(request):
    if is_specialist(request.user):
        return redirect("assessments:village", pk=request.user.village_id)
    scheme = (queries.schemes_for(request.user).filter(year=closing.working_year_of(request.user),
                                                      subject=Scheme.Subject.VILLAGE).first()
              or queries.latest_scheme_for(request.user))
    if scheme is None:
        return render(request, "assessments/empty.html")
    code = PeriodCode.Q1 if not scheme.is_frozen else _last_period(request.user, scheme)
    return redirect("assessments:board", period=code.in_year(scheme.year))


def _last_period(user, scheme: Scheme) -> PeriodCode:
    periods = set(queries.assessments_for(user).filter(scheme=scheme).values_list("period", flat=True))
    return next((p for p in reversed(PeriodCode) if p in periods), PeriodCode.Q1)


def _code_or_404(period: Period) -> PeriodCode:
    """An assessment period is a quarter or a year (the year end); a month has no page."""
    try:
        return PeriodCode.of(period)
    except ValidationError:
        raise Http404 from None


@login_required
def board(request, period: Period):
    code = _code_or_404(period)
    subject = request.GET.get("subject", Scheme.Subject.VILLAGE)
    scheme = queries.schemes_for(request.user).filter(year=period.year, subject=subject).first()
    if scheme is None:
        years = sorted(set(queries.schemes_for(request.user).values_list("year", flat=True)), reverse=True)
        return render(request, "assessments/empty.html", {"period": period, "years": years})
    rows = queries.period_board(request.user, scheme, code)
    published = [row["assessment"] for row in rows if row["assessment"] and row["assessment"].is_published]
    results = queries.results_with_changes(scheme, code, published)
    return render(request, "assessments/board.html", {
        "scheme": scheme, "period": code, "full_period": period, "period_label": code.label,
        "periods": [(other, other.label, other.in_year(period.year)) for other in PeriodCode],
        "rows": rows, "results": sorted(results, key=lambda r: r.assessment.rank or 999),
        "distribution": queries.grade_distribution(scheme, published), "movers": queries.movers(results),
        "subjects": Scheme.Subject.choices, "is_town_office": is_town_office(request.user),
        "reviewed": sum(1 for row in rows if row["assessment"] and row["assessment"].status == "reviewed"),
    })


@login_required
@require_POST
def period_compute(request, period: Period):
    code = _code_or_404(period)
    scheme = queries.scheme_for_user(request.user, period.year, request.POST.get("subject", Scheme.Subject.VILLAGE))
    to = f"{request.path.rsplit('/compute/', 1)[0]}/?subject={scheme.subject}"
    try:
        count = actions.compute_indicators_for_period(scheme=scheme, period=code, computed_by=request.user)
        messages.success(request, _("%(count)d computed item scores taken from the records.") % {"count": count})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(to)


@login_required
@require_POST
def period_publish(request, period: Period):
    code = _code_or_404(period)
    scheme = queries.scheme_for_user(request.user, period.year, request.POST.get("subject", Scheme.Subject.VILLAGE))
    to = f"{request.path.rsplit('/publish/', 1)[0]}/?subject={scheme.subject}"
    try:
        published = actions.publish(scheme=scheme, period=code, published_by=request.user)
        messages.success(request, _("%(count)d results published.") % {"count": len(published)})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(to)


@login_required
@require_POST
def year_designations(request, year: int):
    scheme = queries.scheme_for_user(request.user, year)
    try:
        written = actions.decide_designations_for_year(scheme=scheme, decided_by=request.user)
        messages.success(request, _("%(count)d designations written for %(year)s.") % {"count": len(written),
                                                                                     "year": year})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessments:board", period=PeriodCode.YEAR.in_year(year))


def old_period_link(request, year: int, code: str, page: str = "board"):
    """Addresses from before periods had one spelling (/assessments/periods/2025/Q3/, …/2025/YEAR/) lead
    to today's (/assessments/periods/2025Q3/, …/2025/), keeping the query and, for a form, the POST."""
    if code not in PeriodCode.values:
        raise Http404
    url = reverse(f"assessments:{page}", args=[PeriodCode(code).in_year(year)])
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url, permanent=True, preserve_request=True)


@login_required
def assessment_detail(request, pk: int):
    assessment = queries.assessment_for_user(request.user, pk)
    result = queries.results_with_changes(assessment.scheme, assessment.period, [assessment])[0]
    return render(request, "assessments/detail.html", {
        "assessment": assessment, "result": result, "is_town_office": is_town_office(request.user),
        "may_self_score": _may_self_score(request.user, assessment), "reason_form": ReasonForm(),
    })


def _may_self_score(user, assessment: Assessment) -> bool:
    return may_change_village(user, assessment.village) and assessment.status in (
        Assessment.Status.DRAFT, Assessment.Status.RETURNED)


def _scorable(assessment: Assessment):
    scores = [s for s in assessment.item_scores.all() if s.item.method == Item.Method.ENTERED]
    if assessment.status == Assessment.Status.REOPENED:
        scores = [s for s in scores if s.reopened]
    return scores


@login_required
def assessment_score(request, pk: int):
    require_town_office(request.user)
    assessment = queries.assessment_for_user(request.user, pk)
    form = ScoreForm(request.POST or None, request.FILES or None, item_scores=_scorable(assessment),
                     initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.score_assessment(assessment=assessment, entries=form.entries, notes={}, scored_by=request.user,
                                     version=form.cleaned_data["version"])
            messages.success(request, _("Scores saved."))
            return redirect("assessments:detail", pk=pk)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
    return render(request, "assessments/score.html", {"assessment": assessment, "form": form})


@login_required
def assessment_self_score(request, pk: int):
    assessment = queries.assessment_for_user(request.user, pk)
    if not _may_self_score(request.user, assessment):
        raise PermissionDenied
    form = SelfScoreForm(request.POST or None, item_scores=_scorable(assessment),
                         initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.self_score_assessment(assessment=assessment, points=form.points, notes=form.notes,
                                          scored_by=request.user, version=form.cleaned_data["version"])
            messages.success(request, _("Self-assessment saved."))
            return redirect("assessments:detail", pk=pk)
        except (ValidationError, StaleRecord) as error:
            apply_errors(form, error)
    return render(request, "assessments/self_score.html", {"assessment": assessment, "form": form})


@login_required
@require_POST
def assessment_submit(request, pk: int):
    assessment = queries.assessment_for_user(request.user, pk)
    return run_and_redirect(request, assessment_url(pk), actions.submit, assessment=assessment,
                            submitted_by=request.user)


@login_required
@require_POST
def assessment_review(request, pk: int):
    assessment = queries.assessment_for_user(request.user, pk)
    return run_and_redirect(request, assessment_url(pk), actions.review, assessment=assessment,
                            reviewed_by=request.user)


@login_required
@require_POST
def assessment_return(request, pk: int):
    assessment = queries.assessment_for_user(request.user, pk)
    return run_and_redirect(request, assessment_url(pk), actions.return_with_reason, assessment=assessment,
                            reason=request.POST.get("reason", ""), returned_by=request.user)


@login_required
@require_POST
def item_reopen(request, pk: int):
    item_score = queries.item_score_for_user(request.user, pk)
    return run_and_redirect(request, assessment_url(item_score.assessment_id), actions.reopen_item,
                            item_score=item_score, reason=request.POST.get("reason", ""), reopened_by=request.user)


@login_required
@require_POST
def deduction_withdraw(request, pk: int):
    deduction = queries.deduction_for_user(request.user, pk)
    return run_and_redirect(request, assessment_url(deduction.item_score.assessment_id), actions.withdraw_deduction,
                            deduction=deduction, reason=request.POST.get("reason", ""), withdrawn_by=request.user)


@login_required
def deduction_evidence(request, pk: int):
    deduction = queries.deduction_for_user(request.user, pk)
    if not deduction.evidence_file:
        raise Http404
    return uploads.serve(deduction.evidence_file)


@login_required
def village_results(request, pk: int):
    village, assessments = queries.village_assessments(request.user, pk)
    return render(request, "assessments/village.html", {"village": village, "assessments": assessments})


def assessment_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("assessments:detail", kwargs={"pk": pk})
