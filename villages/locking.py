"""Optimistic locking: a change names the version of the record it was made from.

Of two people who opened the same record, the first to save wins; the second is refused with
`StaleRecord`, which every page shows as a form error (villages.form_errors) and every API
answers with 409 (villages.api_errors). Nothing is saved by the refused change.
"""

from typing import TypeVar

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A change that does not name the version it was made from (a form posted without it) is refused with this.
MISSING_VERSION = gettext_lazy("This form does not say which version of the record it was read from: reload the "
                               "page and make the change again.")

M = TypeVar("M", bound=Model)


def version_field(*, required: bool = True) -> forms.IntegerField:
    """The hidden field with the version a form was read at; a form for an existing record requires it."""
    return forms.IntegerField(widget=forms.HiddenInput, required=required, error_messages={"required": MISSING_VERSION})


def require_version(form: forms.BaseForm, record: Model | None) -> None:
    """A form that creates or edits: once the record exists, a post without the version it was read at is refused."""
    if record is not None and record.pk:
        form.fields["version"].required = True
        form.fields["version"].error_messages["required"] = MISSING_VERSION


class StaleRecord(Exception):
    """The record changed since the form or payload was read; nothing was saved."""

    def __init__(self, instance: Model | None = None):
        self.instance = instance
        super().__init__(_("Someone else changed this record meanwhile. Reload the page and try again."))


def lock(instance: M, version: int | None = None, *, queryset: QuerySet | None = None) -> M:
    """The current row of `instance`, locked for this transaction; refused if it moved on since `version`.

    The row lock (PostgreSQL; SQLite serialises writers) makes the check and the save one step,
    so of two saves made from the same version exactly one succeeds. Without a version the row
    is only locked (system work, or a change that serialises on its parent record).
    `queryset` reads the row with what the caller needs joined.
    """
    rows = queryset if queryset is not None else type(instance)._default_manager.all()
    current = rows.select_for_update(of=("self",)).get(pk=instance.pk)
    if version is not None and current.version != version:
        raise StaleRecord(current)
    return current


def claim(instance: M, version: int | None = None) -> M:
    """`lock`, with the version already moved on for the save that follows.

    The caller saves the returned row with "version" among its update fields.
    """
    current = lock(instance, version)
    current.version += 1
    return current
