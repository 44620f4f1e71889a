"""The leading groups' pages: the town's group and each village's (and which villages have none), a group with its
members and history, setting up and editing a group, adding a member and ending a membership."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from services.actions import groups as actions
from services.forms import EndMemberForm, LeadingGroupForm, MemberForm
from services.queries import groups as queries
from services.queries.scope import may_write, writable_villages
from services.views.common import require_change, require_reader, require_writer, run


@login_required
def group_list(request):
    town = require_reader(request.user)
    rows = queries.group_rows(request.user)
    return render(request, "services/group_list.html", {
        "town": town, "rows": rows, "without": [row.village for row in rows if row.village and not row.current],
        "may_change": bool(writable_villages(request.user).exists()) or may_write(request.user, town.pk, None)})


@login_required
def group_new(request):
    town = require_reader(request.user)
    require_change(request.user)
    form = LeadingGroupForm(request.POST or None, villages=writable_villages(request.user),
                            town_level=may_write(request.user, town.pk, None),
                            initial={"village": request.GET.get("village")})
    if request.method == "POST" and form.is_valid():
        data = form.values()
        group = run(form, lambda: actions.set_up_group(town=town, village=form.cleaned_data["village"],
                                                       by=request.user, **data))
        if group is not None:
            messages.success(request, _("Leading group recorded."))
            return redirect("services:leading_group", pk=group.pk)
    return render(request, "services/form.html", {"form": form, "title": _("New leading group")})


@login_required
def group_detail(request, pk):
    group = queries.group_page(request.user, pk)
    return render(request, "services/group_detail.html", {
        "group": group, "may_change": may_write(request.user, group.town_id, group.village)})


@login_required
def group_edit(request, pk):
    group = queries.group_for_user(request.user, pk)
    require_writer(request.user, group)
    form = LeadingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        if run(form, lambda: actions.update_group(group=group, version=version, by=request.user, **data)):
            messages.success(request, _("Saved."))
            return redirect("services:leading_group", pk=group.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": group.name},
                                                  "record": group})


@login_required
def member_new(request, pk):
    group = queries.group_for_user(request.user, pk)
    require_writer(request.user, group)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        if run(form, lambda: actions.add_member(group=group, by=request.user, **data)):
            messages.success(request, _("Member added."))
            return redirect("services:leading_group", pk=group.pk)
    return render(request, "services/form.html", {
        "form": form, "title": _("New member of %(name)s") % {"name": group.name}, "record": group})


@login_required
def member_end(request, pk):
    member = queries.member_for_user(request.user, pk)
    require_writer(request.user, member.group)
    form = EndMemberForm(request.POST or None, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if run(form, lambda: actions.end_member(member=member, by=request.user, **data)):
            messages.success(request, _("Membership ended."))
            return redirect("services:leading_group", pk=member.group_id)
    return render(request, "services/form.html", {
        "form": form, "title": _("End the membership of %(name)s") % {"name": member.name}, "record": member})
