"""The annual work summary: the office's prose (versioned), its pages and API, and the PDF in either language."""

import io
import re

import pytest
from django.test import TestCase
from pypdf import PdfReader
from rest_framework.test import APIClient

from reports.actions import request_summary, save_summary
from reports.models import AnnualSummary, Document
from villages.locking import StaleRecord

URL = "/api/v1/annual-summaries/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def written(town, town_office):
    return save_summary(town=town, year=2025, version=0, by=town_office, introduction="一年来，全镇稳步推进。",
                        next_year_plan="健全网络。")


def pdf_text(document) -> str:
    document.refresh_from_db()
    assert document.status == Document.Status.DONE, document.error
    with document.file.open("rb") as file:
        return re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(io.BytesIO(file.read())).pages))


def build(town, user, language, year=2025) -> Document:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return request_summary(town=town, year=year, language=language, requested_by=user)


# Actions

def test_the_office_writes_a_summary_then_changes_it_with_the_version_it_read(written, town, town_office):
    assert written.version == 1 and written.history.count() == 1
    changed = save_summary(town=town, year=2025, version=1, by=town_office, team="班子建设。")
    assert changed.version == 2 and changed.team == "班子建设。" and changed.introduction == "一年来，全镇稳步推进。"
    assert changed.history.first().history_user == town_office


def test_a_change_from_a_stale_version_is_refused_and_saves_nothing(written, town, town_office):
    save_summary(town=town, year=2025, version=1, by=town_office, team="先改的。")
    with pytest.raises(StaleRecord):
        save_summary(town=town, year=2025, version=1, by=town_office, team="后改的。")
    with pytest.raises(StaleRecord):
        save_summary(town=town, year=2025, version=0, by=town_office, team="又一份。")  # a second first version
    assert AnnualSummary.objects.get().team == "先改的。"


def test_figures_are_not_fields_of_the_summary(town, town_office):
    with pytest.raises(ValueError):
        save_summary(town=town, year=2025, version=0, by=town_office, population_count=47600)


def test_only_the_town_office_writes(town, leader, specialist):
    from django.core.exceptions import PermissionDenied

    for user in (leader, specialist):
        with pytest.raises(PermissionDenied):
            save_summary(town=town, year=2025, version=0, by=user, introduction="x")


# The PDF

def test_an_open_year_prints_provisional_in_english(written, town, town_office, village):
    text = pdf_text(build(town, town_office, "en"))
    assert "PROVISIONAL: the year 2025 is not closed" in text
    assert "Annual work summary" in text and "健全网络。" in text and "一年来，全镇稳步推进。" in text
    assert "Dated Dec. 31, 2025" in text or "Dated December 31, 2025" in text
    assert "Annex: the figures of each village" in text and "大旗村" in text


def test_the_chinese_pdf_is_numbered_sealed_and_provisional_while_open(written, town, town_office, village):
    document = build(town, town_office, "zh-hans")
    text = pdf_text(document)
    assert "临时稿：2025年度尚未关账" in text
    assert "村民自治工作总结" in text and text.count("（盖章）") == 1 and "2025年12月31日" in text
    assert document.number_id is not None and str(document.number) in text.replace(" ", "")
    assert document.language == "zh-hans" and "年度工作总结" in document.title


def test_a_summary_is_for_a_year_and_a_language(town, town_office):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        request_summary(town=town, year=2025, language="fr", requested_by=town_office)
    assert "language" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        request_summary(town=town, year=2999, language="en", requested_by=town_office)
    assert "year" in refused.value.message_dict


# Pages

def test_the_office_reads_edits_and_builds(client, town, town_office, written, village):
    client.force_login(town_office)
    assert client.get("/summaries/").status_code == 200
    page = client.get("/summaries/2025/")
    assert page.status_code == 200 and "一年来，全镇稳步推进。" in page.content.decode()
    assert client.get("/summaries/2025/edit/").status_code == 200
    saved = client.post("/summaries/2025/edit/", {"version": 1, "introduction": "新的导语。"})
    assert saved.status_code == 302 and AnnualSummary.objects.get().introduction == "新的导语。"
    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = client.post("/summaries/2025/build/", {"language": "en"})
    document = Document.objects.get(kind=Document.Kind.ANNUAL_SUMMARY)
    assert asked.status_code == 302 and document.language == "en"
    assert document.title in client.get("/summaries/2025/").content.decode()


def test_a_stale_edit_on_the_page_shows_the_refusal(client, town, town_office, written):
    client.force_login(town_office)
    save_summary(town=town, year=2025, version=1, by=town_office, team="别人先改了。")
    page = client.post("/summaries/2025/edit/", {"version": 1, "introduction": "晚了。"})
    assert page.status_code == 200 and "此记录已被他人修改" in page.content.decode()
    assert AnnualSummary.objects.get().introduction == "一年来，全镇稳步推进。"


def test_a_bad_language_is_a_form_error(client, town_office, written):
    client.force_login(town_office)
    assert client.post("/summaries/2025/build/", {"language": "fr"}).status_code == 400
    assert not Document.objects.exists()


def test_the_leadership_reads_but_does_not_edit_or_build(client, leader, written):
    client.force_login(leader)
    assert client.get("/summaries/2025/").status_code == 200
    assert client.get("/summaries/2025/edit/").status_code == 403
    assert client.post("/summaries/2025/build/", {"language": "en"}).status_code == 403


@pytest.mark.parametrize("who", ["specialist", "member"])
def test_specialists_and_members_find_no_summary(client, request, written, who):
    client.force_login(request.getfixturevalue(who))
    for url in ("/summaries/", "/summaries/2025/", "/summaries/2025/edit/"):
        assert client.get(url).status_code == 404, url
    assert client.post("/summaries/2025/build/", {"language": "en"}).status_code == 404


# API

def test_the_api_lists_reads_and_updates_with_the_version(api, town_office, written):
    api.force_authenticate(town_office)
    listed = api.get(URL).json()
    assert [row["year"] for row in listed["results"]] == [2025]
    assert api.get(f"{URL}2025/").json()["introduction"] == "一年来，全镇稳步推进。"
    changed = api.patch(f"{URL}2025/", {"version": 1, "team": "班子。"}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = api.patch(f"{URL}2025/", {"version": 1, "team": "晚了。"}, format="json")
    assert stale.status_code == 409
    missing = api.patch(f"{URL}2025/", {"team": "没有版本。"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert AnnualSummary.objects.get().team == "班子。"


def test_the_api_writes_a_first_summary_and_refuses_bad_input(api, town_office):
    api.force_authenticate(town_office)
    created = api.post(URL, {"year": 2025, "version": 0, "introduction": "导语。"}, format="json")
    assert created.status_code == 201 and created.json()["version"] == 1
    bad = api.post(URL, {"year": 1900, "version": 0}, format="json")
    assert bad.status_code == 400 and "year" in bad.json()
    again = api.post(URL, {"year": 2025, "version": 0}, format="json")
    assert again.status_code == 409


def test_the_api_asks_for_the_pdf(api, town_office, written, village):
    api.force_authenticate(town_office)
    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = api.post(f"{URL}2025/build/", {"language": "en"}, format="json")
    assert asked.status_code == 201 and asked.json()["language"] == "en"
    assert api.post(f"{URL}2025/build/", {"language": "xx"}, format="json").status_code == 400


def test_the_api_refuses_the_leadership_a_change_and_hides_summaries_from_others(api, leader, specialist, member,
                                                                                  written):
    api.force_authenticate(leader)
    assert api.get(f"{URL}2025/").status_code == 200
    assert api.patch(f"{URL}2025/", {"version": 1, "team": "x"}, format="json").status_code == 403
    for user in (specialist, member):
        api.force_authenticate(user)
        assert api.get(URL).json()["results"] == []
        assert api.get(f"{URL}2025/").status_code == 404
        assert api.patch(f"{URL}2025/", {"version": 1, "team": "x"}, format="json").status_code == 404


def test_the_list_takes_the_same_queries_however_many_summaries(api, town, town_office, django_assert_num_queries):
    api.force_authenticate(town_office)
    save_summary(town=town, year=2025, version=0, by=town_office)
    with django_assert_num_queries(2):
        api.get(URL)
    for year in range(2010, 2025):
        save_summary(town=town, year=year, version=0, by=town_office)
    with django_assert_num_queries(2):
        api.get(URL)
