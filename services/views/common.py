"""What the services' pages share: who may write here, running an action from a form."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from services.queries.scope import may_write, reader_town
from villages.form_errors import apply_errors
from villages.locking import StaleRecord
from villages.roles import is_association_member, may_change


def require_reader(user):
    """The town the user reads; association members are not shown the services (404)."""
    town = reader_town(user)
    if town is None or is_association_member(user):
        raise Http404
    return town


def require_writer(user, record) -> None:
    """403 for readers after the scoped lookup found the record."""
    if not may_write(user, record.town_id, record.village):
        raise PermissionDenied


def require_change(user) -> None:
    if not may_change(user):
        raise PermissionDenied


def run(form, action) -> object | None:
    """The action's result, or None with its refusal put on the form."""
    try:
        return action()
    except (ValidationError, StaleRecord) as error:
        apply_errors(form, error)
        return None
