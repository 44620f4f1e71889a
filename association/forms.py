"""Forms of the association's pages: input shape and per-field checks; rules that span records are in actions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models import AssociationMember, AssociationYearRules, Award, MeetingAttendance
from members.models import Household, Person
from villages.closing import correction_reason_field
from villages.locking import require_version, version_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class MemberFilterForm(forms.Form):
    STATUS = [("current", _("on the roll")), ("left", _("left")), ("all", _("all"))]

    q = forms.CharField(label=_("Name"), required=False)
    group = forms.ModelChoiceField(label=_("Villager group"), queryset=None, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("any role")), *AssociationMember.Role.choices],
                             required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS, required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups

    def current(self) -> bool | None:
        return {"left": False, "all": None}.get(self.cleaned_data.get("status"), True)


class RecruitForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Villager group"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=50)
    household_number = forms.CharField(
        label=_("Household number in the registry"), max_length=20, required=False,
        help_text=_("To link the member to their registry record: the number of the household they live in."))
    role = forms.ChoiceField(label=_("Role"), choices=AssociationMember.Role.choices,
                             initial=AssociationMember.Role.MEMBER)
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)
    duties = forms.CharField(label=_("Duties agreed"), widget=TEXT, required=False)
    note = forms.CharField(label=_("Note on the recruitment"), widget=TEXT, required=False)
    correction_reason = correction_reason_field()

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.fields["group"].queryset = village.groups.order_by("number")

    def clean(self):
        data = super().clean()
        data["person"] = None
        number, name = data.get("household_number", "").strip(), data.get("name", "").strip()
        if number and name:
            people = Person.objects.filter(household__village=self.village, household__number=number, name=name,
                                           status=Person.Status.ACTIVE)
            if len(people) != 1:
                self.add_error("household_number", _("No one of this name is registered in this household."))
            else:
                data["person"] = people[0]
        return data


class MemberEditForm(forms.Form):
    version = version_field()
    name = forms.CharField(label=_("Name"), max_length=50)
    group = forms.ModelChoiceField(label=_("Villager group"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=AssociationMember.Role.choices)
    duties = forms.CharField(label=_("Duties agreed"), widget=TEXT, required=False)
    user = forms.ModelChoiceField(label=_("Login"), queryset=None, required=False,
                                  help_text=_("An association member's login; the town office creates logins."))

    def __init__(self, *args, member, logins, **kwargs):
        kwargs.setdefault("initial", {"version": member.version, "name": member.name, "group": member.group_id,
                                      "role": member.role, "duties": member.duties, "user": member.user_id})
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = member.village.groups.order_by("number")
        self.fields["user"].queryset = logins

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class AssignForm(forms.Form):
    households = forms.ModelMultipleChoiceField(label=_("Households served by nobody"), queryset=None,
                                                widget=forms.CheckboxSelectMultiple)
    served_from = forms.DateField(label=_("Served from"), widget=DATE)
    correction_reason = correction_reason_field()

    def __init__(self, *args, households, **kwargs):
        kwargs.setdefault("initial", {"served_from": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["households"]
        field.queryset = households
        field.label_from_instance = lambda h: f"{h.number} {h.head_name or ''} · {h.group.name}"


class TakeOffForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    served_until = forms.DateField(label=_("Served until"), widget=DATE)
    correction_reason = correction_reason_field()


class HandoverForm(forms.Form):
    successor = forms.ModelChoiceField(label=_("Hand the households over to"), queryset=None, required=False)
    on = forms.DateField(label=_("Date"), widget=DATE)
    leaves = forms.BooleanField(label=_("The member leaves the association on this date"), required=False)
    leave_reason = forms.ChoiceField(label=_("Reason for leaving"), required=False,
                                     choices=[("", "—"), *AssociationMember.LeaveReason.choices])
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)
    correction_reason = correction_reason_field()

    def __init__(self, *args, successors, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successors
        self.fields["successor"].label_from_instance = lambda m: f"{m.name} · {m.group.name}"

    def clean(self):
        data = super().clean()
        if not data.get("successor") and not data.get("leaves"):
            raise ValidationError(_("Choose a member to take over the households, or record that the member leaves."))
        if data.get("leaves") and not data.get("leave_reason"):
            self.add_error("leave_reason", _("Choose the reason for leaving."))
        return data


class MonthField(forms.DateField):
    """A month as YYYY-MM (an <input type=month>), cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]


class FeedbackForm(forms.Form):
    """A month's feedback; one optional note field per household on the card (`note_<household id>`)."""

    version = version_field(required=False)
    households_contacted = forms.IntegerField(label=_("Households contacted this month"), min_value=0,
                                              max_value=500)
    changes = forms.CharField(label=_("What changed in the households"), widget=TEXT, max_length=4000)
    help_needed = forms.CharField(label=_("Help needed"), widget=TEXT, required=False, max_length=4000)
    received_on = forms.DateField(label=_("Received on"), widget=DATE, required=False,
                                  help_text=_("For a report handed in on paper: the day it reached the village."))

    def __init__(self, *args, households: list[Household], feedback=None, on_behalf: bool = False, **kwargs):
        if feedback is not None:
            notes = {n.household_id: n.note for n in feedback.notes.all()}
            kwargs.setdefault("initial", {
                "version": feedback.version, "households_contacted": feedback.households_contacted,
                "changes": feedback.changes, "help_needed": feedback.help_needed,
                "received_on": feedback.submitted_on, **{f"note_{pk}": text for pk, text in notes.items()}})
        super().__init__(*args, **kwargs)
        require_version(self, feedback)
        if not on_behalf or feedback is not None:
            del self.fields["received_on"]
        self.households = households
        for household in households:
            self.fields[f"note_{household.pk}"] = forms.CharField(
                label=f"{household.number} {getattr(household, 'head_name', '') or ''}", required=False,
                max_length=1000, widget=forms.Textarea(attrs={"rows": 1}))

    def note_fields(self):
        return [self[f"note_{h.pk}"] for h in self.households]

    def notes(self) -> dict[int, str]:
        return {h.pk: self.cleaned_data.get(f"note_{h.pk}", "") for h in self.households}


class MeetingForm(forms.Form):
    """A meeting with one attendance choice per member (`attendance_<member id>`)."""

    version = version_field(required=False)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=TEXT)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    decisions = forms.CharField(label=_("Decisions"), widget=TEXT, required=False)

    def __init__(self, *args, members: list[AssociationMember], meeting=None, **kwargs):
        initial = {"held_on": timezone.localdate()}
        if meeting is not None:
            initial = {"version": meeting.version, "held_on": meeting.held_on, "place": meeting.place,
                       "agenda": meeting.agenda, "minutes": meeting.minutes, "decisions": meeting.decisions,
                       **{f"attendance_{a.member_id}": a.status for a in meeting.attendance.all()}}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        require_version(self, meeting)
        self.members = members
        for member in members:
            self.fields[f"attendance_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name} · {member.group.name}", choices=MeetingAttendance.Status.choices,
                initial=MeetingAttendance.Status.PRESENT, widget=forms.RadioSelect)

    def attendance_fields(self):
        return [self[f"attendance_{m.pk}"] for m in self.members]

    def attendance(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"attendance_{m.pk}"] for m in self.members}

    def meeting_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("held_on", "place", "agenda", "minutes", "decisions")}


class RecheckForm(forms.Form):
    """The yearly re-check: for each member on the roll, kept or leaves (`outcome_<id>`, `reason_<id>`)."""

    OUTCOMES = [("kept", _("kept")), ("left", _("leaves"))]

    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    correction_reason = correction_reason_field()

    def __init__(self, *args, members: list[AssociationMember], **kwargs):
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"outcome_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name} · {member.group.name}", choices=self.OUTCOMES, initial="kept",
                widget=forms.RadioSelect)
            self.fields[f"reason_{member.pk}"] = forms.ChoiceField(
                label=_("Reason for leaving"), required=False,
                choices=[("", "—"), *AssociationMember.LeaveReason.choices])

    def rows(self):
        return [(m, self[f"outcome_{m.pk}"], self[f"reason_{m.pk}"]) for m in self.members]

    def clean(self):
        data = super().clean()
        for member in self.members:
            if data.get(f"outcome_{member.pk}") == "left" and not data.get(f"reason_{member.pk}"):
                self.add_error(f"reason_{member.pk}", _("Choose the reason for leaving."))
        return data

    def decisions(self) -> tuple[list, list]:
        kept = [m for m in self.members if self.cleaned_data[f"outcome_{m.pk}"] == "kept"]
        left = [(m, self.cleaned_data[f"reason_{m.pk}"], "") for m in self.members
                if self.cleaned_data[f"outcome_{m.pk}"] == "left"]
        return kept, left


class EvaluationForm(forms.Form):
    """Scores for each criterion of the year (`score_<criterion id>`)."""

    version = version_field(required=False)
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DATE)
    comment = forms.CharField(label=_("Comment"), widget=TEXT, required=False)

    def __init__(self, *args, criteria, evaluation=None, **kwargs):
        initial = {"evaluated_on": timezone.localdate()}
        if evaluation is not None:
            initial = {"version": evaluation.version, "evaluated_on": evaluation.evaluated_on,
                       "comment": evaluation.comment,
                       **{f"score_{s.criterion_id}": s.score for s in evaluation.scores.all()}}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        require_version(self, evaluation)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=criterion.name, min_value=0, max_value=criterion.max_score, decimal_places=1,
                help_text=_("0 to %(max)s") % {"max": criterion.max_score})

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.criteria]

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["kind", "amount", "keepsake", "awarded_on", "note"]
        widgets = {"awarded_on": DATE, "note": TEXT}


class RulesForm(forms.ModelForm):
    class Meta:
        model = AssociationYearRules
        fields = ["feedback_due_day", "pass_from", "good_from", "excellent_from", "excellent_coverage",
                  "excellent_on_time", "excellent_attendance", "excellent_meetings"]


class CriterionForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=1, max_value=99)
    name = forms.CharField(label=_("Criterion"), max_length=100)
    max_score = forms.DecimalField(label=_("Maximum score"), min_value=0.5, max_digits=5, decimal_places=1)
    description = forms.CharField(label=_("How it is scored"), required=False, widget=forms.Textarea(attrs={"rows": 1}))


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True)
