import datetime

import pytest
from rest_framework.test import APIClient

from assessments import actions
from assessments.models import Case, Deduction, LedgerEntry
from tests.factories import make_village
from tests.factories.assessments import entered, open_assessment, publish_scored


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def draft(scheme, village):
    return open_assessment(scheme=scheme, village=village)


def test_assessor_scores_an_item_through_the_api(api, town_office, draft):
    api.force_authenticate(town_office)
    response = api.post(f"/api/v1/assessments/{draft.pk}/score-item/", {
        "item_score": entered(draft).pk, "deductions": [{"points": "2", "note": "未公开", "evidence_link": "记录1"}]},
        format="json")
    assert response.status_code == 200
    assert response.json()["item_scores"][0]["points"] == "8.0"


def test_deduction_without_note_or_evidence_is_a_400_with_field_errors(api, town_office, draft):
    api.force_authenticate(town_office)
    response = api.post(f"/api/v1/assessments/{draft.pk}/score-item/", {
        "item_score": entered(draft).pk, "deductions": [{"points": "2", "note": "", "evidence_link": ""}]},
        format="json")
    assert response.status_code == 400
    assert set(response.json()["deductions"]["0"]) == {"note", "evidence_link"}
    assert not Deduction.objects.exists()


def test_deductions_above_the_maximum_are_a_400(api, town_office, draft):
    api.force_authenticate(town_office)
    response = api.post(f"/api/v1/assessments/{draft.pk}/score-item/", {
        "item_score": entered(draft).pk, "deductions": [{"points": "11", "note": "n", "evidence_link": "l"}]},
        format="json")
    assert response.status_code == 400 and "points" in response.json()


def test_specialist_self_scores_but_cannot_score(api, specialist, draft):
    api.force_authenticate(specialist)
    url = f"/api/v1/assessments/{draft.pk}/"
    assert api.post(url + "self-score/", {"item_score": entered(draft).pk, "points": "9"}).status_code == 200
    assert api.post(url + "score-item/", {"item_score": entered(draft).pk}, format="json").status_code == 403
    assert api.post(url + "self-score/", {"item_score": entered(draft).pk, "points": "99"}).status_code == 400


def test_another_villages_draft_is_404(api, specialist, scheme, other_village):
    other = open_assessment(scheme=scheme, village=other_village)
    api.force_authenticate(specialist)
    assert api.get(f"/api/v1/assessments/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/assessments/{other.pk}/self-score/", {"item_score": 1, "points": "1"}).status_code == 404


def test_assessment_list_query_count_is_fixed(api, town_office, scheme, town, django_assert_num_queries):
    for _number in range(3):
        open_assessment(scheme=scheme, village=make_village(town=town))
    api.force_authenticate(town_office)
    with django_assert_num_queries(5):
        response = api.get("/api/v1/assessments/?year=2025&period=Q1")
    assert response.json()["count"] == 3
    for _number in range(3):
        open_assessment(scheme=scheme, village=make_village(town=town))
    with django_assert_num_queries(5):
        api.get("/api/v1/assessments/?year=2025&period=Q1")


def test_results_are_published_only_with_changes(api, leader, scheme, village, other_village, town_office,
                                                 django_assert_num_queries):
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)
    publish_scored(scheme=scheme, village=village, period="Q2", by=town_office, lost="2")
    open_assessment(scheme=scheme, village=other_village, period="Q2")
    api.force_authenticate(leader)
    with django_assert_num_queries(3):
        rows = api.get("/api/v1/assessment-results/?period=Q2").json()["results"]
    assert [(r["village_name"], r["change_quarter"]) for r in rows] == [("大旗村", "-2.0")]
    assert api.get("/api/v1/assessments/?period=Q2").json()["count"] == 1


def test_periods_go_out_and_come_in_in_the_one_spelling(api, leader, scheme, village, town_office):
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)
    publish_scored(scheme=scheme, village=village, period="YEAR", by=town_office)
    api.force_authenticate(leader)
    assert sorted(r["period"] for r in api.get("/api/v1/assessment-results/").json()["results"]) == ["2025", "2025Q1"]
    for period in ("2025Q1", "2025"):
        rows = api.get(f"/api/v1/assessments/?period={period}").json()["results"]
        assert [(r["year"], r["period"]) for r in rows] == [(2025, period)]
    assert api.get("/api/v1/assessments/?period=202501").status_code == 400


def test_schemes_list(api, specialist, scheme, django_assert_max_num_queries):
    api.force_authenticate(specialist)
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/assessment-schemes/").json()
    assert body["results"][0]["blocks"][0]["items"][0]["code"] == "disclosure"


LEDGER = {"kind": "economic_penalty", "title": "经济处理", "reason": "r", "decision": "d", "decided_on": "2025-12-30",
          "decided_by": "镇党委", "person_name": "李四", "amount": "300"}


def test_town_office_records_ledger_entries_and_bad_input_is_400(api, town_office, village):
    api.force_authenticate(town_office)
    assert api.post("/api/v1/ledger/", LEDGER | {"village": village.pk, "reason": ""}).status_code == 400
    assert api.post("/api/v1/ledger/", LEDGER | {"village": village.pk, "kind": "honour_withdrawn"}).status_code == 400
    assert not LedgerEntry.objects.exists()
    assert api.post("/api/v1/ledger/", LEDGER | {"village": village.pk}).status_code == 201


def test_specialist_reads_own_ledger_and_cannot_write(api, specialist, town_office, village, other_village,
                                                      django_assert_num_queries):
    for place in (village, other_village):
        actions.record_ledger_entry(village=place, recorded_by=town_office, **{
            k: v for k, v in LEDGER.items() if k not in ("decided_on", "amount")}, decided_on=datetime.date(2025, 1, 1))
    api.force_authenticate(specialist)
    with django_assert_num_queries(2):
        rows = api.get("/api/v1/ledger/").json()["results"]
    assert [r["village"] for r in rows] == [village.pk]
    other = LedgerEntry.objects.get(village=other_village)
    assert api.get(f"/api/v1/ledger/{other.pk}/").status_code == 404
    assert api.post("/api/v1/ledger/", LEDGER | {"village": village.pk}).status_code == 403
    assert api.delete(f"/api/v1/ledger/{rows[0]['id']}/").status_code in (403, 405)


def test_cases_and_supervision_through_the_api(api, town_office, village, other_village):
    api.force_authenticate(town_office)
    case = api.post("/api/v1/misconduct-cases/", {"village": village.pk, "kind": "concealment", "title": "隐瞒",
                                                  "description": "d", "reported_on": "2025-08-06",
                                                  "reported_by": "群众"}).json()
    bad = api.post(f"/api/v1/misconduct-cases/{case['id']}/decide/", {
        "founded": True, "finding": "f", "decision": "d", "decided_on": "2025-01-01", "decided_by": "镇党委"})
    assert bad.status_code == 400 and "decided_on" in bad.json()
    assert Case.objects.get().status == "reported"
    visit = api.post("/api/v1/supervision-visits/", {"village": village.pk, "visited_on": "2025-05-01",
                                                     "visitors": "镇计生办", "findings": ""})
    assert visit.status_code == 400 and "findings" in visit.json()


def test_schema_generates_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_members_read_no_cases_and_no_ledger_through_the_api(api, member, specialist, town_office, village):
    case = actions.open_case(village=village, kind=Case.Kind.OTHER, title="案件", description="d",
                             reported_on=datetime.date(2025, 5, 1), reported_by="r", recorded_by=town_office)
    entry = actions.record_ledger_entry(village=village, recorded_by=town_office, **{
        k: v for k, v in LEDGER.items() if k not in ("decided_on", "amount")}, decided_on=datetime.date(2025, 1, 1))
    api.force_authenticate(member)
    assert api.get("/api/v1/misconduct-cases/").json()["count"] == 0
    assert api.get(f"/api/v1/misconduct-cases/{case.pk}/").status_code == 404
    assert api.get("/api/v1/ledger/").json()["count"] == 0
    assert api.get(f"/api/v1/ledger/{entry.pk}/").status_code == 404
    api.force_authenticate(specialist)
    assert api.get(f"/api/v1/misconduct-cases/{case.pk}/").status_code == 200
    assert api.get(f"/api/v1/ledger/{entry.pk}/").status_code == 200
