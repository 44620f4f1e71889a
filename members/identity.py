"""Resident identity numbers (GB 11643) and mainland mobile phone numbers.

The check character and the birth date come from python-stdnum (`stdnum.cn.ric`). The region
code (first six digits) is deliberately not checked against stdnum's table of counties: that
table lags behind renamed and newly created districts, and a genuine card must never be refused
at the town office. The check character catches mistyped digits.

Fictitious numbers (demo town, tests) use the region code 999999: no province is numbered 99,
so such a number can never belong to a real person, yet it passes the check character.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from members.rules import validation

FICTITIOUS_REGION = "999999"
_DIGITS = re.compile(r"^\d+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_id_number(value: str) -> str:
    """The canonical 18-character form: spaces removed, x upper-cased, 15 digits converted."""
    number = ric.compact(re.sub(r"[\s\-]", "", value or ""))
    if len(number) == 15 and _DIGITS.match(number):
        number = convert_legacy(number)
    return number


def convert_legacy(number: str) -> str:
    """A first-generation 15-digit number (YYMMDD, born 19YY) as the 18-character number."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def check_digit(body17: str) -> str:
    return ric.calc_check_digit(body17 + "0")


def validate_id_number(value: str) -> str:
    """Return the normalised number or raise ValidationError in plain words."""
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(
            _("An identity number has 18 characters (or 15 digits on an old card)."), code="length"
        )
    if not _DIGITS.match(number[:17]) or not re.match(r"^[0-9X]$", number[17]):
        raise ValidationError(
            _("An identity number is 17 digits followed by a digit or X."), code="format"
        )
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(
            _("This identity number is not valid: its last character does not match. Check it against the card."),
            code="checksum",
        )
    try:
        born = ric.get_birth_date(number)
    except StdnumError:
        raise ValidationError(
            _("The birth date inside this identity number is not a real date."), code="birth_date"
        ) from None
    if born < validation.EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The birth date inside this identity number (%(date)s) is before 1900: check the number.")
            % {"date": born.isoformat()}, code="birth_date",
        )
    if born > timezone.localdate():
        raise ValidationError(
            _("The birth date inside this identity number (%(date)s) is in the future: check the number.")
            % {"date": born.isoformat()}, code="birth_date",
        )
    return number


def birth_date_of(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def sex_of(number: str) -> str:
    """'M' or 'F': the 17th digit is odd for men, even for women."""
    return "M" if int(number[16]) % 2 else "F"


def fictitious_id_number(born: datetime.date, sex: str, serial: int, *, region: str = FICTITIOUS_REGION) -> str:
    """A number that passes the check character but can belong to no one (region 999999, or another region
    of the non-existent provinces 90–99, so that fictitious towns each have their own numbers).

    `serial` (0–499) tells apart people born on the same day; the sequence digit follows sex.
    """
    if not re.fullmatch(r"9\d{5}", region):
        raise ValueError(f"a fictitious region code is six digits starting with 9, not {region!r}")
    sequence = (serial % 500) * 2 + (1 if sex == "M" else 0)
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    return body + check_digit(body)


def normalize_phone(value: str) -> str:
    """A mainland mobile number as 11 digits; +86 / 0086 / 86 prefixes, spaces and dashes removed."""
    phone = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix):
            phone = phone[len(prefix):]
    if len(phone) == 13 and phone.startswith("86"):
        phone = phone[2:]
    return phone


def validate_phone(value: str) -> str:
    phone = normalize_phone(value)
    if not _MOBILE.match(phone):
        raise ValidationError(
            _("Enter a mainland mobile number: 11 digits starting with 1, with or without +86."),
            code="phone",
        )
    return phone
