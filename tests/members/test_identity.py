import datetime

import pytest
from django.core.exceptions import ValidationError

from members.identity import (
    fictitious_id_number,
    normalize_id_number,
    normalize_phone,
    sex_of,
    validate_id_number,
    validate_phone,
)
from members.models import Person, Relation

VALID = "360426199101010071"  # python-stdnum's own example


def test_valid_number_passes_unchanged():
    assert validate_id_number(VALID) == VALID


def test_lowercase_x_is_stored_as_capital_x():
    number = fictitious_id_number(datetime.date(1990, 1, 1), "M", 0)
    with_x = next(fictitious_id_number(datetime.date(1990, 1, d), "F", s) for d in range(1, 29) for s in range(50)
                  if fictitious_id_number(datetime.date(1990, 1, d), "F", s).endswith("X"))
    assert validate_id_number(with_x.lower()) == with_x
    assert validate_id_number(number) == number


def test_fifteen_digit_number_is_converted_to_eighteen():
    assert validate_id_number("360426910101007") == VALID


def test_spaces_are_removed():
    assert normalize_id_number(" 3604 2619 9101 0100 71 ") == VALID


@pytest.mark.parametrize("number, code", [
    ("360426199101010072", "checksum"),
    ("36042619910101007", "length"),
    ("3604261991010100711", "length"),
    ("36042619910A010071", "format"),
    ("360426199102300070", "birth_date"),
])
def test_bad_numbers_are_refused_in_plain_words(number, code):
    with pytest.raises(ValidationError) as refused:
        validate_id_number(number)
    assert refused.value.code == code


def test_fictitious_numbers_pass_the_check_yet_use_no_real_region():
    number = fictitious_id_number(datetime.date(2023, 5, 1), "F", 7)
    assert number.startswith("999999")
    assert validate_id_number(number) == number
    assert sex_of(number) == "F"


def test_birth_date_and_sex_are_checked_against_the_number():
    person = Person(name="王强", sex="F", birth_date=datetime.date(1990, 1, 2), relation=Relation.HEAD,
                    id_number=fictitious_id_number(datetime.date(1990, 1, 1), "M", 1))
    with pytest.raises(ValidationError) as refused:
        person.clean()
    assert set(refused.value.message_dict) == {"birth_date", "sex"}
    assert "1990-01-01" in refused.value.message_dict["birth_date"][0]


@pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "+8613812345678", "008613812345678",
                                 "138-1234-5678"])
def test_mobile_numbers_with_or_without_country_code_are_normalised(raw):
    assert validate_phone(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "027-8888888", "+1 202 555 0100"])
def test_other_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        validate_phone(raw)


def test_normalize_phone_keeps_digits_only():
    assert normalize_phone("(138) 1234-5678") == "13812345678"
