"""Recording the facts the registry does not hold (certificates, posts, awards, checks attended)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.actions.common import require_reason
from incentives.models import Fact
from members.models import Household, Person
from villages.models import User
from villages.roles import require_may_change

SENSITIVE = Fact.SENSITIVE_KINDS


@transaction.atomic
def record_fact(*, household: Household, kind: str, occurred_on: datetime.date, by: User | None,
                person: Person | None = None, valid_until: datetime.date | None = None,
                evidence: str = "") -> Fact:
    require_may_change(by, household.village)
    if occurred_on and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("This date is in the future.")})
    fact = Fact(kind=kind, village_id=household.village_id, household=household, person=person,
                occurred_on=occurred_on, valid_until=valid_until, evidence=(evidence or "").strip(), recorded_by=by)
    fact._history_user = by
    fact.full_clean()
    fact.save()
    return fact


@transaction.atomic
def deactivate_fact(*, fact: Fact, reason: str, by: User | None) -> Fact:
    require_may_change(by, fact.village)
    reason = require_reason(reason)
    fact = Fact.objects.select_for_update(of=("self",)).get(pk=fact.pk)
    fact.is_active, fact.deactivated_reason = False, reason
    fact._history_user = by
    fact.save(update_fields=["is_active", "deactivated_reason"])
    return fact
