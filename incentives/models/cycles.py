"""Benefit cycles: a policy's entitlements for one period, from computation to payment."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from incentives.models.policies import Policy, Rate
from members.models import Household, Person
from villages.models import Village
from villages.periods import period_constraint, validate_period


class Cycle(models.Model):
    """One run of a policy for one period (a year 2025, a quarter 2025Q3 or a month 202507)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("benefit cycle", "open")
        APPROVED = "approved", pgettext_lazy("benefit cycle", "approved")
        CLOSED = "closed", pgettext_lazy("benefit cycle", "closed")

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="cycles")
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    computed_at = models.DateTimeField(_("last computed at"), null=True, blank=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("last computed by"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rule_snapshot = models.JSONField(_("rule when last computed"), default=list, blank=True)
    last_result = models.JSONField(_("result of the last computation"), default=dict, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approval_note = models.TextField(_("approval note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"),
                                   on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    inputs_mark = models.JSONField(
        _("inputs when last computed"), null=True, blank=True, editable=False,
        help_text=_("The last history row of each table the rule reads: the same again means nothing to judge anew."))
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("benefit cycle")
        verbose_name_plural = _("benefit cycles")
        ordering = ["-starts_on", "policy__level", "policy__village__code", "policy__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "period"], name="one_cycle_per_policy_period"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cycle_ends_after_start"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(approved_at__isnull=False),
                                   name="approved_cycle_has_date"),
            period_constraint("cycle_period_format"),
        ]

    def __str__(self):
        return f"{self.policy} {self.period}"

    @property
    def year(self) -> int:
        return int(self.period[:4])


class Hold(models.Model):
    """A recipient suspended or stopped for one policy, with the reason; resumed by ending the hold."""

    class Kind(models.TextChoices):
        SUSPENDED = "suspended", pgettext_lazy("entitlement", "suspended")
        STOPPED = "stopped", pgettext_lazy("entitlement", "stopped")

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="holds")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, verbose_name=_("household"), on_delete=models.PROTECT,
                                  related_name="benefit_holds")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="benefit_holds")
    kind = models.CharField(_("hold"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    started_on = models.DateField(_("since"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("suspended or stopped by"),
                                   on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resumed by"),
                                 on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resume_note = models.TextField(_("reason for resuming"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suspension or stop")
        verbose_name_plural = _("suspensions and stops")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="hold_states_reason"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(kind="suspended"),
                                   name="only_suspension_is_resumed"),
            models.UniqueConstraint(fields=["policy", "person"],
                                    condition=Q(ended_on__isnull=True, person__isnull=False),
                                    name="one_open_hold_per_person"),
            models.UniqueConstraint(fields=["policy", "household"],
                                    condition=Q(ended_on__isnull=True, person__isnull=True),
                                    name="one_open_hold_per_household"),
        ]

    def __str__(self):
        return f"{self.person or self.household} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Payment(models.Model):
    """Money paid to a village's approved recipients of one cycle, as the bank or cashier recorded it."""

    class Method(models.TextChoices):
        CARD = "card", _("transfer to the social security card")
        BANK = "bank", _("bank transfer")
        CASH = "cash", _("cash against signature")

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="payments")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    reference = models.CharField(_("reference"), max_length=60, help_text=_("Bank batch number or voucher number."))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "reference"], name="payment_reference_unique_in_cycle"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(condition=~Q(reference=""), name="payment_has_reference"),
        ]

    def __str__(self):
        return f"{self.cycle} {self.village} {self.amount}"


class EntitlementQuerySet(models.QuerySet):
    def committed(self):
        return self.filter(status__in=[Entitlement.Status.APPROVED, Entitlement.Status.PAID])


class Entitlement(models.Model):
    """What one beneficiary is owed under one policy for one period, and where it stands.

    The amount, the rate and its unit amount are fixed when computed: a later rate change or
    a recomputation never changes them. The database allows one entitlement per beneficiary,
    policy and period.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting village review")
        CONFIRMED = "confirmed", _("confirmed by the village")
        RETURNED = "returned", _("returned by the village")
        APPROVED = "approved", _("approved by the town")
        EXCEPTED = "excepted", _("excepted by the town")
        PAID = "paid", pgettext_lazy("entitlement", "paid")
        SUSPENDED = "suspended", pgettext_lazy("entitlement", "suspended")
        STOPPED = "stopped", pgettext_lazy("entitlement", "stopped")

    WITH_REASON = ("returned", "excepted", "suspended", "stopped")

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="entitlements")
    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=7)
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, verbose_name=_("household"), on_delete=models.PROTECT,
                                  related_name="entitlements")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="entitlements")
    rate = models.ForeignKey(Rate, verbose_name=_("rate"), on_delete=models.PROTECT, related_name="entitlements")
    unit_amount = models.DecimalField(_("rate amount (yuan)"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=Rate.Unit.choices)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    month_mask = models.CharField(_("eligible months"), max_length=12, blank=True,
                                  help_text=_("One character per month of the period: 1 eligible, 0 not."))
    occasions = models.PositiveSmallIntegerField(_("occasions"), null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    status_reason = models.TextField(_("reason"), blank=True)
    status_before_hold = models.CharField(_("status before the hold"), max_length=10, choices=Status.choices,
                                          blank=True)
    hold = models.ForeignKey(Hold, verbose_name=_("hold"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="entitlements")
    payment = models.ForeignKey(Payment, verbose_name=_("payment"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="entitlements")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    # What is fixed when computed (beneficiary, rate, amount) never changes, so the history keeps the
    # review trail only: a cycle's entitlements pass through four or five statuses each.
    history = HistoricalRecords(excluded_fields=[
        "computed_at", "cycle", "policy", "period", "village", "household", "person", "rate", "unit_amount", "unit",
        "months", "month_mask", "occasions", "amount"])

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["village__code", "household__number", "person_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "policy", "period"], condition=Q(person__isnull=False),
                                    name="one_entitlement_per_person_policy_period"),
            models.UniqueConstraint(fields=["household", "policy", "period"], condition=Q(person__isnull=True),
                                    name="one_entitlement_per_household_policy_period"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="entitlement_amount_not_negative"),
            models.CheckConstraint(condition=~Q(status__in=("returned", "excepted", "suspended", "stopped"))
                                   | ~Q(status_reason=""), name="entitlement_decision_has_reason"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(payment__isnull=False),
                                   name="paid_entitlement_has_payment"),
            period_constraint("entitlement_period_format"),
        ]
        indexes = [
            models.Index(fields=["cycle", "village", "status"], name="entitlement_cycle_village"),
            models.Index(fields=["household", "policy"], name="entitlement_household_policy"),
        ]

    def __str__(self):
        return f"{self.person or self.household} {self.policy} {self.period}"

    @property
    def beneficiary_name(self) -> str:
        return self.person.name if self.person_id else str(self.household)
