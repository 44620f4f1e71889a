"""The services' forms: phone-friendly (date inputs, one column), each dated form with the correction reason a
closed period asks for, each edit with the version it was read at."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Household, Person
from members.models.codes import CHILD_RELATIONS
from services.models import (
    Assistance,
    AssistanceProject,
    Donation,
    FundEntry,
    Fundraising,
    LeadingGroup,
    LeadingGroupMember,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
)
from villages.closing import correction_reason_field


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServicesForm(forms.ModelForm):
    """Model forms of the services: the version read (hidden) and, where a date is set, the correction reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_reason = correction_reason_field()

    def __init__(self, *args, villages=None, town_level: bool = True, **kwargs):
        """`villages`: the villages the user may write for; `town_level`: whether they may write the town's own."""
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if "village" in self.fields:
            if villages is None or self.instance.pk:
                del self.fields["village"]
            else:
                self.fields["village"].queryset = villages
                self.fields["village"].empty_label = _("The town itself") if town_level else None
                self.fields["village"].required = not town_level
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = _date()

    def _post_clean(self):
        """The actions check the record (and its constraints) as a whole; the form only reads the input."""

    def values(self) -> dict:
        """What the action takes: the model fields (without the version and the village)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("village", None)
        return data


class SiteForm(ServicesForm):
    class Meta:
        model = ServiceSite
        fields = ["village", "kind", "name", "state", "state_since", "equipment", "opening_hours"]
        widgets = {"equipment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("state", "state_since", "correction_reason"):
                del self.fields[name]


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("new state"), choices=ServiceSite.State.choices)
    changed_on = forms.DateField(label=_("from"), widget=_date())
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_reason = correction_reason_field()


class InvestmentForm(ServicesForm):
    class Meta:
        model = SiteInvestment
        fields = ["amount", "source", "invested_on", "purpose"]


class FundEntryForm(ServicesForm):
    class Meta:
        model = FundEntry
        fields = ["village", "direction", "source", "use", "amount", "entry_date", "note"]
        help_texts = {"source": _("For income."), "use": _("For spending."),
                      "amount": _("A negative amount reverses an earlier entry.")}


class FundraisingForm(ServicesForm):
    class Meta:
        model = Fundraising
        fields = ["village", "title", "starts_on", "ends_on", "purpose", "outcome", "families_helped",
                  "children_helped"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 3})}


class DonationForm(forms.ModelForm):
    correction_reason = correction_reason_field()

    class Meta:
        model = Donation
        fields = ["donor_name", "amount", "donated_on"]
        widgets = {"donated_on": _date()}

    def _post_clean(self):
        """The action checks the donation."""


class LeadingGroupForm(ServicesForm):
    class Meta:
        model = LeadingGroup
        fields = ["village", "name", "set_up_on", "dissolved_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["dissolved_on"]


class MemberForm(ServicesForm):
    class Meta:
        model = LeadingGroupMember
        fields = ["name", "role", "job_title", "started_on"]


class EndMemberForm(forms.Form):
    ended_on = forms.DateField(label=_("last day in the group"), widget=_date())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_reason = correction_reason_field()


class PublicityForm(ServicesForm):
    class Meta:
        model = PublicityActivity
        fields = ["village", "channel", "held_on", "title", "reach", "note"]


class AssistanceForm(ServicesForm):
    """School fees, a hardship grant or a pairing for a household (taking part in a project is JoinProjectForm);
    the children kept in school are chosen among the household's children."""

    class Meta:
        model = Assistance
        fields = ["kind", "given_on", "until", "amount", "fundraising", "helper_name", "children", "note"]
        widgets = {"children": forms.CheckboxSelectMultiple}

    def __init__(self, *args, household: Household, fundraisings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Person.objects.filter(household=household, relation__in=CHILD_RELATIONS
                                                                 ).order_by("birth_date", "pk")
        self.fields["children"].label_from_instance = lambda person: f"{person.name} ({person.birth_date.year})"
        self.fields["children"].help_text = _("For school fees.")
        self.fields["fundraising"].queryset = fundraisings if fundraisings is not None else Fundraising.objects.none()
        self.fields["fundraising"].required = False
        if self.instance.pk:
            del self.fields["kind"]
            if self.instance.kind == Assistance.Kind.PROJECT:
                for name in ("amount", "fundraising", "children"):
                    del self.fields[name]
        else:
            self.fields["kind"].choices = [(code, label) for code, label in Assistance.Kind.choices
                                           if code != Assistance.Kind.PROJECT]

    def values(self) -> dict:
        data = super().values()
        if "children" in data:
            data["children"] = list(data["children"])
        return data


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("reason for voiding"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_reason = correction_reason_field()


class OutOfPovertyForm(forms.Form):
    lifted_on = forms.DateField(label=_("out of poverty on"), widget=_date(),
                                help_text=_("Sets the household's poverty status in the registry."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_reason = correction_reason_field()


class ProjectForm(ServicesForm):
    class Meta:
        model = AssistanceProject
        fields = ["village", "name", "started_on", "ended_on", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "village" in self.fields:
            self.fields["village"].required = True
            self.fields["village"].empty_label = None
        if not self.instance.pk:
            del self.fields["ended_on"]


class JoinProjectForm(forms.Form):
    household_number = forms.CharField(label=_("household number"), max_length=20)
    joined_on = forms.DateField(label=pgettext_lazy("of a project", "joined on"), widget=_date())
    helper_name = forms.CharField(label=_("who helped"), max_length=100, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    correction_reason = correction_reason_field()
