"""What can have happened: the registry's rules of possible dates and ages, as pure functions.

One set of rules for every way a fact enters the registry: the models' `clean()` and the actions
(so the pages and the API refuse the same facts), the serializers' date fields, and the import's
check of every row. Each rule takes plain values (dates, a birth date, a sex, a name) and returns
the errors it finds as a dict of field → messages, empty when the fact is possible; `refuse()`
raises them together as Django's `ValidationError`, which the pages show next to the field
(villages.form_errors) and the API answers with 400 (villages.api_errors). The caller names the
field, because the same fact is `birth_date` on a person and `born_on` on a birth.

Dates are compared with `today`, the town's current date unless a test names another day.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

Errors = dict[str, list[str]]

# Nobody alive or recently dead in the registry was born before this; an earlier date is a typing error.
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

# A parent's plausible age at a child's birth (whole years on the birth date). These are not legal
# limits: they catch a wrong year or the wrong person chosen as parent (a sister, a grandmother),
# while keeping every recorded real birth possible, very young and late mothers included.
MOTHER_YOUNGEST = 14
MOTHER_OLDEST = 55
FATHER_YOUNGEST = 16

# The legal minimum age for marriage, by the law in force on the marriage day: the Marriage Law
# of 1950 (art. 4: men 20, women 18), then the Marriage Law of 1980 from 1 January 1981 (art. 6:
# men 22, women 20), kept by the Civil Code of 2021 (art. 1047). Latest first.
MARRIAGE_AGES = (
    (datetime.date(1981, 1, 1), {"M": 22, "F": 20}),
    (datetime.date.min, {"M": 20, "F": 18}),
)


def refuse(*found: Errors) -> None:
    """Raise every error found, field by field, or nothing."""
    errors = merge({}, *found)
    if errors:
        raise ValidationError(errors)


def merge(errors: dict, *found: Errors) -> dict:
    for more in found:
        for field, messages in more.items():
            if messages:
                errors.setdefault(field, []).extend(messages)
    return errors


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Whole years on `day` (someone born on 29 February comes of age on 1 March)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# --- One value: validators for form and serializer fields ------------------------------------

def validate_past_date(day: datetime.date | None) -> None:
    """A day that has already come: events, decisions, statuses."""
    if day and day > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")


def validate_birth_date(born: datetime.date | None) -> None:
    errors = possible_birth_date("birth_date", born)
    if errors:
        raise ValidationError(errors["birth_date"][0], code="birth_date")


# --- Rules --------------------------------------------------------------------------------------

def in_the_past(field: str, day: datetime.date | None, *, today: datetime.date | None = None) -> Errors:
    """Today is allowed, tomorrow is not."""
    if day and day > _today(today):
        return {field: [_("This date is in the future.")]}
    return {}


def possible_birth_date(field: str, born: datetime.date | None, *, today: datetime.date | None = None) -> Errors:
    if born and born < EARLIEST_BIRTH_DATE:
        return {field: [_("A birth date before 1900 cannot be right: check the year.")]}
    return in_the_past(field, born, today=today)


def after_birth(field: str, day: datetime.date | None, *, born: datetime.date | None, name: str) -> Errors:
    """Nothing happens to someone before they are born: the birth day itself is allowed."""
    if day and born and day < born:
        return {field: [_("%(name)s was born on %(born)s, after this date.")
                        % {"name": name, "born": born.isoformat()}]}
    return {}


def parents_at_birth(born: datetime.date | None, *, mother_born: datetime.date | None = None,
                     father_born: datetime.date | None = None, born_field: str = "birth_date",
                     mother_field: str = "mother", father_field: str = "father") -> Errors:
    """The parents' ages at a (biological) child's birth. Adoptive parents are not checked here.

    A child born before a parent is an error of the birth date; a parent of an implausible age,
    an error of the parent chosen.
    """
    if not born:
        return {}
    errors = {}
    if mother_born and born <= mother_born:
        merge(errors, {born_field: [_("The child cannot be born before the mother.")]})
    elif mother_born and age_on(mother_born, born) < MOTHER_YOUNGEST:
        merge(errors, {mother_field: [
            _("The mother would be %(age)d years old at this birth; a mother is at least %(youngest)d.")
            % {"age": age_on(mother_born, born), "youngest": MOTHER_YOUNGEST}]})
    elif mother_born and age_on(mother_born, born) > MOTHER_OLDEST:
        merge(errors, {mother_field: [
            _("The mother would be %(age)d years old at this birth; a mother is at most %(oldest)d.")
            % {"age": age_on(mother_born, born), "oldest": MOTHER_OLDEST}]})
    if father_born and born <= father_born:
        merge(errors, {born_field: [_("The child cannot be born before the father.")]})
    elif father_born and age_on(father_born, born) < FATHER_YOUNGEST:
        merge(errors, {father_field: [
            _("The father would be %(age)d years old at this birth; a father is at least %(youngest)d.")
            % {"age": age_on(father_born, born), "youngest": FATHER_YOUNGEST}]})
    return errors


def minimum_marriage_age(sex: str, on: datetime.date) -> int:
    return next(ages[sex] for since, ages in MARRIAGE_AGES if on >= since)


def marriage_age(field: str, married_on: datetime.date | None, *, born: datetime.date | None, sex: str,
                 name: str) -> Errors:
    """Old enough to marry on the marriage day, by the law of that day (the birthday itself counts)."""
    if not married_on or not born or sex not in ("M", "F"):
        return {}
    if married_on < born:
        return after_birth(field, married_on, born=born, name=name)
    age, minimum = age_on(born, married_on), minimum_marriage_age(sex, married_on)
    if age >= minimum:
        return {}
    message = (_("%(name)s would be %(age)d years old on the marriage date, under the legal minimum of %(minimum)d "
                 "for a man.") if sex == "M" else
               _("%(name)s would be %(age)d years old on the marriage date, under the legal minimum of %(minimum)d "
                 "for a woman."))
    return {field: [message % {"name": name, "age": age, "minimum": minimum}]}


def ever_married_age(field: str, *, ever_married: bool, born: datetime.date | None, sex: str, name: str,
                     today: datetime.date | None = None) -> Errors:
    """Someone recorded as married, divorced or widowed married at the legal age at the latest, so is
    at least that old today (whoever is younger today married under today's law)."""
    if not ever_married or not born or sex not in ("M", "F"):
        return {}
    today = _today(today)
    age, minimum = age_on(born, today), minimum_marriage_age(sex, today)
    if age >= minimum:
        return {}
    message = (_("%(name)s is %(age)d and cannot have married yet: a man may marry from %(minimum)d.")
               if sex == "M" else
               _("%(name)s is %(age)d and cannot have married yet: a woman may marry from %(minimum)d."))
    return {field: [message % {"name": name, "age": age, "minimum": minimum}]}


def move_out_dates(field: str, moved_on: datetime.date | None, *, born: datetime.date | None, name: str,
                   arrived_on: datetime.date | None = None) -> Errors:
    """A move out follows the birth and the latest arrival in the register (moving in, being entered)."""
    errors = after_birth(field, moved_on, born=born, name=name)
    if not errors and moved_on and arrived_on and moved_on < arrived_on:
        errors = {field: [_("%(name)s moved in or was entered in the register on %(date)s: the move out cannot be "
                            "before that.") % {"name": name, "date": arrived_on.isoformat()}]}
    return errors


def divorce_after_marriage(field: str, divorced_on: datetime.date | None, *,
                           married_on: datetime.date | None) -> Errors:
    if divorced_on and married_on and divorced_on < married_on:
        return {field: [_("The marriage this divorce ends took place on %(date)s: the divorce cannot be before "
                          "that.") % {"date": married_on.isoformat()}]}
    return {}
