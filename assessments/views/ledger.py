"""Pages of the ledger, cases, supervision visits, responsibility books and rectification follow-ups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessments import actions, queries
from assessments.filters import CaseFilter, LedgerFilter, SupervisionFilter
from assessments.forms import (
    CaseForm,
    DecideCaseForm,
    FollowUpForm,
    LedgerEntryForm,
    SignBookForm,
    SupervisionVisitForm,
    WithdrawHonourForm,
)
from assessments.models import Case, LedgerEntry
from villages.form_errors import apply_errors
from villages.models import Appointment
from villages.pagination import paginate
from villages.periods import YearFormField
from villages.queries import get_scoped_or_404, scoped, villages_for
from villages.roles import is_town_office, may_read_cases, require_town_office


def _village_choices(user):
    return villages_for(user).filter(is_active=True)


def _appointments(user):
    return scoped(Appointment.objects.select_related("position__village"), user, village="position__village")


@login_required
def ledger_list(request):
    filterset = LedgerFilter(request.GET, queryset=queries.ledger_for(request.user))
    filterset.form.fields["village"].queryset = _village_choices(request.user)
    return render(request, "assessments/ledger_list.html", {
        "filter": filterset, "page": paginate(request, filterset.qs), "is_town_office": is_town_office(request.user)})


@login_required
def ledger_new(request):
    require_town_office(request.user)
    form = LedgerEntryForm(request.POST or None, villages=_village_choices(request.user),
                           appointments=_appointments(request.user), cases=queries.cases_for(request.user),
                           assessments=queries.assessments_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_ledger_entry(recorded_by=request.user, **form.cleaned_data)
            messages.success(request, _("Ledger entry recorded."))
            return redirect("assessments:ledger")
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "assessments/form.html", {"form": form, "title": _("New ledger entry")})


@login_required
def ledger_withdraw(request, pk: int):
    require_town_office(request.user)
    honour = get_scoped_or_404(queries.ledger_for(request.user), request.user, pk=pk, kind=LedgerEntry.Kind.HONOUR)
    form = WithdrawHonourForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_honour(honour=honour, recorded_by=request.user, case=honour.case, **form.cleaned_data)
            messages.success(request, _("The honour is withdrawn."))
            return redirect("assessments:ledger")
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "assessments/form.html", {
        "form": form, "title": _("Withdraw the honour “%(title)s” of %(name)s") % {
            "title": honour.title, "name": honour.person_name or honour.village}})


@login_required
def case_list(request):
    if not may_read_cases(request.user):
        raise Http404
    filterset = CaseFilter(request.GET, queryset=queries.cases_for(request.user))
    filterset.form.fields["village"].queryset = _village_choices(request.user)
    return render(request, "assessments/case_list.html", {
        "filter": filterset, "page": paginate(request, filterset.qs), "is_town_office": is_town_office(request.user)})


@login_required
def case_new(request):
    require_town_office(request.user)
    form = CaseForm(request.POST or None, villages=_village_choices(request.user),
                    appointments=_appointments(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.open_case(recorded_by=request.user, **form.cleaned_data)
            return redirect("assessments:case", pk=case.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "assessments/form.html", {"form": form, "title": _("Report a misconduct case")})


@login_required
def case_detail(request, pk: int):
    case = queries.case_for_user(request.user, pk)
    form = DecideCaseForm(request.POST or None)
    if request.method == "POST":
        require_town_office(request.user)
        if request.POST.get("step") == "investigate":
            return _step(request, case, actions.start_investigation, case=case, started_by=request.user)
        if form.is_valid():
            try:
                actions.decide_case(case=case, recorded_by=request.user, **form.cleaned_data)
                messages.success(request, _("The case is decided."))
                return redirect("assessments:case", pk=pk)
            except ValidationError as error:
                apply_errors(form, error)
    return render(request, "assessments/case_detail.html", {
        "case": case, "form": form, "open": case.status in (Case.Status.REPORTED, Case.Status.INVESTIGATING),
        "is_town_office": is_town_office(request.user)})


def _step(request, case, action, **kwargs):
    try:
        action(**kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessments:case", pk=case.pk)


@login_required
def supervision_list(request):
    filterset = SupervisionFilter(request.GET, queryset=queries.visits_for(request.user))
    filterset.form.fields["village"].queryset = _village_choices(request.user)
    return render(request, "assessments/supervision_list.html", {
        "filter": filterset, "page": paginate(request, filterset.qs), "is_town_office": is_town_office(request.user)})


@login_required
def supervision_new(request):
    require_town_office(request.user)
    form = SupervisionVisitForm(request.POST or None, villages=_village_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_supervision_visit(recorded_by=request.user, **form.cleaned_data)
            messages.success(request, _("Supervision visit recorded."))
            return redirect("assessments:supervision")
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "assessments/form.html", {"form": form, "title": _("Record a supervision visit")})


@login_required
def book_list(request):
    """The responsibility books of ?year= (four digits), else of the latest year there are books for."""
    year = YearFormField(required=False)
    try:
        asked = year.clean(request.GET.get("year"))
    except ValidationError:
        asked = None
    books = queries.books_for(request.user).filter(year=asked or queries.books_for(
        request.user).order_by("-year").values("year")[:1])
    return render(request, "assessments/book_list.html", {"page": paginate(request, books)})


@login_required
def book_detail(request, pk: int):
    book = queries.book_for_user(request.user, pk)
    form = SignBookForm(request.POST or None)
    if request.method == "POST":
        require_town_office(request.user)
        if form.is_valid():
            try:
                actions.sign_responsibility_book(book=book, recorded_by=request.user, **form.cleaned_data)
                messages.success(request, _("The responsibility book is signed."))
                return redirect("assessments:book", pk=pk)
            except ValidationError as error:
                apply_errors(form, error)
    return render(request, "assessments/book_detail.html", {
        "book": book, "form": form, "is_town_office": is_town_office(request.user)})


@login_required
def rectification_list(request):
    designations = queries.lagging_for(request.user).order_by("-year", "village__code")
    return render(request, "assessments/rectification_list.html", {"page": paginate(request, designations)})


@login_required
def rectification_detail(request, pk: int):
    designation = get_scoped_or_404(queries.lagging_for(request.user), request.user, pk=pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        require_town_office(request.user)
        if form.is_valid():
            try:
                actions.record_rectification_follow_up(designation=designation, recorded_by=request.user,
                                                       **form.cleaned_data)
                return redirect("assessments:rectification", pk=pk)
            except ValidationError as error:
                apply_errors(form, error)
    return render(request, "assessments/rectification_detail.html", {
        "designation": designation, "follow_ups": queries.follow_ups_for(request.user, designation), "form": form,
        "is_town_office": is_town_office(request.user)})
