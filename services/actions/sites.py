"""Open a service site, change its details and its state, record the money invested in it. Nothing is
deleted: a site is closed (a state change)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from services.actions import not_future, require_open_dates, require_writer
from services.models import ServiceSite, SiteInvestment, SiteStateChange
from services.models.sites import TOWN_KINDS
from villages.locking import claim
from villages.models import Town, User, Village

SITE_FIELDS = {"kind", "name", "equipment", "opening_hours"}
INVESTMENT_FIELDS = {"amount", "source", "invested_on", "purpose"}


def _check_kind(kind: str, village: Village | None) -> None:
    if village is None and kind not in TOWN_KINDS:
        raise ValidationError({"village": _("A village's kind of site needs its village.")})
    if village is not None and kind in TOWN_KINDS:
        raise ValidationError({"kind": _("The service centre is the town's: leave the village empty.")})


@transaction.atomic
def open_site(*, town: Town, village: Village | None, kind: str, name: str, state_since: datetime.date,
              by: User | None, state: str = ServiceSite.State.IN_USE, equipment: str = "", opening_hours: str = "",
              correction_reason: str = "") -> ServiceSite:
    """A new site, in its first state from `state_since`."""
    require_writer(by, town, village)
    _check_kind(kind, village)
    not_future(state_since, "state_since")
    site = ServiceSite(town=town, village=village, kind=kind, name=name, state=state, state_since=state_since,
                       equipment=equipment, opening_hours=opening_hours)
    site.full_clean()
    site._history_user = by
    site.save()
    require_open_dates(town=town, dates=[state_since], reason=correction_reason, by=by, record=site,
                       village=village, what=_("service site %(name)s opened") % {"name": name})
    change = SiteStateChange(site=site, state=state, changed_on=state_since, recorded_by=by)
    change._history_user = by
    change.save()
    return site


@transaction.atomic
def update_site(*, site: ServiceSite, version: int | None, by: User | None, **fields) -> ServiceSite:
    """Change a site's name, kind, equipment or opening hours (its state changes with `change_state`)."""
    require_writer(by, site.town, site.village)
    unknown = set(fields) - SITE_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(site, version)
    for field, value in fields.items():
        setattr(current, field, value)
    _check_kind(current.kind, current.village)
    current.full_clean()
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def change_state(*, site: ServiceSite, state: str, on: datetime.date, by: User | None, version: int | None = None,
                 note: str = "", correction_reason: str = "") -> ServiceSite:
    """The site is in `state` from `on` (not before its current state began)."""
    require_writer(by, site.town, site.village)
    if state not in ServiceSite.State.values:
        raise ValidationError({"state": _("Choose a state.")})
    not_future(on, "changed_on")
    current = claim(site, version)
    if on < current.state_since:
        raise ValidationError({"changed_on": _("The site's current state began on %(date)s: a change is dated on "
                                               "or after it.") % {"date": current.state_since.isoformat()}})
    if state == current.state:
        raise ValidationError({"state": _("The site is already in this state.")})
    require_open_dates(town=current.town, dates=[on], reason=correction_reason, by=by, record=current,
                       village=current.village, what=_("state of %(name)s") % {"name": current.name})
    current.state, current.state_since = state, on
    current._history_user = by
    current.save()
    change = SiteStateChange(site=current, state=state, changed_on=on, note=note, recorded_by=by)
    change._history_user = by
    change.save()
    return current


def _check_investment(investment: SiteInvestment) -> None:
    not_future(investment.invested_on, "invested_on")
    if investment.amount is not None and investment.amount <= 0:
        raise ValidationError({"amount": _("The amount is more than zero.")})
    investment.full_clean()


@transaction.atomic
def record_investment(*, site: ServiceSite, amount: Decimal, source: str, invested_on: datetime.date, purpose: str,
                      by: User | None, correction_reason: str = "") -> SiteInvestment:
    require_writer(by, site.town, site.village)
    investment = SiteInvestment(site=site, amount=amount, source=source, invested_on=invested_on, purpose=purpose)
    _check_investment(investment)
    investment._history_user = by
    investment.save()
    require_open_dates(town=site.town, dates=[invested_on], reason=correction_reason, by=by, record=investment,
                       village=site.village, what=_("investment in %(name)s") % {"name": site.name})
    return investment


@transaction.atomic
def update_investment(*, investment: SiteInvestment, version: int | None, by: User | None,
                      correction_reason: str = "", **fields) -> SiteInvestment:
    site = investment.site
    require_writer(by, site.town, site.village)
    unknown = set(fields) - INVESTMENT_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(investment, version)
    before = current.invested_on
    for field, value in fields.items():
        setattr(current, field, value)
    _check_investment(current)
    require_open_dates(town=site.town, dates=[before, current.invested_on], reason=correction_reason, by=by,
                       record=current, village=site.village,
                       what=_("investment in %(name)s") % {"name": site.name})
    current._history_user = by
    current.save()
    return current
