from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.documents import renderer_for
from reports.models import Document
from reports.queries import may_request, requestable_villages


class StatusSheetRequestForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("village"), queryset=None, required=False, empty_label=_("the whole town"),
        help_text=_("Leave empty for the whole town: a summary of all villages followed by each village's sheet."),
    )
    year = forms.IntegerField(label=_("year"), min_value=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kind_renderer = renderer_for(Document.Kind.STATUS_SHEET)
        self.fields["village"].queryset = requestable_villages(user)
        self.fields["year"].initial = timezone.localdate().year
        if not self.may_request_town:
            self.fields["village"].required = True
            self.fields["village"].empty_label = None
            self.fields["village"].help_text = ""

    @property
    def may_request_town(self) -> bool:
        return may_request(self.user, renderer=self.kind_renderer, village=None)

    @property
    def may_request_anything(self) -> bool:
        return self.may_request_town or self.fields["village"].queryset.exists()

    def clean_village(self):
        village = self.cleaned_data["village"]
        if village is None and not self.may_request_town:
            raise ValidationError(_("Choose a village."))
        return village

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise ValidationError(_("The year cannot be in the future."))
        return year

    @property
    def period(self) -> str:
        return str(self.cleaned_data["year"])
