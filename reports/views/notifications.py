"""The user's notifications (the reminders) and their switch for reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.actions.notifications import mark_read, set_reminders
from reports.forms.notifications import ReminderForm
from reports.queries.notifications import notification_for_user, notifications_for, reminder_preference
from villages.pagination import paginate


@login_required
def notification_list(request):
    page = paginate(request, notifications_for(request.user))
    return render(request, "reports/notifications.html", {"page": page, "notifications": page.object_list})


@login_required
@require_POST
def notification_read(request, pk):
    notification = notification_for_user(request.user, pk)
    mark_read(user=request.user, pks=[notification.pk])
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("reports:notifications")


@login_required
@require_POST
def notifications_all_read(request):
    mark_read(user=request.user)
    messages.success(request, _("All notifications marked read."))
    return redirect("reports:notifications")


@login_required
def reminder_settings(request):
    form = ReminderForm(request.POST if request.method == "POST" else None,
                        initial={"reminders_on": reminder_preference(request.user)})
    if request.method == "POST" and form.is_valid():
        set_reminders(user=request.user, on=form.cleaned_data["reminders_on"])
        messages.success(request, _("Reminders switched on.") if form.cleaned_data["reminders_on"]
                         else _("Reminders switched off."))
        return redirect("reports:notifications")
    return render(request, "reports/reminder_settings.html", {"form": form})
