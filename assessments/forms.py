"""Input shapes of the assessment pages; the rules spanning objects live in actions."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from assessments.actions import DeductionInput
from assessments.models import Assessment, Case, LedgerEntry, RectificationFollowUp, SupervisionVisit
from villages.models import Appointment, Village

DATE = forms.DateInput(attrs={"type": "date"})
POINTS = {"max_digits": 6, "decimal_places": 1, "validators": [MinValueValidator(Decimal(0))]}


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ScoreForm(VersionedForm):
    """One row per entered item the assessor may score: an optional deduction with its note and evidence."""

    def __init__(self, *args, item_scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for score in item_scores:
            key = str(score.pk)
            self.fields[f"{key}-points"] = forms.DecimalField(label=_("points deducted"), required=False, **POINTS)
            self.fields[f"{key}-rule"] = forms.ModelChoiceField(
                label=_("deduction rule"), required=False, queryset=score.item.deduction_rules.all())
            self.fields[f"{key}-note"] = forms.CharField(label=_("reason for the deduction"), required=False,
                                                         widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{key}-file"] = forms.FileField(label=_("evidence file"), required=False)
            self.fields[f"{key}-link"] = forms.CharField(label=_("link to the records"), required=False, max_length=300)
            self.rows.append((score, [self[f"{key}-{name}"] for name in ("points", "rule", "note", "file", "link")]))

    def clean(self):
        data = super().clean()
        self.entries = {}
        for score, _fields in self.rows:
            key = str(score.pk)
            points, rule = data.get(f"{key}-points"), data.get(f"{key}-rule")
            note, file, link = data.get(f"{key}-note", ""), data.get(f"{key}-file"), data.get(f"{key}-link", "")
            self.entries[score.pk] = []
            if not points and rule is None:
                if note or file or link:
                    self.add_error(f"{key}-points", _("Enter the points deducted, or leave the row empty."))
                continue
            if points is not None and points > score.item.max_points:
                self.add_error(f"{key}-points", _("At most %(max)s points.") % {"max": score.item.max_points})
            if not note.strip():
                self.add_error(f"{key}-note", _("Every deduction needs a note saying why."))
            if not file and not link.strip():
                self.add_error(f"{key}-link", _("Every deduction needs evidence: a file or a link to the records."))
            self.entries[score.pk] = [DeductionInput(points=points, note=note, evidence_file=file, evidence_link=link,
                                                     rule=rule)]
        return data


class SelfScoreForm(VersionedForm):
    def __init__(self, *args, item_scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for score in item_scores:
            key = str(score.pk)
            self.fields[f"{key}-points"] = forms.DecimalField(
                label=_("self-assessed points"), initial=score.self_points, required=False,
                max_value=score.item.max_points, **POINTS)
            self.fields[f"{key}-note"] = forms.CharField(label=_("village's note"), initial=score.self_note,
                                                         required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.rows.append((score, [self[f"{key}-points"], self[f"{key}-note"]]))

    def clean(self):
        data = super().clean()
        self.points, self.notes = {}, {}
        for score, _fields in self.rows:
            points = data.get(f"{score.pk}-points")
            if points is not None:
                self.points[score.pk] = points
                self.notes[score.pk] = data.get(f"{score.pk}-note", "")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class LedgerEntryForm(forms.Form):
    village = forms.ModelChoiceField(label=_("village"), queryset=Village.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=[
        c for c in LedgerEntry.Kind.choices if c[0] != LedgerEntry.Kind.HONOUR_WITHDRAWN])
    appointment = forms.ModelChoiceField(label=_("cadre's appointment"), queryset=Appointment.objects.none(),
                                         required=False)
    person_name = forms.CharField(label=_("person"), max_length=50, required=False)
    person_role = forms.CharField(label=_("person's post"), max_length=100, required=False)
    title = forms.CharField(label=_("title"), max_length=200)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.CharField(label=_("decision taken"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("date of the decision"), widget=DATE)
    decided_by = forms.CharField(label=_("deciding body"), max_length=100)
    amount = forms.DecimalField(label=_("amount (yuan)"), required=False, max_digits=10, decimal_places=2,
                                min_value=0)
    case = forms.ModelChoiceField(label=_("case"), queryset=Case.objects.none(), required=False)
    assessment = forms.ModelChoiceField(label=_("assessment"), queryset=Assessment.objects.none(), required=False)

    def __init__(self, *args, villages, appointments, cases, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["appointment"].queryset = appointments
        self.fields["case"].queryset = cases
        self.fields["assessment"].queryset = assessments


class WithdrawHonourForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.CharField(label=_("decision taken"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("date of the decision"), widget=DATE)
    decided_by = forms.CharField(label=_("deciding body"), max_length=100)
    certificate_recovered = forms.BooleanField(label=_("certificate recovered"), required=False, initial=True)
    amount_recovered = forms.DecimalField(label=_("bonus recovered (yuan)"), required=False, max_digits=10,
                                          decimal_places=2, min_value=0)
    notify_town = forms.BooleanField(label=_("notify the whole town"), required=False)


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["village", "kind", "title", "description", "reported_on", "reported_by", "appointment"]
        widgets = {"reported_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, villages, appointments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["appointment"].queryset = appointments


class DecideCaseForm(forms.Form):
    founded = forms.TypedChoiceField(label=_("outcome"), coerce=lambda v: v == "yes", choices=[
        ("yes", _("founded")), ("no", _("unfounded"))])
    finding = forms.CharField(label=_("finding of the investigation"), widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label=_("decision taken"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("date of the decision"), widget=DATE)
    decided_by = forms.CharField(label=_("deciding body"), max_length=100)


class SupervisionVisitForm(forms.ModelForm):
    class Meta:
        model = SupervisionVisit
        fields = ["village", "visited_on", "kind", "visitors", "findings", "follow_up", "follow_up_due"]
        widgets = {"visited_on": DATE, "follow_up_due": DATE, "findings": forms.Textarea(attrs={"rows": 3}),
                   "follow_up": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class SignBookForm(forms.Form):
    town_signatory = forms.CharField(label=_("signed for the town by"), max_length=50)
    village_signatory = forms.CharField(label=_("signed for the village by"), max_length=50)
    signed_on = forms.DateField(label=_("signed on"), widget=DATE)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = RectificationFollowUp
        fields = ["followed_up_on", "progress", "note", "next_steps"]
        widgets = {"followed_up_on": DATE, "note": forms.Textarea(attrs={"rows": 2}),
                   "next_steps": forms.Textarea(attrs={"rows": 2})}
