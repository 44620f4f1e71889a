"""Cycles: compute, the villages' review, the town's approval, payments that reconcile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incentives import actions, queries
from incentives.actions.payments import reconciliation
from incentives.forms import ApproveForm, OpenCycleForm, PaymentForm, ReasonForm
from incentives.models import Cycle, Entitlement
from villages.form_errors import apply_errors
from villages.models import SensitiveAccess
from villages.pagination import paginate
from villages.periods import Period
from villages.privacy import log_access
from villages.queries import OutOfScope, village_for_user
from villages.roles import is_town_office, may_change_village, require_town_office

S = Entitlement.Status


@login_required
def cycle_list(request):
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    return _cycle_list(request, year, OpenCycleForm(initial={"period": timezone.localdate().year - 1}))


def _cycle_list(request, year: int | None, period_form: OpenCycleForm, status: int = 200):
    shown = request.GET.get("status", "")
    cycles = queries.cycle_list(request.user, year=year, status=shown if shown in Cycle.Status.values else "")
    return render(request, "incentives/cycle_list.html", {
        "page": paginate(request, cycles), "year": year, "status": shown, "statuses": Cycle.Status.choices,
        "period_form": period_form if is_town_office(request.user) else None}, status=status)


@login_required
@require_POST
def cycles_compute_period(request):
    """The town office opens and computes the cycles of every policy for a period, in one step."""
    require_town_office(request.user)
    form = OpenCycleForm(request.POST)
    if form.is_valid():
        period = form.cleaned_data["period"]
        try:
            result = actions.compute_period(town=request.user.town, period=period, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            counts = {"period": period, "cycles": result.cycles - result.closed, "new": result.new,
                      "kept": result.kept}
            messages.success(request, (_(
                "%(period)s: %(cycles)d cycles computed, %(new)d new entitlements, %(kept)d already there and left "
                "as they were.") if result.kept else _(
                "%(period)s: %(cycles)d cycles computed, %(new)d new entitlements.")) % counts)
            if result.closed:
                messages.info(request, _("%(closed)d cycles of the period are closed and were left alone.") % {
                    "closed": result.closed})
            if result.no_longer_eligible or result.differing:
                messages.warning(request, _(
                    "%(gone)d computed earlier are no longer eligible and %(differing)d would now be computed "
                    "differently: the villages should review them.") % {
                    "gone": result.no_longer_eligible, "differing": result.differing})
            return redirect(f"{reverse('incentives:cycles')}?year={period[:4]}")
    return _cycle_list(request, None, form, status=400)


def _cycle_context(request, cycle, **extra) -> dict:
    villages = queries.cycle_villages(request.user, cycle)
    return {"cycle": cycle, "policy": cycle.policy, "villages": villages, "totals": queries.cycle_totals(villages),
            "reconciliation": reconciliation(cycle) if is_town_office(request.user) else None,
            "may_change": is_town_office(request.user), "approve_form": ApproveForm(), **extra}


@login_required
def cycle_detail(request, pk):
    cycle = queries.cycle_for_user(request.user, pk)
    return render(request, "incentives/cycle_detail.html", _cycle_context(request, cycle))


@login_required
@require_POST
def cycle_compute(request, pk):
    cycle = queries.cycle_for_user(request.user, pk)
    require_town_office(request.user)
    try:
        result = actions.compute_cycle(cycle=cycle, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _(
            "Computed: %(new)d new entitlements, %(kept)d already there and left as they were.") % {
            "new": result.new, "kept": result.kept})
        if result.no_longer_eligible or result.differing:
            messages.warning(request, _(
                "%(gone)d computed earlier are no longer eligible and %(differing)d would now be computed "
                "differently: the villages should review them.") % {
                "gone": result.no_longer_eligible, "differing": result.differing})
    return redirect("incentives:cycle", pk=cycle.pk)


@login_required
@require_POST
def cycle_approve(request, pk):
    cycle = queries.cycle_for_user(request.user, pk)
    require_town_office(request.user)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            actions.approve_cycle(cycle=cycle, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Approved. Record the payments village by village."))
            return redirect("incentives:cycle", pk=cycle.pk)
    return render(request, "incentives/cycle_detail.html", _cycle_context(request, cycle, approve_form=form),
                  status=400)


def _village_context(request, cycle, village, **extra) -> dict:
    status = request.GET.get("status", "")
    rows = queries.village_entitlements(request.user, cycle, village.pk,
                                        status=status if status in S.values else "")
    mine = queries.entitlements_for(request.user).filter(cycle=cycle, village=village).order_by()
    counts = dict(mine.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    outstanding = mine.filter(status=S.APPROVED).aggregate(total=Sum("amount"))["total"] or 0
    may_review = may_change_village(request.user, village)
    return {"cycle": cycle, "policy": cycle.policy, "village": village, "page": paginate(request, rows),
            "status": status, "counts": counts, "outstanding": outstanding,
            "status_counts": [(value, label, counts[value]) for value, label in S.choices if value in counts],
            "may_review": may_review, "is_office": is_town_office(request.user),
            "payment_form": PaymentForm(initial={"paid_on": timezone.localdate(), "amount": outstanding,
                                                 "method": "card"}),
            "payments": cycle.payments.filter(village=village).select_related("recorded_by"), **extra}


@login_required
def cycle_village(request, pk, village_pk):
    cycle = queries.cycle_for_user(request.user, pk)
    village = village_for_user(request.user, village_pk)
    context = _village_context(request, cycle, village)
    if cycle.policy.uses_sensitive_data and context["page"].object_list:
        # Who receives a benefit whose rule uses contraception or pregnancy data says something about them.
        log_access(user=request.user, action=SensitiveAccess.Action.VIEW, village_id=village.pk,
                   what=_("recipients of %(policy)s") % {"policy": cycle.policy.name}, record_type="cycle",
                   record_id=cycle.pk, count=len(context["page"].object_list))
    return render(request, "incentives/cycle_village.html", context)


def _may_review(user, village) -> None:
    if not may_change_village(user, village):
        raise PermissionDenied


@login_required
@require_POST
def cycle_village_confirm(request, pk, village_pk):
    cycle = queries.cycle_for_user(request.user, pk)
    village = village_for_user(request.user, village_pk)
    _may_review(request.user, village)
    try:
        count = actions.confirm_entitlements(cycle=cycle, village=village, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d entitlements confirmed.") % {"count": count})
    return redirect("incentives:cycle_village", pk=cycle.pk, village_pk=village.pk)


@login_required
@require_POST
def cycle_village_pay(request, pk, village_pk):
    cycle = queries.cycle_for_user(request.user, pk)
    village = village_for_user(request.user, village_pk)
    require_town_office(request.user)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            actions.record_payment(cycle=cycle, village=village, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Payment recorded; it reconciles with the approved total."))
            return redirect("incentives:cycle_village", pk=cycle.pk, village_pk=village.pk)
    return render(request, "incentives/cycle_village.html",
                  _village_context(request, cycle, village, payment_form=form), status=400)


def _entitlement_action(request, pk, action, **kwargs):
    entitlement = queries.entitlement_for_user(request.user, pk)
    form = ReasonForm(request.POST) if "reason" in kwargs else None
    try:
        if form is not None:
            if not form.is_valid():
                raise ValidationError({"reason": _("Give the reason.")})
            kwargs["reason"] = form.cleaned_data["reason"]
        action(entitlement=entitlement, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{_village_url(entitlement)}#e{entitlement.pk}")


def _village_url(entitlement) -> str:
    return reverse("incentives:cycle_village",
                   kwargs={"pk": entitlement.cycle_id, "village_pk": entitlement.village_id})


@login_required
@require_POST
def entitlement_return(request, pk):
    entitlement = queries.entitlement_for_user(request.user, pk)
    _may_review(request.user, entitlement.village)
    return _entitlement_action(request, pk, actions.return_entitlement, reason="")


@login_required
@require_POST
def entitlement_except(request, pk):
    queries.entitlement_for_user(request.user, pk)
    require_town_office(request.user)
    return _entitlement_action(request, pk, actions.except_entitlement, reason="")


@login_required
@require_POST
def entitlement_reopen(request, pk):
    queries.entitlement_for_user(request.user, pk)
    require_town_office(request.user)
    return _entitlement_action(request, pk, actions.reopen_entitlement)


@login_required
def signature_sheet_preview(request, pk, village_pk):
    """The payout signature sheet as the document pipeline prints it, for checking on screen."""
    cycle = queries.cycle_for_user(request.user, pk)
    village = village_for_user(request.user, village_pk)
    try:
        sheet = queries.signature_sheet(request.user, cycle_id=cycle.pk, village_id=village.pk)
    except OutOfScope:  # the cycle and the village are the user's: the names are not
        raise PermissionDenied from None
    access = queries.sheet_access(sheet)
    if access:
        log_access(user=request.user, **access)
    return render(request, "incentives/document_preview.html",
                  {"template": "pdf/incentives/signature_sheet_body.html", "sheet": sheet,
                   "title": _("Payout signature sheet")})


@login_required
def recipients_board_preview(request, village_pk, period: Period):
    village = village_for_user(request.user, village_pk)
    board = queries.recipients_board(request.user, village_id=village.pk, period=period)
    return render(request, "incentives/document_preview.html",
                  {"template": "pdf/incentives/recipients_board_body.html", "board": board,
                   "title": _("Recipients of preferential policies")})


def recipients_board_old_link(request, village_pk, spelling):
    """A board link written before months were spelled 202507 (as 2025-07) leads to the board's address."""
    try:
        period = Period.parse(spelling)
    except ValidationError:
        raise Http404 from None
    return redirect("incentives:recipients_board", village_pk, period, permanent=True)
