"""Record income and spending for self-government and services; run the association's fundraising drives.

Entries are not deleted: a mistake is put right by an opposite entry (or corrected, with the version read)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.actions import require_open_dates, require_writer
from services.models import Donation, FundEntry, Fundraising
from villages.locking import claim, lock
from villages.models import Town, User, Village

ENTRY_FIELDS = {"direction", "source", "use", "amount", "entry_date", "note"}
FUNDRAISING_FIELDS = {"title", "starts_on", "ends_on", "purpose", "outcome", "families_helped", "children_helped"}


def _check_entry(entry: FundEntry) -> None:
    errors = {}
    if entry.direction == FundEntry.Direction.INCOME:
        entry.use = ""
        if not entry.source:
            errors["source"] = _("Say where the income comes from.")
    elif entry.direction == FundEntry.Direction.SPENDING:
        entry.source = ""
        if not entry.use:
            errors["use"] = _("Say what the money was spent on.")
    if entry.amount is not None and entry.amount == 0:
        errors["amount"] = _("The amount cannot be zero.")
    if entry.entry_date is not None and entry.entry_date > timezone.localdate():
        errors["entry_date"] = _("A date in the future cannot be recorded yet.")
    if errors:
        raise ValidationError(errors)
    entry.full_clean()


@transaction.atomic
def record_fund_entry(*, town: Town, village: Village | None, direction: str, amount: Decimal,
                      entry_date: datetime.date, by: User | None, source: str = "", use: str = "", note: str = "",
                      correction_reason: str = "") -> FundEntry:
    """Income (with its source) or spending (with its use) of a village's funds, or the town's (village empty).
    A negative amount reverses an earlier entry."""
    require_writer(by, town, village)
    entry = FundEntry(town=town, village=village, direction=direction, source=source, use=use, amount=amount,
                      entry_date=entry_date, note=note)
    _check_entry(entry)
    entry._history_user = by
    entry.save()
    require_open_dates(town=town, dates=[entry_date], reason=correction_reason, by=by, record=entry, village=village,
                       what=_("fund entry %(entry)s") % {"entry": entry})
    return entry


@transaction.atomic
def update_fund_entry(*, entry: FundEntry, version: int | None, by: User | None, correction_reason: str = "",
                      **fields) -> FundEntry:
    require_writer(by, entry.town, entry.village)
    unknown = set(fields) - ENTRY_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(entry, version)
    before = current.entry_date
    for field, value in fields.items():
        setattr(current, field, value)
    _check_entry(current)
    require_open_dates(town=current.town, dates=[before, current.entry_date], reason=correction_reason, by=by,
                       record=current, village=current.village, what=_("fund entry %(entry)s") % {"entry": current})
    current._history_user = by
    current.save()
    return current


def _check_fundraising(fundraising: Fundraising) -> None:
    if fundraising.starts_on and fundraising.starts_on > timezone.localdate():
        raise ValidationError({"starts_on": _("Record a fundraising once it has begun.")})
    if fundraising.starts_on and fundraising.ends_on and fundraising.ends_on < fundraising.starts_on:
        raise ValidationError({"ends_on": _("The end is on or after the start.")})
    fundraising.full_clean()


@transaction.atomic
def start_fundraising(*, town: Town, village: Village | None, title: str, starts_on: datetime.date,
                      ends_on: datetime.date, purpose: str, by: User | None, outcome: str = "",
                      families_helped: int = 0, children_helped: int = 0,
                      correction_reason: str = "") -> Fundraising:
    require_writer(by, town, village)
    fundraising = Fundraising(town=town, village=village, title=title, starts_on=starts_on, ends_on=ends_on,
                              purpose=purpose, outcome=outcome, families_helped=families_helped,
                              children_helped=children_helped)
    _check_fundraising(fundraising)
    fundraising._history_user = by
    fundraising.save()
    require_open_dates(town=town, dates=[starts_on, ends_on], reason=correction_reason, by=by, record=fundraising,
                       village=village, what=_("fundraising %(title)s") % {"title": title})
    return fundraising


@transaction.atomic
def update_fundraising(*, fundraising: Fundraising, version: int | None, by: User | None, correction_reason: str = "",
                       **fields) -> Fundraising:
    require_writer(by, fundraising.town, fundraising.village)
    unknown = set(fields) - FUNDRAISING_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(fundraising, version)
    before = current.ends_on
    for field, value in fields.items():
        setattr(current, field, value)
    _check_fundraising(current)
    if fields:
        require_open_dates(town=current.town, dates=[before, current.ends_on], reason=correction_reason, by=by,
                           record=current, village=current.village,
                           what=_("fundraising %(title)s") % {"title": current.title})
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def record_donation(*, fundraising: Fundraising, donor_name: str, amount: Decimal, donated_on: datetime.date,
                    by: User | None, correction_reason: str = "") -> Donation:
    """A gift to the drive, given while it ran."""
    require_writer(by, fundraising.town, fundraising.village)
    fundraising = lock(fundraising)
    donation = Donation(fundraising=fundraising, donor_name=donor_name, amount=amount, donated_on=donated_on)
    if amount is not None and amount <= 0:
        raise ValidationError({"amount": _("The amount is more than zero.")})
    if donated_on and not fundraising.starts_on <= donated_on <= fundraising.ends_on:
        raise ValidationError({"donated_on": _("A donation is given while the drive runs (%(start)s to %(end)s).")
                               % {"start": fundraising.starts_on.isoformat(), "end": fundraising.ends_on.isoformat()}})
    if donated_on and donated_on > timezone.localdate():
        raise ValidationError({"donated_on": _("A date in the future cannot be recorded yet.")})
    donation.full_clean()
    donation._history_user = by
    donation.save()
    require_open_dates(town=fundraising.town, dates=[donated_on], reason=correction_reason, by=by, record=donation,
                       village=fundraising.village, what=_("donation to %(title)s") % {"title": fundraising.title})
    return donation
