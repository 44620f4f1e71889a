"""Village affairs disclosure boards: building, review, publication, versions, verification and objections."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reports.actions.boards import (
    attach_photo,
    correct_board,
    publish_board,
    record_objection,
    request_all_boards,
    request_board,
    respond_to_objection,
    review_board,
)
from reports.models import BoardObjection, BoardPublication, Document, DocumentBatch
from reports.queries.boards import boards_ending, objections_due
from reports.queries.worklists import worklist
from tests import factories
from tests.reports.test_benefit_documents import paid_cycle  # noqa: F401  (a fixture)
from tests.reports.test_rendering import pdf_text
from villages.models import SensitiveAccess, User

TODAY = timezone.localdate()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def built(board: BoardPublication) -> BoardPublication:
    board.refresh_from_db()
    board.document.refresh_from_db()
    return board


def published(office, board: BoardPublication) -> BoardPublication:
    review_board(board=board, by=office, approve=True)
    return publish_board(board=board, by=office)


@pytest.fixture
def other_specialist(other_village):
    return factories.make_user(role=User.Role.SPECIALIST, village=other_village, username="other-specialist")


@pytest.fixture
def board(specialist, village, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = request_board(village=village, requested_by=specialist, period="2025")
    return built(made)


@pytest.fixture
def live_board(board, town_office):
    return published(town_office, board)


# --- The document ---------------------------------------------------------------------------------------------

def test_the_board_prints_masked_recipients_and_no_small_counts(paid_cycle, specialist, village,  # noqa: F811
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the benefit was paid today: this year's board
        board = request_board(village=village, requested_by=specialist, period=str(TODAY.year))
    document = built(board).document

    assert document.status == Document.Status.DONE, document.error
    text = pdf_text(document)
    assert "村务公开" in text and "王*一" in text and "王小一" not in text
    assert "<5" in text and not re.search(r"(?<![\d<])[0-4]人", text)
    assert not re.search(r"1[3-9]\d{9}", text) and not re.search(r"\d{17}[\dX]", text)
    assert document.number_id is not None and document.sha256


def test_a3_and_a4_boards_both_build(specialist, village, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a4 = request_board(village=village, requested_by=specialist, period="2025Q4", paper_size="A4")
    a4 = built(a4)
    assert a4.document.status == Document.Status.DONE, a4.document.error
    assert a4.version == 1 and a4.paper_size == "A4"


def test_a_board_is_for_a_village_and_a_quarter_or_year(specialist, village, other_village):
    with pytest.raises(ValidationError):
        request_board(village=village, requested_by=specialist, period="202510")
    with pytest.raises(PermissionDenied):
        request_board(village=other_village, requested_by=specialist, period="2025")
    with pytest.raises(ValidationError):
        request_board(village=village, requested_by=specialist, period="2025", publish_from=TODAY,
                      publish_until=TODAY - datetime.timedelta(days=1))


def test_the_office_builds_every_villages_board_as_one_batch(town_office, village, other_village,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = request_all_boards(requested_by=town_office, period="2025Q4")

    boards = BoardPublication.objects.filter(document__batch=batch)
    assert boards.count() == 2 and {b.version for b in boards} == {1}
    assert set(batch.documents.values_list("status", flat=True)) == {Document.Status.DONE}
    assert DocumentBatch.objects.with_progress().get(pk=batch.pk).progress == 100


def test_the_boards_of_a_batch_read_the_towns_figures_once(town_office, specialist, village, other_village,
                                                            django_capture_on_commit_callbacks, monkeypatch):
    """catalogue.values computes the whole town's figures: a batch reads them once (the quarter and each month),
    not once per board; a board asked for alone reads them afresh."""
    from reports.documents import boards as board_documents

    reads = []
    values = board_documents.catalogue.values
    monkeypatch.setattr(board_documents.catalogue, "values",
                        lambda town_id, period, codes: reads.append(str(period)) or values(town_id, period, codes))
    with django_capture_on_commit_callbacks(execute=True):
        batch = request_all_boards(requested_by=town_office, period="2025Q4")
    assert set(batch.documents.values_list("status", flat=True)) == {Document.Status.DONE}
    assert sorted(reads) == ["202510", "202511", "202512", "2025Q4"]

    reads.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_board(village=village, requested_by=specialist, period="2025Q4")
    assert len(reads) == 4


def test_a_specialist_does_not_build_every_villages_board(specialist):
    with pytest.raises(PermissionDenied):
        request_all_boards(requested_by=specialist, period="2025Q4")


# --- Review, publication, versions, verification --------------------------------------------------------------

def test_review_publish_and_verify(board, town_office, client):
    with pytest.raises(ValidationError):
        review_board(board=board, by=town_office, approve=False)  # a return says why
    with pytest.raises(ValidationError):
        publish_board(board=board, by=town_office)  # not approved yet

    board = published(town_office, board)

    assert board.state == "published" and board.public_html
    response = client.get(reverse("reports:verify", args=[board.document.verification_code]))
    page = response.content.decode()
    assert response.status_code == 200 and "村务公开" in page and 'id="published"' in page
    assert "王小一" not in page


def test_a_correction_supersedes_the_published_version(live_board, specialist, town_office, client,
                                                       django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        correct_board(board=live_board, by=specialist, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        second = correct_board(board=live_board, by=specialist, reason="第3行金额有误")
    second = built(second)
    assert second.version == 2 and second.corrects == live_board

    published(town_office, second)

    live_board.refresh_from_db()
    assert live_board.state == "superseded" and live_board.superseded_by == second
    page = client.get(reverse("reports:verify", args=[live_board.document.verification_code])).content.decode()
    assert 'id="superseded"' in page and "2" in page
    with pytest.raises(ValidationError):
        correct_board(board=live_board, by=specialist, reason="again")
    assert BoardPublication.history.filter(id=live_board.pk).count() >= 4


def test_only_the_town_office_reviews_and_publishes(board, specialist):
    with pytest.raises(PermissionDenied):
        review_board(board=board, by=specialist, approve=True)


def test_the_photo_of_the_posting_is_a_jpeg_or_png_served_to_the_village(live_board, specialist, other_specialist,
                                                                         leader, client):
    with pytest.raises(ValidationError):
        attach_photo(board=live_board, by=specialist, photo=SimpleUploadedFile("board.png", b"<html>"))
    attach_photo(board=live_board, by=specialist, photo=SimpleUploadedFile("board.png", PNG))
    url = reverse("reports:board_photo_download", args=[live_board.pk])

    client.force_login(specialist)
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "image/png"
    client.force_login(other_specialist)
    assert client.get(url).status_code == 404
    client.force_login(leader)
    assert client.get(url).status_code == 404


# --- Objections -----------------------------------------------------------------------------------------------

def test_an_objection_is_recorded_answered_and_listed_when_overdue(live_board, specialist, town_office, client):
    objection = record_objection(board=live_board, by=specialist, item="二、优待兑现 第1行", villager_name="王强",
                                 villager_contact="13800000000", content="金额不对",
                                 received_on=TODAY - datetime.timedelta(days=10))
    assert objection.respond_by == TODAY - datetime.timedelta(days=3)

    client.force_login(town_office)
    page = client.get(reverse("reports:objection_list")).content.decode()
    assert "二、优待兑现 第1行" in page and 'id="overdue-objections"' in page
    assert SensitiveAccess.objects.filter(user=town_office, record_type="reports.boardobjection").exists()
    assert list(objections_due(town_office, today=TODAY)) == [objection]
    assert [item.url for item in _worklist_items(town_office, "objection_due")] == [
        reverse("reports:objection_detail", args=[objection.pk])]
    assert _worklist_items(specialist, "objection_due")[0].overdue

    respond_to_objection(objection=objection, by=town_office, response="已核实", version=objection.version)
    objection.refresh_from_db()
    assert not objection.is_open and list(objections_due(town_office, today=TODAY)) == []
    assert _worklist_items(town_office, "objection_due") == []


def test_objections_are_private_to_the_office_and_the_villages_specialist(live_board, specialist, other_specialist,
                                                                          leader, client):
    objection = record_objection(board=live_board, by=specialist, item="第1行", villager_name="王强",
                                 content="异议")
    with pytest.raises(PermissionDenied):
        record_objection(board=live_board, by=other_specialist, item="第1行", villager_name="王强", content="异议")
    for user in (other_specialist, leader):
        client.force_login(user)
        assert client.get(reverse("reports:objection_detail", args=[objection.pk])).status_code in (403, 404)
    page = client.get(reverse("reports:verify", args=[live_board.document.verification_code])).content.decode()
    assert "王强" not in page


def test_worklist_queries(live_board, town_office, specialist, other_specialist):
    live_board.published_until = TODAY + datetime.timedelta(days=5)
    live_board.save(update_fields=["published_until"])

    assert list(boards_ending(town_office, today=TODAY)) == [live_board]
    assert [item.url for item in _worklist_items(town_office, "board_ending")] == [
        reverse("reports:board_detail", args=[live_board.pk])]
    assert list(boards_ending(specialist, today=TODAY, within_days=7)) == [live_board]
    assert list(boards_ending(specialist, today=TODAY, within_days=2)) == []
    assert list(boards_ending(other_specialist, today=TODAY)) == []
    assert list(objections_due(other_specialist, today=TODAY)) == []


# --- Pages ----------------------------------------------------------------------------------------------------

def test_pages_happy_path(specialist, town_office, village, client, django_capture_on_commit_callbacks):
    client.force_login(specialist)
    assert client.get(reverse("reports:board_request")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:board_request"), {
            "village": village.pk, "period": "2025Q4", "paper_size": "A3"})
    board = BoardPublication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:board_detail", args=[board.pk])

    client.force_login(town_office)
    assert client.get(reverse("reports:board_detail", args=[board.pk])).status_code == 200
    client.post(reverse("reports:board_review", args=[board.pk]), {"decision": "approve"})
    client.post(reverse("reports:board_publish", args=[board.pk]), {})
    board.refresh_from_db()
    assert board.state == "published"

    response = client.post(reverse("reports:objection_new"), {
        "board": board.pk, "item": "四、出生 10月", "villager_name": "李芳", "content": "统计有误"})
    objection = BoardObjection.objects.get()
    assert response.status_code == 302 and objection.respond_by == objection.received_on + datetime.timedelta(days=7)
    assert client.get(reverse("reports:objection_detail", args=[objection.pk])).status_code == 200
    response = client.post(reverse("reports:objection_detail", args=[objection.pk]),
                           {"response": "已更正", "version": objection.version})
    assert response.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:board_correct", args=[board.pk]), {"reason": "统计有误"})
    assert BoardPublication.objects.filter(village=village, version=2).exists()
    assert client.get(reverse("reports:board_list"), {"state": "published"}).status_code == 200


def test_pages_refuse_bad_input_and_another_village(specialist, other_specialist, board, client):
    client.force_login(specialist)
    response = client.post(reverse("reports:board_request"), {"village": board.village_id, "period": "202510",
                                                              "paper_size": "A3"})
    assert response.status_code == 200 and "period" in response.context["form"].errors
    client.force_login(other_specialist)
    assert client.get(reverse("reports:board_detail", args=[board.pk])).status_code == 404
    response = client.post(reverse("reports:board_request"), {"village": board.village_id, "period": "2025",
                                                              "paper_size": "A3"})
    assert response.status_code == 200 and "village" in response.context["form"].errors


def test_board_list_query_count_does_not_grow(town_office, town, client, django_assert_max_num_queries,
                                              django_capture_on_commit_callbacks):
    villages = [factories.make_village(town=town) for _ in range(4)]
    for place in villages:
        request_board(village=place, requested_by=town_office, period="2025Q4")
    client.force_login(town_office)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:board_list"))
    assert response.status_code == 200 and len(response.context["page"]) == 4


def test_objection_list_query_count_does_not_grow(live_board, town_office, specialist, client,
                                                  django_assert_max_num_queries):
    for number in range(5):
        record_objection(board=live_board, by=specialist, item=f"第{number}行", villager_name="王强", content="异议")
    client.force_login(town_office)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reports:objection_list")).status_code == 200


# --- API ------------------------------------------------------------------------------------------------------

BOARDS, OBJECTIONS = "/api/v1/disclosure-boards/", "/api/v1/board-objections/"


@pytest.fixture
def api():
    return APIClient()


def test_api_happy_path(api, specialist, town_office, village, django_capture_on_commit_callbacks):
    api.force_authenticate(specialist)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(BOARDS, {"village": village.pk, "period": "2025Q4"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    code = response.json()["verification_code"]
    assert response.json()["verify_url"].endswith(reverse("reports:verify", args=[code]))

    api.force_authenticate(town_office)
    assert api.post(f"{BOARDS}{pk}/review/", {"decision": "approve"}, format="json").status_code == 200
    response = api.post(f"{BOARDS}{pk}/publish/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "published"
    assert api.get(BOARDS, {"state": "published"}).json()["count"] == 1

    response = api.post(OBJECTIONS, {"board": pk, "item": "第1行", "villager_name": "王强", "content": "异议"},
                        format="json")
    assert response.status_code == 201
    objection = response.json()
    response = api.post(f"{OBJECTIONS}{objection['id']}/respond/", {"response": "已答复", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["responded_on"]
    assert api.get(OBJECTIONS).json()["count"] == 1


def test_api_bad_input_and_another_village(api, specialist, other_specialist, board):
    api.force_authenticate(specialist)
    response = api.post(BOARDS, {"village": board.village_id, "period": "202510"}, format="json")
    assert response.status_code == 400 and "period" in response.json()
    assert api.post(BOARDS, {"period": "2025"}, format="json").status_code == 400
    response = api.post(f"{BOARDS}{board.pk}/correct/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()

    api.force_authenticate(other_specialist)
    assert api.get(f"{BOARDS}{board.pk}/").status_code == 404
    assert api.post(BOARDS, {"village": board.village_id, "period": "2025"}, format="json").status_code == 404
    response = api.post(OBJECTIONS, {"board": board.pk, "item": "x", "villager_name": "x", "content": "x"},
                        format="json")
    assert response.status_code == 404


def test_api_objection_list_query_count(api, live_board, specialist, town_office, django_assert_max_num_queries):
    for number in range(5):
        record_objection(board=live_board, by=specialist, item=f"第{number}行", villager_name="王强", content="异议")
    api.force_authenticate(town_office)
    with django_assert_max_num_queries(8):
        assert api.get(OBJECTIONS).json()["count"] == 5
    with django_assert_max_num_queries(8):
        assert api.get(BOARDS).json()["count"] == 1
    live_board.published_until = TODAY + datetime.timedelta(days=30)
    live_board.save(update_fields=["published_until"])
    assert _worklist_items(town_office, "board_ending") == []


def _worklist_items(user, code):
    return next(section.items for section in worklist(user, TODAY) if section.kind.code == code)


def test_the_printed_recipients_come_by_group_in_lines_that_fit_the_paper():
    from reports.documents.boards import GROUP_INDENT_EM, LINE_EM, recipient_lines, text_em

    rows = [{"group": "第一村民小组", "name": f"王*{i}", "amount": 960} for i in range(30)]
    rows += [{"group": "第二村民小组", "name": "李*华", "amount": 960}]
    rows[7]["name"] = "王" * 30  # a long name starts a line, never split
    groups = recipient_lines(rows, line_em=LINE_EM["A4"], with_amounts=False)
    assert [group["group"] for group in groups] == ["第一村民小组", "第二村民小组"]
    entries = [entry for group in groups for line in group["lines"] for entry in line]
    assert [entry["line"] for entry in entries] == list(range(1, 32))  # numbered through the list, in its order
    assert [entry["name"] for entry in entries] == [row["name"] for row in rows]
    assert all(entry["amount"] is None for entry in entries)
    first = groups[0]["lines"]
    assert len(first) > 2 and "王" * 30 in [line[0]["name"] for line in first]
    for number, line in enumerate(first):
        used = (text_em("第一村民小组：") if number == 0 else GROUP_INDENT_EM) + sum(
            text_em(f"{entry['line']} {entry['name']}") + 1 for entry in line) - 1
        assert used <= LINE_EM["A4"] or len(line) == 1
    a3 = recipient_lines(rows, line_em=LINE_EM["A3"], with_amounts=True)
    assert len(a3[0]["lines"]) >= len(first) - 1 and a3[0]["lines"][0][0]["amount"] == 960
    assert recipient_lines([], line_em=LINE_EM["A4"], with_amounts=False) == []


def test_a_printed_list_of_one_amount_says_it_once():
    from reports.documents.boards import common_amount

    assert common_amount([{"amount": 960}, {"amount": 960}]) == 960
    assert common_amount([{"amount": 960}, {"amount": 120}]) is None
