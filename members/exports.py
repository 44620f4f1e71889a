"""Exports of the registry lists a user may see, as xlsx or CSV.

Sensitive columns (identity number, phone, contraception, pregnancy) are included only when the
user may see them for every village in the export; the export is then logged (by the document build,
reports.documents.exports, which runs these in the background).

The files are written streamed, with bounded memory whatever the size of the town: rows come from a
queryset iterator, the CSV is written row by row into a file, the xlsx through openpyxl's write-only
mode. Every cell passes villages.spreadsheets.safe_cell (no formula from a name).
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from members import queries
from members.forms import HouseholdSearchForm
from members.import_check import COLUMNS
from members.models import FamilyCategory, Household, Person
from villages.privacy import sensitive_villages
from villages.queries import OutOfScope, groups_for
from villages.roles import may_browse_people
from villages.spreadsheets import safe_row

FORMATS = ("csv", "xlsx")
# Excel opens at most 1,048,576 rows a sheet (the header included).
XLSX_ROWS_PER_SHEET = 1_048_576
FILTERS = ("q", "group", "category", "status")

PLAIN = [
    ("household_number", gettext_lazy("household number")), ("village", gettext_lazy("village")),
    ("group", gettext_lazy("villager group")), ("address", gettext_lazy("address")),
    ("hukou_type", gettext_lazy("hukou type")), ("poverty", gettext_lazy("poverty status")),
    ("name", pgettext_lazy("person", "name")), ("sex", gettext_lazy("sex")), ("birth_date", gettext_lazy("birth date")),
    ("ethnicity", gettext_lazy("ethnicity")), ("relation", gettext_lazy("relation to the household head")),
    ("marital_status", gettext_lazy("marital status")), ("residence", gettext_lazy("residence")),
    ("status", gettext_lazy("status")), ("categories", gettext_lazy("family category")),
]
SENSITIVE = [
    ("id_number", gettext_lazy("identity number")), ("phone", gettext_lazy("mobile phone")),
    ("contraception", gettext_lazy("contraception measure")),
    ("contraception_since", gettext_lazy("contraception measure since")),
    ("pregnancy", gettext_lazy("pregnancy status")),
]


def columns(sensitive: bool) -> list:
    return PLAIN + (SENSITIVE if sensitive else [])


def clean_filters(user, data) -> dict:
    """The household list's filters (q, group, category, status) as an export keeps them, checked as the
    household list checks them: a group out of the user's reach is refused (ValidationError)."""
    form = HouseholdSearchForm({key: data.get(key) or "" for key in FILTERS}, groups=groups_for(user))
    if not form.is_valid():
        raise ValidationError(form.errors)
    group = form.cleaned_data.get("group")
    return {"q": form.cleaned_data.get("q", "").strip(), "group": group.pk if group else None,
            "category": form.cleaned_data.get("category", ""), "status": form.cleaned_data.get("status", "")}


@dataclass
class RegistryExport:
    """What an export of the registry writes: its header, its rows (an iterator, read once), how many
    rows there are (for progress), the villages they are of, and whether the sensitive columns are in."""

    header: list
    rows: Iterator[list]
    count: int
    village_ids: set[int]
    sensitive: bool


def exported_households(user, filters: dict):
    if not may_browse_people(user):
        raise OutOfScope
    filters = clean_filters(user, filters)
    return queries.households_for(user).filter(**_household_filters(user, filters))


def _household_filters(user, filters: dict) -> dict:
    lookups = {}
    if filters["group"]:
        lookups["group_id"] = filters["group"]
    if filters["status"]:
        lookups["status"] = filters["status"]
    if filters["category"] or filters["q"]:
        listed = queries.household_list(user, search=filters["q"], category=filters["category"])
        lookups["pk__in"] = listed.order_by().values("pk")
    return lookups


def export_villages(user, filters: dict) -> set[int]:
    return set(exported_households(user, filters).order_by().values_list("village_id", flat=True).distinct())


def may_export_sensitive(user, village_ids: set[int]) -> bool:
    return bool(village_ids) and sensitive_villages(user, village_ids) == village_ids


def registry_export(*, user, filters: dict, sensitive: bool = True) -> RegistryExport:
    """The people of the households the user may see, filtered as the household list is; the sensitive
    columns only when asked for and the user sees them in every village of the export."""
    households = exported_households(user, filters)
    village_ids = set(households.order_by().values_list("village_id", flat=True).distinct())
    sensitive = sensitive and may_export_sensitive(user, village_ids)
    people = Person.objects.filter(household__in=households.order_by().values("pk"))
    return RegistryExport(header=[label for _key, label in columns(sensitive)],
                          rows=people_rows(households, sensitive=sensitive), count=people.count(),
                          village_ids=village_ids, sensitive=sensitive)


def _labels(model, field: str, *, blank_when_empty: bool = False) -> Callable:
    """The display of a choice field's value, as get_<field>_display gives it, from a dict made once."""
    labels = {value: str(label) for value, label in model._meta.get_field(field).flatchoices}

    def label(value):
        if blank_when_empty and not value:
            return ""
        return labels.get(value, value)
    return label


def _same(value):
    return value


def _row_spec() -> dict[str, tuple[str, Callable]]:
    """Each column's lookup from Person (annotated by _people) and how its value is shown."""
    return {
        "household_number": ("household__number", _same), "village": ("household__village__name", _same),
        "group": ("household__group__name", _same), "address": ("household__address", _same),
        "hukou_type": ("household__hukou_type", _labels(Household, "hukou_type")),
        "poverty": ("household__poverty", _labels(Household, "poverty")),
        "name": ("name", _same), "sex": ("sex", _labels(Person, "sex")), "birth_date": ("birth_date", _same),
        "ethnicity": ("ethnicity", _labels(Person, "ethnicity")),
        "relation": ("relation", _labels(Person, "relation")),
        "marital_status": ("marital_status", _labels(Person, "marital_status")),
        "residence": ("residence", _labels(Person, "residence")), "status": ("status", _labels(Person, "status")),
        "categories": ("category_codes", _category_labels()),
        "id_number": ("id_number", _same), "phone": ("phone", _same),
        "contraception": ("contraception", _labels(Person, "contraception", blank_when_empty=True)),
        "contraception_since": ("contraception_since", _same),
        "pregnancy": ("pregnancy", _labels(Person, "pregnancy", blank_when_empty=True)),
    }


def people_rows(households, *, sensitive: bool):
    """One row per person of the given households (a queryset), streamed from one query through a server-side
    cursor: plain values (values_list, no model instances), the household's current family categories joined
    in that same query, choices shown through dicts made once. Nothing kept grows with the number of rows."""
    spec = _row_spec()
    keys = [key for key, _label in columns(sensitive)]
    lookups = [spec[key][0] for key in keys]
    shows = [spec[key][1] for key in keys]
    people = (Person.objects.filter(household__in=households.order_by().values("pk"))
              .annotate(category_codes=_current_category_codes())
              .order_by("household__village__code", "household__number", "relation", "birth_date")
              .values_list(*lookups))
    for values in people.iterator(chunk_size=2000):
        yield [show(value) for show, value in zip(shows, values, strict=True)]


class _Joined(Aggregate):
    """Text values joined with commas: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite (Django 5.2 has no
    aggregate for both)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _current_category_codes() -> Subquery:
    """The codes of the current family categories of the person's household, joined: one correlated
    subquery per row instead of a dict of every household held for the whole export."""
    return Subquery(FamilyCategory.objects.current().filter(household_id=OuterRef("household_id"))
                    .order_by().values("household_id").annotate(codes=_Joined("category")).values("codes"))


def _category_labels() -> Callable:
    """How the joined codes are shown: their labels, in the order the categories are declared."""
    labels = {value: str(label) for value, label in FamilyCategory.Category.choices}
    order = {value: position for position, value in enumerate(labels)}

    def show(codes):
        if not codes:
            return ""
        return "、".join(labels.get(code, code) for code in sorted(codes.split(","), key=lambda c: order.get(c, 99)))
    return show


def _counted(rows: Iterable, on_row: Callable[[int], None] | None) -> Iterator:
    """The rows, one at a time; on_row(n) after each (the build reports progress every so many)."""
    for number, row in enumerate(rows, start=1):
        yield row
        if on_row is not None:
            on_row(number)


def stream_xlsx(header, rows: Iterable, output: BinaryIO, *, on_row: Callable[[int], None] | None = None) -> None:
    """Write the sheet into `output` with openpyxl's write-only mode: rows go to disk as they come. Past
    Excel's limit of rows a sheet (a county's million people reach it) the rows go on in a second sheet,
    under the header again, and so on."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    labels = [str(label) for label in header]
    sheet, filled = _sheet(workbook, labels), 1
    for row in _counted(rows, on_row):
        if filled == XLSX_ROWS_PER_SHEET:
            sheet, filled = _sheet(workbook, labels), 1
        sheet.append(safe_row(_xml_text(value) for value in row))
        filled += 1
    workbook.save(output)


def _sheet(workbook, labels: list[str]):
    number = len(workbook.worksheets) + 1
    sheet = workbook.create_sheet(_("people") if number == 1 else f"{_('people')} {number}")
    sheet.append(labels)
    return sheet


def _xml_text(value):
    """Text without the control characters an xlsx (XML) cannot hold: openpyxl refuses them."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def stream_csv(header, rows: Iterable, output: BinaryIO, *, on_row: Callable[[int], None] | None = None) -> None:
    """Write the CSV into `output` row by row, in UTF-8 with a byte-order mark, so that Excel on a Chinese
    Windows opens it correctly."""
    text = io.TextIOWrapper(output, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([str(label) for label in header])
    for row in _counted(rows, on_row):
        writer.writerow(safe_row("" if value is None else value for value in row))
    text.flush()
    text.detach()  # the caller's file stays open


WRITERS = {"csv": stream_csv, "xlsx": stream_xlsx}


def write_xlsx(header, rows) -> bytes:
    output = io.BytesIO()
    stream_xlsx(header, rows, output)
    return output.getvalue()


def write_csv(header, rows) -> bytes:
    output = io.BytesIO()
    stream_csv(header, rows, output)
    return output.getvalue()


def import_template() -> bytes:
    """The import template: the header row, one example household, and the code lists."""
    from openpyxl import Workbook

    from members.identity import fictitious_id_number
    from members.models import Ethnicity, MaritalStatus, Relation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("households and people")
    sheet.append([str(label) for _key, label, _required in COLUMNS])
    import datetime

    examples = [
        ("0001", "", "1", "第一村民小组1号", _("rural"), "", "", "王强", datetime.date(1985, 3, 1), "M", "02", "21"),
        ("0001", "", "1", "", "", "", "", "李芳", datetime.date(1988, 6, 15), "F", "12", "21"),
        ("0001", "", "1", "", "", "", "", "王玥", datetime.date(2016, 9, 1), "F", "30", "10"),
    ]
    for number, village, group, address, hukou, poverty, since, name, born, sex, relation, marital in examples:
        sheet.append([number, village, group, address, hukou, poverty, since, name,
                      fictitious_id_number(born, sex, 1), str(Person.Sex(sex).label), born.isoformat(),
                      str(Ethnicity.HAN.label), str(Relation(relation).label), str(MaritalStatus(marital).label),
                      "", ""])
    codes = workbook.create_sheet(_("codes"))
    codes.append([_("column"), _("code"), _("meaning")])
    for column, choices in ((_("relation to the household head"), Relation),
                            (_("marital status"), MaritalStatus), (_("ethnicity"), Ethnicity),
                            (_("hukou type"), Household.HukouType), (_("poverty status"), Household.Poverty),
                            (_("residence"), Person.Residence)):
        for value, label in choices.choices:
            codes.append([column, value, str(label)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
