from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import PeriodCode
from reports.documents import renderer_for
from reports.documents.quarterly_assessment import last_quarter
from reports.models import Document
from reports.queries import may_request, requestable_kinds, requestable_villages
from villages import closing
from villages.models import Town
from villages.periods import PeriodFormField
from villages.queries import town_id_of


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
        self.fields["year"].initial = closing.working_year_of(user)
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


OWN_PAGES = (Document.Kind.DISCLOSURE_BOARD, Document.Kind.ANNUAL_SUMMARY)


class DocumentRequestForm(forms.Form):
    """Ask for any kind of document the user may ask for, about the town or one of their villages."""

    kind = forms.ChoiceField(label=_("kind of document"), choices=())
    village = forms.ModelChoiceField(
        label=_("village"), queryset=None, required=False, empty_label=_("the whole town"),
    )
    period = PeriodFormField(
        label=pgettext_lazy("of a document", "period"), required=False,
        help_text=_("A year (2025), a quarter (2025Q3) or a month (202507). Leave empty for the usual period of "
                    "the kind: the working year, or its quarter that ended last."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Disclosure boards (a version and a publication window each), the annual summary (with the office's
        # prose and a language) and exports (from the list they export) are asked for on their own pages.
        self.renderers = {renderer.kind: renderer for renderer in requestable_kinds(user)
                          if renderer.kind not in OWN_PAGES and not renderer.export}
        self.fields["kind"].choices = [(kind, Document.Kind(kind).label) for kind in self.renderers]
        self.fields["village"].queryset = requestable_villages(user)
        if not any(may_request(user, renderer=r, village=None) for r in self.renderers.values()):
            self.fields["village"].required = True
            self.fields["village"].empty_label = None

    @property
    def may_request_anything(self) -> bool:
        return bool(self.renderers)

    def clean(self):
        cleaned = super().clean()
        renderer = self.renderers.get(cleaned.get("kind"))
        if renderer is None or "village" not in cleaned:
            return cleaned
        village = cleaned["village"]
        if village is None and not renderer.town_level:
            self.add_error("village", _("This document is about one village: choose it."))
        elif village is not None and not renderer.village_level:
            self.add_error("village", _("This document is about the whole town: leave the village empty."))
        elif not may_request(self.user, renderer=renderer, village=village):
            self.add_error("village", _("You may not ask for this document about the whole town."))
        return cleaned


class QuarterlyReportsRequestForm(forms.Form):
    """The quarter (or the year end) whose published results the town's and every village's report print."""

    year = forms.IntegerField(label=_("year"), min_value=2000)
    period = forms.ChoiceField(label=pgettext_lazy("assessment period", "period"), choices=PeriodCode.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        last = last_quarter(Town.objects.filter(pk=town_id_of(user)).first())
        self.fields["year"].initial, self.fields["period"].initial = last.year, PeriodCode.of(last)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise ValidationError(_("The year cannot be in the future."))
        return year

    @property
    def document_period(self) -> str:
        return str(PeriodCode(self.cleaned_data["period"]).in_year(self.cleaned_data["year"]))
