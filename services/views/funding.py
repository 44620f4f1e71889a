"""The funding pages: a year's balances and entries, recording and correcting entries, the association's
fundraising drives with their donations (donors shown to the town office and the village's specialist)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from services.actions import funding as actions
from services.forms import DonationForm, FundEntryForm, FundraisingForm
from services.queries import funding as queries
from services.queries.assistance import paid_from
from services.queries.scope import may_write, sees_donors, writable_villages
from services.views.common import require_change, require_reader, require_writer, run
from villages.closing import chosen_year, year_choices
from villages.pagination import paginate
from villages.roles import may_change


@login_required
def funding(request):
    town = require_reader(request.user)
    year = chosen_year(request.GET.get("year"), town)
    lines, total = queries.balances(request.user, year)
    return render(request, "services/funding.html", {
        "town": town, "year": year, "years": year_choices(town), "lines": lines, "total": total,
        "page": paginate(request, queries.entries_of_year(request.user, year)),
        "may_change": may_change(request.user)})


@login_required
def fund_entry_new(request):
    town = require_reader(request.user)
    require_change(request.user)
    form = FundEntryForm(request.POST or None, villages=writable_villages(request.user),
                    town_level=may_write(request.user, town.pk, None))
    if request.method == "POST" and form.is_valid():
        data = form.values()
        entry = run(form, lambda: actions.record_fund_entry(town=town, village=form.cleaned_data["village"],
                                                            by=request.user, **data))
        if entry is not None:
            messages.success(request, _("Entry recorded."))
            return redirect(f"{_url('services:funding')}?year={entry.entry_date.year}")
    return render(request, "services/form.html", {"form": form, "title": _("New fund entry")})


def _url(name: str) -> str:
    return reverse(name)


@login_required
def fund_entry_edit(request, pk):
    entry = queries.fund_entry_for_user(request.user, pk)
    require_writer(request.user, entry)
    form = FundEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        if run(form, lambda: actions.update_fund_entry(entry=entry, version=version, by=request.user, **data)):
            messages.success(request, _("Saved."))
            return redirect(f"{_url('services:funding')}?year={entry.entry_date.year}")
    return render(request, "services/form.html", {"form": form, "title": _("Correct a fund entry"), "record": entry})


@login_required
def fundraising_list(request):
    town = require_reader(request.user)
    return render(request, "services/fundraising_list.html", {
        "town": town, "page": paginate(request, queries.fundraising_list(request.user)),
        "may_change": may_change(request.user)})


@login_required
def fundraising_new(request):
    town = require_reader(request.user)
    require_change(request.user)
    form = FundraisingForm(request.POST or None, villages=writable_villages(request.user),
                    town_level=may_write(request.user, town.pk, None))
    if request.method == "POST" and form.is_valid():
        data = form.values()
        drive = run(form, lambda: actions.start_fundraising(town=town, village=form.cleaned_data["village"],
                                                            by=request.user, **data))
        if drive is not None:
            messages.success(request, _("Fundraising recorded."))
            return redirect("services:fundraising", pk=drive.pk)
    return render(request, "services/form.html", {"form": form, "title": _("New fundraising")})


@login_required
def fundraising_detail(request, pk):
    drive = queries.fundraising_for_user(request.user, pk)
    return render(request, "services/fundraising_detail.html", {
        "drive": drive, "sees_donors": sees_donors(request.user), "paid_from": paid_from(drive),
        "may_change": may_write(request.user, drive.town_id, drive.village)})


@login_required
def fundraising_edit(request, pk):
    drive = queries.fundraising_for_user(request.user, pk)
    require_writer(request.user, drive)
    form = FundraisingForm(request.POST or None, instance=drive)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        if run(form, lambda: actions.update_fundraising(fundraising=drive, version=version, by=request.user,
                                                        **data)):
            messages.success(request, _("Saved."))
            return redirect("services:fundraising", pk=drive.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": drive.title},
                                                  "record": drive})


@login_required
def donation_new(request, pk):
    drive = queries.fundraising_for_user(request.user, pk)
    require_writer(request.user, drive)
    form = DonationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if run(form, lambda: actions.record_donation(fundraising=drive, by=request.user, **data)):
            messages.success(request, _("Donation recorded."))
            return redirect("services:fundraising", pk=drive.pk)
    return render(request, "services/form.html", {
        "form": form, "title": _("Donation to %(title)s") % {"title": drive.title}, "record": drive})
