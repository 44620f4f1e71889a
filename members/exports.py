"""Exports of the registry lists a user may see, as xlsx or CSV.

Sensitive columns (identity number, phone, contraception, pregnancy) are included only when the
user may see them for every village in the export; the export is then logged.
"""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from members.import_check import COLUMNS
from members.models import Household, Person
from villages.spreadsheets import safe_row

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


def people_rows(households, *, sensitive: bool):
    """One row per person of the given households (a queryset), streamed in a fixed number of queries."""
    people = (Person.objects.filter(household__in=households.values("pk"))
              .select_related("household__village", "household__group")
              .order_by("household__village__code", "household__number", "relation", "birth_date"))
    categories = _categories(households)
    keys = [key for key, _label in columns(sensitive)]
    for person in people.iterator(chunk_size=2000):
        household = person.household
        values = {
            "household_number": household.number, "village": household.village.name,
            "group": household.group.name, "address": household.address,
            "hukou_type": household.get_hukou_type_display(), "poverty": household.get_poverty_display(),
            "name": person.name, "sex": person.get_sex_display(), "birth_date": person.birth_date,
            "ethnicity": person.get_ethnicity_display(), "relation": person.get_relation_display(),
            "marital_status": person.get_marital_status_display(), "residence": person.get_residence_display(),
            "status": person.get_status_display(), "categories": categories.get(household.pk, ""),
        }
        if sensitive:
            values |= {
                "id_number": person.id_number, "phone": person.phone,
                "contraception": person.get_contraception_display() if person.contraception else "",
                "contraception_since": person.contraception_since,
                "pregnancy": person.get_pregnancy_display() if person.pregnancy else "",
            }
        yield [values[key] for key in keys]


def _categories(households) -> dict[int, str]:
    from members.models import FamilyCategory

    labels = dict(FamilyCategory.Category.choices)
    result = {}
    rows = FamilyCategory.objects.current().filter(household__in=households.values("pk")).values_list(
        "household_id", "category")
    for household_id, category in rows:
        result[household_id] = "、".join(filter(None, [result.get(household_id), str(labels[category])]))
    return result


def write_xlsx(header, rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("people"))
    sheet.append([str(label) for label in header])
    for row in rows:
        sheet.append(safe_row(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def write_csv(header, rows) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([str(label) for label in header])
    for row in rows:
        writer.writerow(safe_row("" if value is None else value for value in row))
    # UTF-8 with a byte-order mark, so that Excel on a Chinese Windows opens it correctly.
    return ("\ufeff" + output.getvalue()).encode("utf-8")


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
