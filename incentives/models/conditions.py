"""Eligibility rules as data: the conditions a policy's beneficiaries meet, all of them at once.

The conditions of one target are read together: "a child under 3 who is alive" asks for one
child who is both. `incentives.rules` evaluates them two ways over this one definition: for one
household or person with the reasons in words, and for a whole town as a database query.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from incentives.models import condition_kinds
from incentives.models.facts import Fact
from incentives.models.policies import Policy


class Condition(models.Model):
    Kind = condition_kinds.Kind
    Target = condition_kinds.Target

    HOUSEHOLD_KINDS = frozenset({Kind.FAMILY_CATEGORY, Kind.HUKOU, Kind.VILLAGE, Kind.CHILDREN})
    SENSITIVE_KINDS = frozenset({Kind.CONTRACEPTION, Kind.PREGNANCY})
    CHOICES_OF_KIND = condition_kinds.CHOICES_OF_KIND
    NUMERIC_KINDS = frozenset({Kind.AGE, Kind.BIRTH_ORDER, Kind.CHILDREN})

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="conditions")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=1)
    target = models.CharField(_("applies to"), max_length=10, choices=Target.choices)
    kind = models.CharField(_("condition"), max_length=20, choices=Kind.choices)
    values = models.JSONField(_("values"), default=list, blank=True,
                              help_text=_("The accepted values, any of them."))
    minimum = models.PositiveSmallIntegerField(_("at least"), null=True, blank=True,
                                               validators=[MaxValueValidator(150)])
    maximum = models.PositiveSmallIntegerField(_("at most"), null=True, blank=True,
                                               validators=[MaxValueValidator(150)])
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    on_date = models.DateField(_("age on"), null=True, blank=True,
                               help_text=_("Empty: the day the eligibility is judged on."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eligibility condition")
        verbose_name_plural = _("eligibility conditions")
        ordering = ["policy_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(maximum__isnull=True) | Q(maximum__gte=models.F("minimum")),
                name="condition_minimum_not_above_maximum",
            ),
            models.CheckConstraint(
                condition=Q(date_from__isnull=True) | Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")),
                name="condition_dates_in_order",
            ),
        ]

    def __str__(self):
        from incentives.rules.words import describe

        return str(describe(self))

    @property
    def is_sensitive(self) -> bool:
        if self.kind in self.SENSITIVE_KINDS:
            return True
        return self.kind == self.Kind.FACT and bool(set(self.values) & Fact.SENSITIVE_KINDS)

    def clean(self):
        super().clean()
        errors = {}
        if self.kind in self.HOUSEHOLD_KINDS and self.target != self.Target.HOUSEHOLD:
            errors["target"] = [_("This condition is about the household.")]
        elif self.kind not in self.HOUSEHOLD_KINDS | {self.Kind.FACT, self.Kind.REGISTERED} \
                and self.target == self.Target.HOUSEHOLD:
            errors["target"] = [_("This condition is about a person: the beneficiary, a parent or a child.")]
        elif self.kind == self.Kind.ROLE and self.target != self.Target.SELF:
            errors["target"] = [_("The place in the family is asked of the beneficiary only.")]
        if self.target == self.Target.SELF and self.policy_id and not self.policy.for_persons:
            errors["target"] = [_("This policy benefits households: ask the condition of a parent or a child.")]
        errors.update(self._value_errors())
        if self.policy_id and self.is_sensitive and not self.policy.uses_sensitive_data:
            errors.setdefault("kind", []).append(
                _("Conditions on sensitive data are allowed only on policies marked as using sensitive data."))
        if errors:
            raise ValidationError(errors)

    def _value_errors(self) -> dict:
        errors = {}
        if not isinstance(self.values, list):
            return {"values": [_("Give the values as a list.")]}
        if self.kind == self.Kind.VILLAGE:
            if not self.values or not all(isinstance(v, int) for v in self.values):
                errors["values"] = [_("Choose at least one village.")]
        elif self.kind in self.CHOICES_OF_KIND:
            allowed = {value for value, _label in self.CHOICES_OF_KIND[self.kind]}
            unknown = [v for v in self.values if v not in allowed]
            if unknown:
                errors["values"] = [_("Unknown value: %(values)s.") % {"values": ", ".join(map(str, unknown))}]
            elif not self.values and self.kind != self.Kind.CHILDREN:
                errors["values"] = [_("Choose at least one value.")]
            elif self.kind in (self.Kind.ALIVE, self.Kind.SEX, self.Kind.CHILDREN) and len(self.values) > 1:
                errors["values"] = [_("Choose one value.")]
        elif self.values:
            errors["values"] = [_("This condition takes no values.")]
        if self.kind in self.NUMERIC_KINDS:
            if self.minimum is None and self.maximum is None:
                errors["minimum"] = [_("Give a lower or an upper limit, or both.")]
        elif self.minimum is not None or self.maximum is not None:
            errors["minimum"] = [_("Only age, birth order and number of children have limits.")]
        if self.kind == self.Kind.BORN:
            if self.date_from is None and self.date_to is None:
                errors["date_from"] = [_("Give the first or the last birth date, or both.")]
        elif self.date_from or self.date_to:
            errors["date_from"] = [_("Only the birth date condition has dates.")]
        if self.on_date and self.kind != self.Kind.AGE:
            errors["on_date"] = [_("Only an age is taken on a date.")]
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            errors["maximum"] = [_("The upper limit is below the lower limit.")]
        if self.date_from and self.date_to and self.date_to < self.date_from:
            errors["date_to"] = [_("The last date is before the first.")]
        return errors


