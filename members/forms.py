"""Input shapes for the registry pages. Rules that span records live in members.actions."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members import identity
from members.models import Household, MaritalStatus, Person
from members.models.codes import MARRIED_STATUSES
from members.rules import validation
from villages import closing
from villages.models import VillagerGroup

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateInputField(forms.DateField):
    """A date as people write it; a model form leaves the checks to the model's clean()."""

    widget = DATE_INPUT

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"])
        super().__init__(*args, **kwargs)


class DateField(DateInputField):
    """A date that has already come: events, births, decisions."""

    default_validators = [validation.validate_past_date]


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CorrectionReasonMixin(forms.Form):
    """Every form that records an event: a date inside a closed period needs a reason (villages.closing)."""

    correction_reason = closing.correction_reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction_reason"] = self.fields.pop("correction_reason")  # last, after the event's fields


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        return f"{group.village.name} {group.name}"


class HouseholdForm(forms.ModelForm):
    group = GroupChoiceField(queryset=VillagerGroup.objects.none(), label=_("villager group"))

    class Meta:
        model = Household
        fields = ["group", "number", "address", "hukou_type", "poverty", "poverty_since"]
        widgets = {"poverty_since": DATE_INPUT}
        field_classes = {"poverty_since": DateField}

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups if groups is not None else VillagerGroup.objects.none()
        self.fields["number"].help_text = _("Unique in the town, as on the household register.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("poverty") not in (None, "", Household.Poverty.NONE) and not cleaned.get("poverty_since"):
            self.add_error("poverty_since", _("Enter the date the poverty status was decided."))
        return cleaned

    def _post_clean(self):
        # Town and village are set by the action; validating the model here would ask for them.
        pass


class HouseholdEditForm(VersionMixin, HouseholdForm):
    pass


class PersonForm(forms.ModelForm):
    """One person's record (identity number and phone included: only changers see this form)."""

    # Longer than stored: spaces, a +86 prefix or a 15-digit number are normalised in clean_*().
    id_number = forms.CharField(label=_("identity number"), max_length=24, required=False)
    phone = forms.CharField(label=_("mobile phone"), max_length=24, required=False)

    class Meta:
        model = Person
        fields = ["name", "id_number", "sex", "birth_date", "ethnicity", "relation", "marital_status", "phone",
                  "residence"]
        widgets = {"birth_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        helps = {"id_number": _("18 characters; a final x is fine. An old 15-digit number is converted."),
                 "phone": _("Mainland mobile number, with or without +86.")}
        for name, text in helps.items():
            if name in self.fields:
                self.fields[name].help_text = text
        self.fields["birth_date"].input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"]

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip()
        return identity.validate_id_number(value) if value else ""

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        return identity.validate_phone(value) if value else ""

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PersonEditForm(VersionMixin, PersonForm):
    pass


class BasePeopleFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        people = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not people:
            raise ValidationError(_("Enter at least one person."))
        heads = [p for p in people if p.get("relation") in ("01", "02")]
        if len(heads) != 1:
            raise ValidationError(_("Mark exactly one person as the household head."))
        numbers = [p["id_number"] for p in people if p.get("id_number")]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(_("The same identity number is entered twice."))


PeopleFormSet = forms.formset_factory(PersonForm, formset=BasePeopleFormSet, extra=4, max_num=30,
                                      validate_max=True)


class ReproductiveHealthForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["contraception", "contraception_since", "pregnancy", "pregnancy_noted_on"]
        widgets = {"contraception_since": DATE_INPUT, "pregnancy_noted_on": DATE_INPUT}
        field_classes = {"contraception_since": DateInputField, "pregnancy_noted_on": DateInputField}


class HouseholdMoveOutForm(CorrectionReasonMixin, VersionMixin):
    moved_on = DateField(label=_("moved out on"))
    destination = forms.CharField(label=_("moved to"), max_length=200)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DeactivateForm(VersionMixin):
    reason = forms.CharField(label=_("why this entry is removed"), widget=forms.Textarea(attrs={"rows": 2}))


class MovePersonForm(CorrectionReasonMixin, VersionMixin):
    to_household = forms.CharField(label=_("household number to move to"), max_length=20)
    relation = forms.ChoiceField(label=_("relation to that household's head"), choices=Person._meta.get_field(
        "relation").choices)
    moved_on = DateField(label=_("moved on"))
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)

    def __init__(self, *args, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.households = households

    def clean_to_household(self):
        number = self.cleaned_data["to_household"].strip()
        household = self.households.filter(number=number).first() if self.households is not None else None
        if household is None:
            raise ValidationError(_("No active household with this number in your village."))
        return household


# Vital event forms. Field names match the keyword arguments of the recording actions.

class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.name}（{person.get_relation_display()}，{person.birth_date:%Y-%m-%d}）"


class EventForm(CorrectionReasonMixin):
    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.people = household.people.filter(status=Person.Status.ACTIVE).order_by("relation", "birth_date")


class BirthForm(EventForm):
    mother = PersonChoiceField(queryset=Person.objects.none(), label=_("mother"))
    child_name = forms.CharField(label=_("child's name"), max_length=50)
    sex = forms.ChoiceField(label=_("sex"), choices=Person.Sex.choices)
    born_on = DateField(label=_("born on"))
    id_number = forms.CharField(label=_("child's identity number"), max_length=20, required=False,
                                help_text=_("Leave empty if not issued yet."))
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mother"].queryset = self.people.filter(sex=Person.Sex.FEMALE)

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip()
        return identity.validate_id_number(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        number, born, sex = cleaned.get("id_number"), cleaned.get("born_on"), cleaned.get("sex")
        if number and born and identity.birth_date_of(number) != born:
            self.add_error("id_number", _("This identity number gives another birth date."))
        if number and sex and identity.sex_of(number) != sex:
            self.add_error("id_number", _("This identity number is that of the other sex."))
        return cleaned


class DeathForm(EventForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("person"))
    died_on = DateField(label=_("died on"))
    cause = forms.CharField(label=_("cause or note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = self.people


class MarriageForm(EventForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("person"))
    married_on = DateField(label=_("married on"))
    spouse = PersonChoiceField(queryset=Person.objects.none(), label=_("spouse, if registered in this household"),
                               required=False)
    spouse_name = forms.CharField(label=_("spouse's name, if not registered here"), required=False, max_length=50)
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unmarried = self.people.exclude(marital_status__in=MARRIED_STATUSES)
        self.fields["person"].queryset = unmarried
        self.fields["spouse"].queryset = unmarried

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("spouse") and not cleaned.get("spouse_name", "").strip():
            self.add_error("spouse_name", _("Choose the spouse or enter the spouse's name."))
        if cleaned.get("spouse") and cleaned.get("spouse") == cleaned.get("person"):
            self.add_error("spouse", _("Choose two different people."))
        return cleaned


class DivorceForm(EventForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("person"))
    divorced_on = DateField(label=_("divorced on"))
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = self.people.filter(marital_status__in=MARRIED_STATUSES)


class MoveOutForm(EventForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("person"))
    moved_on = DateField(label=_("moved out on"))
    place = forms.CharField(label=_("moved to"), max_length=200)
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = self.people


class NewPersonEventForm(CorrectionReasonMixin, PersonForm):
    """A person arriving from outside the town: the record, and the event's own fields."""

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household

    def _post_clean(self):
        # Validate the person as it will be saved (identity number against birth date and sex).
        self.instance.household_id = self.household.pk
        super()._post_clean()


class MoveInForm(NewPersonEventForm):
    moved_on = DateField(label=_("moved in on"))
    place = forms.CharField(label=_("moved from"), max_length=200)
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    class Meta(PersonForm.Meta):
        pass


class AdoptionForm(NewPersonEventForm):
    adopted_on = DateField(label=_("adopted on"))
    adoptive_mother = PersonChoiceField(queryset=Person.objects.none(), label=_("adoptive mother"), required=False)
    adoptive_father = PersonChoiceField(queryset=Person.objects.none(), label=_("adoptive father"), required=False)
    place = forms.CharField(label=_("adopted from"), required=False, max_length=200)

    class Meta(PersonForm.Meta):
        fields = ["name", "id_number", "sex", "birth_date", "ethnicity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = self.household.people.filter(status=Person.Status.ACTIVE)
        self.fields["adoptive_mother"].queryset = people.filter(sex=Person.Sex.FEMALE)
        self.fields["adoptive_father"].queryset = people.filter(sex=Person.Sex.MALE)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("adoptive_mother") and not cleaned.get("adoptive_father"):
            self.add_error("adoptive_mother", _("Choose at least one adoptive parent."))
        return cleaned

    def person_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**fields, "marital_status": MaritalStatus.SINGLE}


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(label=_("name, identity number or household number"), required=False, max_length=50)
    group = forms.ModelChoiceField(queryset=VillagerGroup.objects.none(), label=_("villager group"), required=False)
    category = forms.ChoiceField(label=_("family category"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", _("all")), *Household.Status.choices])

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        from members.models import FamilyCategory

        self.fields["group"].queryset = groups if groups is not None else VillagerGroup.objects.none()
        self.fields["group"].label_from_instance = lambda g: f"{g.village.name} {g.name}"
        self.fields["category"].choices = [("", _("all")), *FamilyCategory.Category.choices]


# Voiding and correcting a recorded event (members.actions.corrections).

class VoidForm(forms.Form):
    reason = forms.CharField(label=_("why this event is voided"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


# Each kind's correctable fields, taken from the form that records it: (correction field, recording form field).
CORRECTION_FIELDS = {
    "birth": (BirthForm, [("born_on", "born_on"), ("child_name", "child_name"), ("sex", "sex"),
                          ("id_number", "id_number"), ("note", "note")]),
    "adoption": (AdoptionForm, [("adopted_on", "adopted_on"), ("place", "place")]),
    "death": (DeathForm, [("died_on", "died_on"), ("cause", "cause")]),
    "marriage": (MarriageForm, [("married_on", "married_on"), ("spouse_name", "spouse_name"), ("note", "note")]),
    "divorce": (DivorceForm, [("divorced_on", "divorced_on"), ("note", "note")]),
    "move_in": (MoveInForm, [("moved_on", "moved_on"), ("place", "place"), ("note", "note")]),
    "move_out": (MoveOutForm, [("moved_on", "moved_on"), ("place", "place"), ("note", "reason")]),
}


class CorrectionForm(forms.Form):
    """The event's own fields that a correction may change, prefilled, and why it is corrected."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        form_class, names = CORRECTION_FIELDS[event.kind]
        for name, source in names:
            self.fields[name] = copy.deepcopy(form_class.base_fields[source])
        if event.other_person_id:
            self.fields.pop("spouse_name", None)  # the spouse's name comes from the spouse's record
        self.fields["reason"] = forms.CharField(label=_("why this event is corrected"), max_length=500,
                                                widget=forms.Textarea(attrs={"rows": 2}))

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip()
        return identity.validate_id_number(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if not [name for name in self.changed_data if name != "reason"]:
            raise ValidationError(_("Change the date or a detail: nothing is corrected yet."))
        return cleaned

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}
