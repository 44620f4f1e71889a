"""The annual work summary's forms: the office's prose of a year (a field per chapter) and the PDF asked for."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reports.models.summary import PROSE_FIELDS, AnnualSummary


class AnnualSummaryForm(forms.ModelForm):
    """The prose around the figures; the figures themselves are not fields: the document reads them."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = AnnualSummary
        fields = list(PROSE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in PROSE_FIELDS}


class SummaryBuildForm(forms.Form):
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE)
