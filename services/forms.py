"""The services' forms: phone-friendly (date inputs, one column), each dated form with the correction reason a
closed period asks for, each edit with the version it was read at."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Household, Person
from members.models.codes import CHILD_RELATIONS
from services.models import (
    AppraisalCriterion,
    Assistance,
    AssistanceProject,
    CadreAppraisal,
    CampaignInvitation,
    Donation,
    Finding,
    FundEntry,
    Fundraising,
    HealthCampaign,
    LeadingGroup,
    LeadingGroupMember,
    ModelFamily,
    PingAnVillage,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
    TrainingClass,
)
from villages.closing import correction_reason_field
from villages.locking import require_version, version_field
from villages.models import Appointment, Position, Village


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServicesForm(forms.ModelForm):
    """Model forms of the services: the version read (hidden) and, where a date is set, the correction reason."""

    version = version_field(required=False)
    correction_reason = correction_reason_field()

    def __init__(self, *args, villages=None, town_level: bool = True, **kwargs):
        """`villages`: the villages the user may write for; `town_level`: whether they may write the town's own."""
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        require_version(self, self.instance)
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
    version = version_field()
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
    version = version_field()
    correction_reason = correction_reason_field()


class PublicityForm(ServicesForm):
    class Meta:
        model = PublicityActivity
        fields = ["village", "channel", "held_on", "title", "reach", "note"]


class TrainingClassForm(ServicesForm):
    class Meta:
        model = TrainingClass
        fields = ["village", "topic", "starts_on", "ends_on", "trainer", "place", "note", "cancelled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].required = False
        self.fields["ends_on"].help_text = _("Empty for a one-day class.")
        if not self.instance.pk:
            del self.fields["cancelled"]


class InviteForm(forms.Form):
    """Invite the holders of posts on the class's first day; the town's class may be narrowed to some villages."""

    roles = forms.MultipleChoiceField(label=_("posts invited"), choices=Position.Kind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    villages = forms.ModelMultipleChoiceField(label=_("villages"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("None chosen: every village of the town."))
    correction_reason = correction_reason_field()

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is None:
            del self.fields["villages"]
        else:
            self.fields["villages"].queryset = villages


ATTENDED = [("", _("not recorded")), ("yes", _("came")), ("no", _("absent"))]


class AttendanceForm(forms.Form):
    """One line per invitation: came or not, a note, the version read; only the changed lines are saved."""

    correction_reason = correction_reason_field()

    def __init__(self, *args, invitations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []
        for invitation in invitations:
            key = str(invitation.pk)
            current = "" if invitation.attended is None else ("yes" if invitation.attended else "no")
            self.fields[f"a{key}"] = forms.ChoiceField(label=invitation.name, choices=ATTENDED, required=False,
                                                       initial=current, widget=forms.RadioSelect)
            self.fields[f"n{key}"] = forms.CharField(label=_("note"), max_length=200, required=False,
                                                     initial=invitation.note)
            self.fields[f"v{key}"] = forms.IntegerField(widget=forms.HiddenInput, initial=invitation.version)
            self.lines.append((invitation, self[f"a{key}"], self[f"n{key}"], self[f"v{key}"]))

    def changes(self) -> list[tuple]:
        """(invitation, attended, note, version) for each line whose answer or note changed."""
        changed = []
        for invitation, *_fields in self.lines:
            key = str(invitation.pk)
            answer, note = self.cleaned_data[f"a{key}"], self.cleaned_data[f"n{key}"]
            attended = None if answer == "" else answer == "yes"
            if attended != invitation.attended or note != invitation.note:
                changed.append((invitation, attended, note, self.cleaned_data[f"v{key}"]))
        return changed


# --- Health campaigns -----------------------------------------------------------------------------------

class CampaignForm(ServicesForm):
    class Meta:
        model = HealthCampaign
        fields = ["kind", "title", "starts_on", "ends_on", "place", "team", "target", "villages", "note"]
        widgets = {"villages": forms.CheckboxSelectMultiple}

    def __init__(self, *args, town=None, **kwargs):
        super().__init__(*args, **kwargs)
        villages = town.villages.order_by("code") if town is not None else Village.objects.none()
        self.fields["villages"].queryset = villages

    def values(self) -> dict:
        data = super().values()
        data["villages"] = list(data.get("villages") or [])
        return data


class CampaignInviteForm(forms.Form):
    invited_on = forms.DateField(label=_("invited on"), widget=_date())
    correction_reason = correction_reason_field()


class ExaminationForm(forms.Form):
    attendance = forms.ChoiceField(label=pgettext_lazy("health", "attendance"),
                                   choices=CampaignInvitation.Attendance.choices, widget=forms.RadioSelect)
    attended_on = forms.DateField(label=_("date"), widget=_date())
    version = version_field()
    correction_reason = correction_reason_field()


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("withdrawn on"), widget=_date())
    reason = forms.CharField(label=_("reason for withdrawing"), max_length=200)
    version = version_field()
    correction_reason = correction_reason_field()


class FindingForm(forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=Finding.Category.choices)
    found_on = forms.DateField(label=_("found on"), widget=_date())
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    correction_reason = correction_reason_field()


class FollowUpForm(forms.Form):
    state = forms.ChoiceField(label=_("next step"), choices=[(value, label) for value, label in Finding.State.choices
                                                            if value != Finding.State.OPEN])
    on = forms.DateField(label=_("date"), widget=_date())
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    version = version_field()
    correction_reason = correction_reason_field()


# --- Honours -----------------------------------------------------------------------------------------------

class ModelFamilyForm(ServicesForm):
    """A family by its household number (and a member by name, when the title names one)."""

    household_number = forms.CharField(label=_("household number"), max_length=20)
    person_name = forms.CharField(label=_("member honoured (name)"), max_length=50, required=False,
                                  help_text=_("Leave empty when the title is the family's."))

    class Meta:
        model = ModelFamily
        fields = ["village", "year", "category", "reason", "announced_on"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].required = True
        self.fields["village"].empty_label = None

    def clean(self):
        data = super().clean()
        village, number = data.get("village"), (data.get("household_number") or "").strip()
        if village is None or not number:
            return data
        household = Household.objects.filter(village=village, number=number).first()
        if household is None:
            self.add_error("household_number", _("No household with this number in the village."))
            return data
        data["household"], data["person"] = household, None
        name = (data.get("person_name") or "").strip()
        if name:
            data["person"] = household.people.filter(name=name).order_by("status", "pk").first()
            if data["person"] is None:
                self.add_error("person_name", _("No one of this name in the household."))
        return data

    def values(self) -> dict:
        data = super().values()
        data.pop("household_number", None)
        data.pop("person_name", None)
        return data


class WithdrawFamilyForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("withdrawn on"), widget=_date())
    reason = forms.CharField(label=_("reason for the withdrawal"), max_length=200)
    version = version_field()
    correction_reason = correction_reason_field()


class AppraisalForm(forms.ModelForm):
    class Meta:
        model = CadreAppraisal
        fields = ["year", "title", "places", "award_amount"]

    def _post_clean(self):
        """The action checks the appraisal."""


class CriterionForm(forms.ModelForm):
    class Meta:
        model = AppraisalCriterion
        fields = ["name", "points", "self_government"]

    def _post_clean(self):
        """The action checks the criterion."""


class CandidateForm(forms.Form):
    appointment = forms.ModelChoiceField(label=_("cadre"), queryset=Appointment.objects.none())
    score = forms.DecimalField(label=_("score"), max_digits=5, decimal_places=1, min_value=0)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].queryset = (
            Appointment.objects.filter(position__village__in=villages, ended_on__isnull=True)
            .select_related("position__village").order_by("position__village__code", "position__kind", "pk"))
        self.fields["appointment"].label_from_instance = (
            lambda a: f"{a.position.village.name} · {a.position.get_kind_display()} · {a.holder_name}")


class DecideAppraisalForm(forms.Form):
    decided_on = forms.DateField(label=_("decided on"), widget=_date())
    decided_by = forms.CharField(label=_("deciding body"), max_length=100)
    version = version_field()
    correction_reason = correction_reason_field()


class WithdrawAwardForm(forms.Form):
    decided_on = forms.DateField(label=_("date of the decision"), widget=_date())
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label=_("decision taken"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_by = forms.CharField(label=_("deciding body"), max_length=100)
    certificate_recovered = forms.BooleanField(label=_("certificate recovered"), required=False, initial=True)
    amount_recovered = forms.DecimalField(label=_("bonus recovered (yuan)"), max_digits=12, decimal_places=2,
                                          min_value=0, required=False)
    notify_town = forms.BooleanField(label=_("town-wide notice"), required=False)
    version = version_field()
    correction_reason = correction_reason_field()


class PingAnForm(ServicesForm):
    class Meta:
        model = PingAnVillage
        fields = ["village", "year", "applied_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "village" in self.fields:
            self.fields["village"].required = True
            self.fields["village"].empty_label = None


class DecidePingAnForm(forms.Form):
    passed = forms.TypedChoiceField(label=_("decision"), coerce=lambda value: value == "yes",
                                    choices=[("yes", _("accepted and awarded")), ("no", _("not passed"))])
    decided_on = forms.DateField(label=_("decided on"), widget=_date())
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    version = version_field()
    correction_reason = correction_reason_field()


class RevokePingAnForm(forms.Form):
    revoked_on = forms.DateField(label=_("revoked on"), widget=_date())
    reason = forms.CharField(label=_("reason for the revocation"), max_length=200)
    version = version_field()
    correction_reason = correction_reason_field()


# --- Assistance -------------------------------------------------------------------------------------------

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
    version = version_field()
    correction_reason = correction_reason_field()


class OutOfPovertyForm(forms.Form):
    lifted_on = forms.DateField(label=_("out of poverty on"), widget=_date(),
                                help_text=_("Sets the household's poverty status in the registry."))
    version = version_field()
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
