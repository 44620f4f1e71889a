"""The forms of the disclosure boards' pages: ask for a board (one village or all), review, publish, correct,
attach the photo of the posting, record and answer an objection."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.models.boards import BoardObjection, BoardPublication
from reports.queries.boards import boards_for
from reports.queries.documents import requestable_villages
from villages.periods import QUARTER, YEAR, Period, PeriodFormField
from villages.queries import villages_for
from villages.roles import is_town_office

ALL_VILLAGES = "all"
DATE = forms.DateInput(attrs={"type": "date"})


def _board_period(value: Period) -> Period:
    if value.kind not in (QUARTER, YEAR):
        raise ValidationError(_("A disclosure board covers a quarter (2025Q4) or a year (2025)."))
    return value


class BoardRequestForm(forms.Form):
    village = forms.ChoiceField(label=_("village"))
    period = PeriodFormField(label=pgettext_lazy("of a document", "period"),
                             help_text=_("A quarter (2025Q4) or a year (2025)."))
    paper_size = forms.ChoiceField(label=_("paper size"), choices=BoardPublication.PaperSize.choices,
                                   initial=BoardPublication.PaperSize.A3)
    publish_from = forms.DateField(label=_("to be published from"), required=False, widget=DATE,
                                   help_text=_("Printed on the board with the objection deadline; today if empty."))
    publish_until = forms.DateField(label=_("to be published until"), required=False, widget=DATE,
                                    help_text=_("30 days after the first day if empty."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.villages = {str(v.pk): v for v in requestable_villages(user).order_by("code")}
        choices = [(pk, village.name) for pk, village in self.villages.items()]
        if is_town_office(user):
            choices.insert(0, (ALL_VILLAGES, _("all villages of the town")))
        self.fields["village"].choices = choices

    @property
    def may_request_anything(self) -> bool:
        return bool(self.villages)

    def clean_period(self):
        value = self.cleaned_data["period"]
        return _board_period(value if isinstance(value, Period) else Period.parse(str(value)))

    def clean_village(self):
        value = self.cleaned_data["village"]
        return value if value == ALL_VILLAGES else self.villages[value]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("publish_from"), cleaned.get("publish_until")
        if first and last and last < first:
            self.add_error("publish_until", _("The publication ends on or after its first day."))
        return cleaned


class BoardReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=[("approve", _("approve")), ("return", _("return"))],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("review note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BoardPublishForm(forms.Form):
    published_until = forms.DateField(label=_("published until"), required=False, widget=DATE)
    correction_reason = forms.CharField(label=_("reason (a closed period)"), required=False)


class BoardCorrectForm(forms.Form):
    reason = forms.CharField(label=_("reason of the correction"), widget=forms.Textarea(attrs={"rows": 3}))
    paper_size = forms.ChoiceField(label=_("paper size"), choices=BoardPublication.PaperSize.choices, required=False)
    publish_from = forms.DateField(label=_("to be published from"), required=False, widget=DATE)
    publish_until = forms.DateField(label=_("to be published until"), required=False, widget=DATE)


class BoardPhotoForm(forms.Form):
    photo = forms.FileField(label=_("photo of the posted board (JPEG or PNG)"))


class BoardFilterForm(forms.Form):
    village = forms.ModelChoiceField(label=_("village"), queryset=None, required=False)
    period = PeriodFormField(label=pgettext_lazy("of a document", "period"), required=False)
    state = forms.ChoiceField(label=_("state"), required=False,
                              choices=[("", "—"), *BoardPublication.State.choices])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages_for(user).order_by("code")

    def filter(self, rows):
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data.get("village"):
            rows = rows.filter(village=data["village"])
        if data.get("period"):
            rows = rows.filter(period=str(data["period"]))
        if data.get("state"):
            rows = rows.filter(state=data["state"])
        return rows


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = BoardObjection
        fields = ["board", "item", "villager_name", "villager_contact", "content", "received_on", "respond_by"]
        widgets = {"received_on": DATE, "respond_by": DATE, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards_for(user).filter(
            state__in=[BoardPublication.State.PUBLISHED, BoardPublication.State.SUPERSEDED])
        self.fields["received_on"].required = False
        self.fields["respond_by"].required = False
        self.fields["respond_by"].help_text = _("7 days after the objection was received if empty.")

    def _post_clean(self):
        pass  # the action checks and saves the objection


class ObjectionResponseForm(forms.Form):
    response = forms.CharField(label=_("response"), widget=forms.Textarea(attrs={"rows": 3}))
    responded_on = forms.DateField(label=_("responded on"), required=False, widget=DATE)
    correction = forms.ModelChoiceField(label=_("corrected version"), queryset=None, required=False,
                                        help_text=_("When the objection led to a correction: the version that "
                                                    "corrects the board."))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, objection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = objection.version
        self.fields["correction"].queryset = boards_for(user).filter(
            village=objection.village_id, period=objection.board.period, version__gt=objection.board.version)
