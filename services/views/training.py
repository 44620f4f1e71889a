"""The training pages: a year's classes with the attendance by post, a class with its invited and who came,
recording and correcting a class, inviting by post, and recording attendance (a phone-sized list)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from services.actions import training as actions
from services.forms import AttendanceForm, InviteForm, TrainingClassForm
from services.queries import training as queries
from services.queries.scope import may_write, reader_villages, writable_villages
from services.views.common import require_change, require_reader, require_writer, run
from villages.closing import chosen_year, year_choices
from villages.pagination import paginate


@login_required
def training_list(request):
    town = require_reader(request.user)
    year = chosen_year(request.GET.get("year"), town)
    return render(request, "services/training_list.html", {
        "town": town, "year": year, "years": year_choices(town),
        "roles": queries.attendance_by_role(request.user, year),
        "page": paginate(request, queries.classes_of_year(request.user, year)),
        "may_change": bool(writable_villages(request.user).exists()) or may_write(request.user, town.pk, None)})


@login_required
def training_new(request):
    town = require_reader(request.user)
    require_change(request.user)
    form = TrainingClassForm(request.POST or None, villages=writable_villages(request.user),
                             town_level=may_write(request.user, town.pk, None))
    if request.method == "POST" and form.is_valid():
        data = form.values()
        training = run(form, lambda: actions.record_class(town=town, village=form.cleaned_data["village"],
                                                          by=request.user, **data))
        if training is not None:
            messages.success(request, _("Training class recorded."))
            return redirect(training)
    return render(request, "services/form.html", {"form": form, "title": _("New training class")})


@login_required
def training_detail(request, pk):
    training = queries.class_page(request.user, pk)
    return render(request, "services/training_detail.html", {
        "training": training, "may_change": may_write(request.user, training.town_id, training.village)})


@login_required
def training_edit(request, pk):
    training = queries.class_for_user(request.user, pk)
    require_writer(request.user, training)
    form = TrainingClassForm(request.POST or None, instance=training)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        version = form.cleaned_data["version"]
        if run(form, lambda: actions.update_class(training=training, version=version, by=request.user, **data)):
            messages.success(request, _("Saved."))
            return redirect(training)
    return render(request, "services/form.html", {"form": form, "record": training,
                                                  "title": _("Edit %(name)s") % {"name": training.topic}})


@login_required
def training_invite(request, pk):
    training = queries.class_for_user(request.user, pk)
    require_writer(request.user, training)
    villages = reader_villages(request.user) if training.village_id is None else None
    form = InviteForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = run(form, lambda: actions.invite(training=training, roles=data["roles"],
                                                   villages=list(data.get("villages") or []), by=request.user,
                                                   correction_reason=data["correction_reason"]))
        if created is not None:
            messages.success(request, _("%(count)d people invited.") % {"count": len(created)})
            return redirect(training)
    return render(request, "services/form.html", {"form": form, "record": training,
                                                  "title": _("Invite to %(name)s") % {"name": training.topic}})


@login_required
def training_attendance(request, pk):
    """Who came, village by village (`?village=`): one radio choice and a note per person, saved together."""
    training = queries.class_for_user(request.user, pk)
    require_writer(request.user, training)
    invitations = queries.invitations_for(request.user).filter(training=training, withdrawn=False)
    villages = reader_villages(request.user).filter(pk__in=invitations.values("village"))
    chosen = request.GET.get("village", "")
    if chosen.isdigit():
        invitations = invitations.filter(village_id=int(chosen))
    invitations = list(invitations.order_by("village__code", "role", "pk"))
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["correction_reason"]

        @transaction.atomic
        def save_all():
            for invitation, attended, note, version in form.changes():
                actions.record_attendance(invitation=invitation, attended=attended, note=note, version=version,
                                          by=request.user, correction_reason=reason)
            return True

        if run(form, save_all):
            messages.success(request, _("Attendance saved."))
            return redirect(f"{reverse('services:training_attendance', args=[training.pk])}?village={chosen}"
                            if chosen else training.get_absolute_url())
    return render(request, "services/training_attendance.html", {
        "training": training, "form": form, "villages": villages, "chosen": chosen})
