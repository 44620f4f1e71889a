"""The association seen whole: the town's villages, a village's association page, lists and printouts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from association import queries
from association.forms import MemberFilterForm
from association.queries import documents, figures
from association.views.common import month_asked, today, year_and_years, year_asked
from villages.pagination import paginate
from villages.queries import town_id_of, villages_for
from villages.roles import is_association_member, is_specialist, may_change


@login_required
def home(request):
    """Town office and leadership: every village's association in figures. Others go to their own page."""
    user = request.user
    if is_association_member(user):
        return redirect("association:me")
    if is_specialist(user):
        return redirect("association:village", pk=user.village_id)
    year, years = year_and_years(request, town_id_of(user))
    rows = figures.village_figures(user, year, today())
    totals = figures.total_figures(rows, year)
    return render(request, "association/home.html", {
        "rows": rows, "totals": totals, "year": year, "years": years, "as_of": figures.as_of(year, today()),
        "months": figures.feedback_by_month(user, year, today()),
        "results": figures.association_results(user, year, today(), rows),
        "may_change": may_change(user), "villages": villages_for(user)})


@login_required
def village(request, pk):
    """A village's association: figures, groups with and without a member, and the way to everything else."""
    village = queries.village_for_association(request.user, pk)
    year, years = year_and_years(request, village.town_id)
    row = figures.village_figures(request.user, year, today(), village_id=village.pk)[0]
    return render(request, "association/village.html", {
        "village": village, "year": year, "years": years, "as_of": figures.as_of(year, today()), "row": row,
        "groups": figures.group_rows(request.user, village.pk, year, today()),
        "months": figures.feedback_by_month(request.user, year, today(), village_id=village.pk),
        "quarters": sorted(figures.attendance_by(request.user, year, "village",
                                                 meeting__village_id=village.pk).get(village.pk, {}).items()),
        "reviews": queries.review_counts(request.user, year, village.pk),
        "result": figures.association_results(request.user, year, today(), [row]).get(village.pk),
        "may_change": may_change(request.user)})


@login_required
def member_list(request, pk):
    village = queries.village_for_association(request.user, pk)
    form = MemberFilterForm(request.GET or None, groups=village.groups.order_by("number"))
    filters = form.cleaned_data if form.is_valid() else {}
    members = queries.member_list(
        request.user, village=village.pk, group=getattr(filters.get("group"), "pk", None),
        current=form.current() if filters else True, role=filters.get("role", ""), search=filters.get("q", ""))
    return render(request, "association/member_list.html", {
        "village": village, "form": form, "page": paginate(request, members), "may_change": may_change(request.user)})


@login_required
def uncovered(request, pk):
    """Households served by nobody and groups without a member: now, or with ?year= at that year's end."""
    village = queries.village_for_association(request.user, pk)
    year = year_asked(request, 0) or None
    on = figures.as_of(year, today()) if year else None
    households = queries.uncovered_households(request.user, village.pk, on)
    return render(request, "association/uncovered.html", {
        "village": village, "page": paginate(request, households), "year": year, "as_of": on,
        "groups": queries.groups_without_member(request.user, village.pk, on).order_by("number")})


@login_required
def feedback_month(request, pk):
    """The year's months in figures, and every member's report for one month: on time, late, missing or not
    yet due. ?month=YYYY-MM names the month; otherwise the latest begun month of ?year= (or the default year)."""
    village = queries.village_for_association(request.user, pk)
    year, years = year_and_years(request, village.town_id)
    month = month_asked(request, year)
    rules = queries.year_rules(village.town_id, month.year)
    due_on = rules.due_on(month, rules.feedback_due_day)
    return render(request, "association/feedback_month.html", {
        "village": village, "month": month, "due_on": due_on, "overdue": today() > due_on,
        "year": month.year, "years": sorted({*years, month.year}, reverse=True),
        "months": figures.feedback_by_month(request.user, month.year, today(), village_id=village.pk),
        "rows": queries.feedback_month(request.user, village.pk, month), "may_change": may_change(request.user)})


@login_required
def roster_print(request, pk):
    """The roster as a printable page (the same template the document pipeline renders to PDF)."""
    village = queries.village_for_association(request.user, pk)
    [context] = documents.association_roster_context(user=request.user, town=village.town, village=village,
                                                     period=documents.this_year())
    return render(request, "pdf/association/roster.html", context)


@login_required
def card_print(request, pk):
    context = documents.contact_card_context(user=request.user, member_id=pk)
    return render(request, "pdf/association/contact_card.html", context)
