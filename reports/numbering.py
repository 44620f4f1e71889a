"""The issuing unit of a town's documents and their document numbers (文号, e.g. 红政计〔2025〕12号).

A number is the next of the town's year, given once to a document (its kind, village and period) when it
is first built, and printed again by every rebuild and later version of that document. Two builders giving
numbers at once never give the same one: the database refuses a second number with the same town, year
and sequence (or a second number for the same document), and the loser reads again and takes the next.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from reports.models import DocumentNumber, IssuingUnit
from villages.models import Town, Village

ATTEMPTS = 10


def issuing_unit(town: Town) -> IssuingUnit:
    """The town's issuing unit as configured, or its people's government with the usual prefix (the town's
    first character, 政计: the government's family planning documents) until the office sets one."""
    unit = IssuingUnit.objects.filter(town=town).first()
    if unit is None:
        unit = IssuingUnit(town=town, name=_("%(town)s People's Government") % {"town": town.name},
                           number_prefix=f"{town.name[:1]}政计")
    return unit


def document_number(*, town: Town, kind: str, village: Village | None, period: str, year: int) -> DocumentNumber:
    """The number of the town's document of this kind, village and period: the one it was given, or the next
    of the year, given now."""
    for _attempt in range(ATTEMPTS):
        given = given_number(town=town, kind=kind, village=village, period=period)
        if given is not None:
            return given
        try:
            with transaction.atomic():
                return DocumentNumber.objects.create(
                    town=town, year=year, sequence=last_sequence(town, year) + 1,
                    prefix=issuing_unit(town).number_prefix, kind=kind, village=village, period=period)
        except IntegrityError:
            continue  # another builder took this number, or numbered this document: read again
    raise IntegrityError(f"no document number could be given in {ATTEMPTS} attempts")


def given_number(*, town: Town, kind: str, village: Village | None, period: str) -> DocumentNumber | None:
    return DocumentNumber.objects.filter(town=town, kind=kind, village=village, period=period).first()


def last_sequence(town: Town, year: int) -> int:
    return DocumentNumber.objects.filter(town=town, year=year).aggregate(last=Max("sequence"))["last"] or 0
