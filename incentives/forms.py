"""Input shapes for the benefit pages: policies and their rules, cycles, review, payments, holds."""


from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from incentives.models import Budget, Condition, EvidenceItem, Fact, Hold, Payment, Policy, Rate
from villages.locking import require_version, version_field
from villages.models import Village
from villages.periods import PeriodFormField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PolicyForm(forms.ModelForm):
    version = version_field(required=False)

    class Meta:
        model = Policy
        fields = ["code", "name", "level", "issuing_body", "village", "village_policy_kind", "kind", "beneficiary",
                  "frequency", "proration", "births_in_full", "uses_sensitive_data", "description", "adopted_on"]
        widgets = {"adopted_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.town = town
        self.fields["village"].queryset = Village.objects.filter(town=town).order_by("code")
        if self.instance.pk:  # an edit names the version it was read from (villages.locking)
            self.fields["version"].initial = self.instance.version
        require_version(self, self.instance)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EndPolicyForm(forms.Form):
    ended_on = forms.DateField(label=pgettext_lazy("policy", "ended on"), widget=DATE)
    reason = forms.CharField(label=_("reason for ending"), widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(forms.ModelForm):
    occasion_kind = forms.ChoiceField(label=_("occasions counted"), required=False,
                                      choices=[("", "—"), *Fact.Kind.choices])

    class Meta:
        model = Rate
        fields = ["amount", "unit", "occasion_kind", "valid_from", "valid_until", "note"]
        widgets = {"valid_from": DATE, "valid_until": DATE}

    def _post_clean(self):
        """The action validates the rate against its policy's other rates."""


def value_choices(town) -> list:
    """Every value a condition can take, grouped by kind; submitted as "kind:value"."""
    groups = []
    for kind, label in Condition.Kind.choices:
        if kind == Condition.Kind.VILLAGE:
            choices = [(f"{kind}:{v.pk}", v.name) for v in Village.objects.filter(town=town).order_by("code")]
        else:
            choices = [(f"{kind}:{value}", text) for value, text in Condition.CHOICES_OF_KIND.get(kind, [])]
        if choices:
            groups.append((label, choices))
    return groups


class ConditionForm(forms.Form):
    target = forms.ChoiceField(label=_("applies to"), choices=Condition.Target.choices)
    kind = forms.ChoiceField(label=_("condition"), choices=Condition.Kind.choices)
    values = forms.MultipleChoiceField(label=_("values"), required=False,
                                       help_text=_("Choose values of the chosen condition only; any of them will do."),
                                       widget=forms.SelectMultiple(attrs={"size": 8}))
    minimum = forms.IntegerField(label=_("at least"), required=False, min_value=0, max_value=150)
    maximum = forms.IntegerField(label=_("at most"), required=False, min_value=0, max_value=150)
    date_from = forms.DateField(label=_("born from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("born until"), required=False, widget=DATE)
    on_date = forms.DateField(label=_("age on"), required=False, widget=DATE,
                              help_text=_("Empty: the day the eligibility is judged on."))

    def __init__(self, *args, town, condition: Condition | None = None, **kwargs):
        if condition is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "target": condition.target, "kind": condition.kind, "minimum": condition.minimum,
                "maximum": condition.maximum, "date_from": condition.date_from, "date_to": condition.date_to,
                "on_date": condition.on_date, "values": [f"{condition.kind}:{v}" for v in condition.values]}
        super().__init__(*args, **kwargs)
        self.fields["values"].choices = value_choices(town)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        chosen = data.get("values") or []
        other = [v for v in chosen if not v.startswith(f"{kind}:")]
        if other:
            self.add_error("values", _("These values belong to another condition."))
        values = [v.split(":", 1)[1] for v in chosen if v.startswith(f"{kind}:")]
        data["values"] = [int(v) for v in values] if kind == Condition.Kind.VILLAGE else values
        return data

    def fields_for_action(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("target", "kind", "values", "minimum", "maximum", "date_from", "date_to", "on_date")}


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = EvidenceItem
        fields = ["text", "required"]


class OpenCycleForm(forms.Form):
    period = PeriodFormField(label=pgettext_lazy("benefit period", "period"))


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("approval note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.TextInput)


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["paid_on", "method", "reference", "amount"]
        widgets = {"paid_on": DATE}

    def _post_clean(self):
        """The action checks the payment against the approved total."""

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if day > timezone.localdate():
            raise ValidationError(_("This date is in the future."))
        return day


class HoldForm(forms.Form):
    kind = forms.ChoiceField(label=_("hold"), choices=Hold.Kind.choices)
    person = forms.ModelChoiceField(label=_("person"), queryset=None, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    since = forms.DateField(label=_("since"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, household, policy: Policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.people.exclude(status="deactivated").order_by("relation", "pk")
        self.fields["person"].required = policy.for_persons
        if not policy.for_persons:
            del self.fields["person"]


class ResumeForm(forms.Form):
    note = forms.CharField(label=_("reason for resuming"), widget=forms.Textarea(attrs={"rows": 2}))


class FactForm(forms.ModelForm):
    class Meta:
        model = Fact
        fields = ["kind", "person", "occurred_on", "valid_until", "evidence"]
        widgets = {"occurred_on": DATE, "valid_until": DATE}

    def __init__(self, *args, household, sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.people.exclude(status="deactivated").order_by("relation", "pk")
        if not sensitive:
            self.fields["kind"].choices = [c for c in self.fields["kind"].choices
                                           if c[0] not in Fact.SENSITIVE_KINDS]

    def _post_clean(self):
        """The action validates the fact against its household."""


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["policy", "village", "year", "amount", "note"]

    def __init__(self, *args, policies, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies
        self.fields["village"].queryset = villages

    def _post_clean(self):
        """The action creates or updates the budget of the policy, village and year."""


class ForecastForm(forms.Form):
    first_year = forms.IntegerField(label=_("first year"), min_value=2000, max_value=2100,
                                    initial=lambda: timezone.localdate().year)
    years = forms.IntegerField(label=_("years"), min_value=1, max_value=10, initial=5)
    amount = forms.DecimalField(label=_("proposed amount (yuan)"), required=False, min_value=0, max_digits=10,
                                decimal_places=2, help_text=_("Empty: the policy's own rates."))
    unit = forms.ChoiceField(label=_("unit"), choices=Rate.Unit.choices, initial=Rate.Unit.YEAR)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, required=False)

    def year_or(self, default: int) -> int:
        return (self.cleaned_data.get("year") if self.is_valid() else None) or default


def this_year() -> int:
    return timezone.localdate().year


