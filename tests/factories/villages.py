"""Builders for the three-in-one team: posts, appointments, designations."""

import datetime
from decimal import Decimal

from villages.models import Appointment, Designation, Position, Village


def make_position(*, village: Village, kind=Position.Kind.SPECIALIST, group=None) -> Position:
    position, _ = Position.objects.get_or_create(village=village, kind=kind, group=group)
    return position


def make_appointment(*, position=None, village=None, kind=Position.Kind.SPECIALIST, holder_name="李芳",
                     started_on=datetime.date(2022, 1, 1), ended_on=None, end_reason="", end_note="",
                     pay_kind=Appointment.PayKind.WAGE, monthly_amount=Decimal("1200")) -> Appointment:
    position = position or make_position(village=village, kind=kind)
    return Appointment.objects.create(
        position=position, holder_name=holder_name, started_on=started_on, ended_on=ended_on,
        end_reason=end_reason, end_note=end_note, pay_kind=pay_kind, monthly_amount=monthly_amount,
    )


def make_designation(*, village: Village, year=2025, kind=Designation.Kind.QUALIFIED, **extra) -> Designation:
    return Designation.objects.create(village=village, year=year, kind=kind,
                                      decided_on=datetime.date(year, 12, 28), **extra)
