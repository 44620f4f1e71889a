"""Input shape of the village pages' forms. The rules live in villages.actions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from villages import closing
from villages.models import Appointment, Designation, Village
from villages.periods import QUARTER, Period


def label(model, field: str):
    return model._meta.get_field(field).verbose_name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AppointForm(forms.Form):
    holder_name = forms.CharField(label=label(Appointment, "holder_name"), max_length=50)
    started_on = forms.DateField(label=label(Appointment, "started_on"), widget=DateInput())
    pay_kind = forms.ChoiceField(label=label(Appointment, "pay_kind"), choices=Appointment.PayKind.choices)
    monthly_amount = forms.DecimalField(
        label=label(Appointment, "monthly_amount"), min_value=0, max_digits=9, decimal_places=2, initial=0
    )
    correction_reason = closing.correction_reason_field()


class EndAppointmentForm(forms.Form):
    ended_on = forms.DateField(label=label(Appointment, "ended_on"), widget=DateInput(),
                               initial=timezone.localdate)
    end_reason = forms.ChoiceField(label=label(Appointment, "end_reason"), choices=Appointment.EndReason.choices)
    end_note = forms.CharField(label=label(Appointment, "end_note"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    correction_reason = closing.correction_reason_field()


class DesignationForm(forms.Form):
    year = forms.IntegerField(label=label(Designation, "year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=label(Designation, "kind"), choices=Designation.Kind.choices)
    decided_on = forms.DateField(label=label(Designation, "decided_on"), widget=DateInput())
    reason = forms.CharField(label=label(Designation, "reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    rectification_plan = forms.CharField(label=label(Designation, "rectification_plan"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    target_year_one = forms.CharField(label=label(Designation, "target_year_one"), required=False)
    target_year_two = forms.CharField(label=label(Designation, "target_year_two"), required=False)
    target_year_three = forms.CharField(label=label(Designation, "target_year_three"), required=False)
    correction_reason = closing.correction_reason_field()


class DeclarationForm(forms.Form):
    self_government_declared_on = forms.DateField(label=label(Village, "self_government_declared_on"),
                                                  widget=DateInput())
    correction_reason = closing.correction_reason_field()
    version = forms.IntegerField(widget=forms.HiddenInput)


class RegulationsForm(forms.Form):
    regulations_adopted_on = forms.DateField(label=label(Village, "regulations_adopted_on"), widget=DateInput())
    regulations_text = forms.CharField(label=label(Village, "regulations_text"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 8}))
    regulations_file = forms.FileField(label=label(Village, "regulations_file"), required=False)
    correction_reason = closing.correction_reason_field()
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(forms.Form):
    """Close (or close again) a year or a quarter that has ended."""

    period = forms.ChoiceField(label=pgettext_lazy("of figures", "Period"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))
    close = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        choices = []
        for year in closing.year_choices(town):
            period = Period.parse(str(year))
            for option in [period, *period.within(QUARTER)]:
                if option.ends_on < today:
                    choices.append((str(option), option.label))
        self.fields["period"].choices = choices


class WorkingYearForm(forms.Form):
    working_year = forms.IntegerField(label=_("Working year"), min_value=2000, max_value=2100,
                                      help_text=_("The year pages, forms and documents open on."))
