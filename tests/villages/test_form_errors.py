"""villages.form_errors.apply_errors: an action's refusal lands on the form that asked for it."""

from django import forms
from django.core.exceptions import ValidationError

from villages.form_errors import apply_errors
from villages.locking import StaleRecord


class NoteForm(forms.Form):
    note = forms.CharField()
    version = forms.IntegerField(widget=forms.HiddenInput)


def _form() -> NoteForm:
    form = NoteForm({"note": "甲", "version": 1})
    assert form.is_valid()
    return form


def test_errors_go_next_to_their_visible_field():
    form = _form()
    apply_errors(form, ValidationError({"note": "太短", "other": "别的"}))
    assert form.errors["note"] == ["太短"] and form.non_field_errors() == ["别的"]


def test_errors_of_a_hidden_field_and_without_a_field_go_to_the_top():
    form = _form()
    apply_errors(form, ValidationError({"version": "旧了"}))
    apply_errors(form, ValidationError("不行"))
    assert form.non_field_errors() == ["旧了", "不行"]


def test_a_stale_record_is_one_message_at_the_top():
    form = _form()
    apply_errors(form, StaleRecord())
    assert form.non_field_errors() == [str(StaleRecord())]
