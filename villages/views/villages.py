from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from villages import actions, catalogue, closing, queries, uploads
from villages.form_errors import apply_errors
from villages.forms import AppointForm, DeclarationForm, DesignationForm, EndAppointmentForm, RegulationsForm
from villages.locking import StaleRecord
from villages.models import Town
from villages.periods import YEAR, Period
from villages.roles import (
    is_association_member,
    is_county_office,
    is_leadership,
    is_specialist,
    is_town_office,
    sees_whole_town,
)


@login_required
def home(request):
    """Each role's landing page: the worklist ("to do") for the office, specialists and members, the town
    overview for the leadership, the county overview for the county office (by URL name: villages does not
    import reports)."""
    user = request.user
    if is_leadership(user):
        return redirect("reports:town_overview")
    if is_county_office(user):
        return redirect("reports:county_overview")
    if is_town_office(user) or is_specialist(user) or is_association_member(user):
        return redirect("reports:todo")
    return render(request, "villages/home.html")


@login_required
def town(request):
    """The villages of the town in one table (the office's and the leadership's)."""
    if not sees_whole_town(request.user):
        raise Http404
    return town_overview(request)


@login_required
def my_group(request):
    """An association member's group: its village, leader and members."""
    user = request.user
    if not is_association_member(user):
        raise Http404
    page = queries.village_page(user, user.group.village_id)
    leader = page.group_leaders.get(user.group_id)
    return render(request, "villages/home_member.html", {"page": page, "group": user.group, "leader": leader})


HEADLINE = ("villages.villages", "villages.groups", "villages.declared_before", "villages.regulations",
            "villages.designated_demonstration", "villages.designated_qualified", "villages.designated_lagging")


def town_overview(request):
    town = Town.objects.get(pk=request.user.town_id)
    years = closing.year_choices(town)
    year = closing.chosen_year(request.GET.get("year"), town)
    villages = list(queries.town_overview(request.user, year=year))
    found = catalogue.values(town.pk, Period(YEAR, year), HEADLINE)
    figures = {code.split(".")[1]: found.get(code) for code in HEADLINE}
    return render(request, "villages/home_town.html",
                  {"villages": villages, "figures": figures, "found": found, "year": year, "years": years})


@login_required
def village(request, pk):
    page = queries.village_page(request.user, pk)
    managed = queries.kinds_managed(request.user, page.village)
    keeps_registry = queries.keeps_registry(request.user, page.village)
    return render(request, "villages/village.html",
                  {"page": page, "village": page.village, "managed": managed, "keeps_registry": keeps_registry})


@login_required
def regulations_file(request, pk):
    village = queries.village_for_user(request.user, pk)
    if not village.regulations_file:
        raise Http404
    return uploads.serve(village.regulations_file)


def _run(request, form, action, **arguments) -> bool:
    """Validate the form and run the action; the action's refusals land on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(by=request.user, **arguments, **form.cleaned_data)
    except (ValidationError, StaleRecord) as error:
        apply_errors(form, error)
        return False
    return True


def _registry_village(request, pk):
    village = queries.village_for_user(request.user, pk)
    if not queries.keeps_registry(request.user, village):
        raise PermissionDenied
    return village


def _form_page(request, village, form, title, **context):
    return render(request, "villages/form.html", {"village": village, "form": form, "title": title, **context})


@login_required
def declare(request, pk):
    village = _registry_village(request, pk)
    form = DeclarationForm(request.POST or None, initial={
        "self_government_declared_on": village.self_government_declared_on, "version": village.version})
    if _run(request, form, _declare, village=village):
        messages.success(request, _("The declaration of self-government was recorded."))
        return redirect("villages:village", pk=village.pk)
    return _form_page(request, village, form, _("Declaration of self-government"))


def _declare(*, by, village, self_government_declared_on, version, correction_reason):
    return actions.declare_self_government(by=by, village=village, declared_on=self_government_declared_on,
                                           version=version, correction_reason=correction_reason)


@login_required
def regulations(request, pk):
    village = _registry_village(request, pk)
    form = RegulationsForm(request.POST or None, request.FILES or None, initial={
        "regulations_adopted_on": village.regulations_adopted_on, "regulations_text": village.regulations_text,
        "version": village.version})
    if _run(request, form, _adopt, village=village):
        messages.success(request, _("The regulations on villager self-government were recorded."))
        return redirect("villages:village", pk=village.pk)
    return _form_page(request, village, form, _("Regulations on villager self-government"), multipart=True)


def _adopt(*, by, village, regulations_adopted_on, regulations_text, regulations_file, version, correction_reason):
    return actions.adopt_regulations(by=by, village=village, adopted_on=regulations_adopted_on,
                                     text=regulations_text, file=regulations_file, version=version,
                                     correction_reason=correction_reason)


@login_required
def designate(request, pk):
    village = _registry_village(request, pk)
    form = DesignationForm(request.POST or None)
    if _run(request, form, actions.designate_village, village=village):
        messages.success(request, _("The designation was recorded."))
        return redirect("villages:village", pk=village.pk)
    return _form_page(request, village, form, _("Record a designation"))


@login_required
def appoint(request, pk, position_pk):
    village = queries.village_for_user(request.user, pk)
    position = queries.position_for_user(request.user, village, position_pk)
    if not queries.may_manage_position(request.user, position):
        raise PermissionDenied
    form = AppointForm(request.POST or None)
    if _run(request, form, actions.appoint, position=position):
        messages.success(request, _("The appointment was recorded."))
        return redirect("villages:village", pk=village.pk)
    current = position.appointments.filter(ended_on__isnull=True).first()
    return _form_page(request, village, form, _("Appoint: %(post)s") % {"post": position}, current=current)


@login_required
def end_appointment(request, pk, appointment_pk):
    village = queries.village_for_user(request.user, pk)
    appointment = queries.appointment_for_user(request.user, village, appointment_pk)
    if not queries.may_manage_position(request.user, appointment.position):
        raise PermissionDenied
    if appointment.ended_on is not None:
        messages.info(request, _("This appointment already ended on %(date)s.") % {"date": appointment.ended_on})
        return redirect("villages:village", pk=village.pk)
    form = EndAppointmentForm(request.POST or None)
    if _run(request, form, actions.end_appointment, appointment=appointment):
        messages.success(request, _("The appointment ended. You can now appoint a successor."))
        return redirect("villages:appoint", pk=village.pk, position_pk=appointment.position_id)
    return _form_page(request, village, form, _("End the appointment of %(name)s") % {"name": appointment},
                      appointment=appointment)
