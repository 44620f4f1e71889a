from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from incentives.actions.common import locked
from incentives.models import Budget, Policy
from villages.models import User, Village
from villages.roles import require_town_office


@transaction.atomic
def set_budget(*, policy: Policy, year: int, amount: Decimal, by: User | None, village: Village | None = None,
               note: str = "") -> Budget:
    """The budget of a policy for a year, for a village or (no village) the whole town."""
    require_town_office(by, policy.town_id)
    if policy.village_id and village is not None and village.pk != policy.village_id:
        raise ValidationError({"village": _("A village policy is budgeted for its own village.")})
    budget = locked(Budget.objects.filter(policy=policy, village=village, year=year)).first()
    budget = budget or Budget(policy=policy, village=village, year=year)
    budget.amount, budget.note = amount, (note or "").strip()
    budget._history_user = by
    budget.full_clean(validate_constraints=False)
    budget.save()
    return budget
