from django import forms
from django.utils.translation import gettext_lazy as _


class ReminderForm(forms.Form):
    reminders_on = forms.BooleanField(
        label=_("Send me reminders (in the app, and by e-mail when my account has an address)"), required=False)
