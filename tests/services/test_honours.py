"""Honours: model families, the "Top Ten Village Cadres" appraisal linked to the ledger, Ping'an Villages — pages,
API, admin, the figures and the demo."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessments import actions as ledger
from assessments.models import LedgerEntry
from services.actions import honours as actions
from services.figures.honours import CATEGORY
from services.models import AppraisalResult, CadreAppraisal, ModelFamily, PingAnVillage
from tests.factories import make_group, make_village
from tests.factories.members import head, make_household, wife
from tests.factories.reports import make_team
from tests.services.conftest import api
from villages.catalogue import VILLAGE, compute
from villages.models import Appointment, Position
from villages.periods import Period

DAY = datetime.date
CODES = ["services.model_families", "services.top_ten_awarded", "services.top_ten_withdrawn",
         "services.pingan_villages"]
Category = ModelFamily.Category


@pytest.fixture
def homes(village, other_village):
    return {"own": make_household(group=make_group(village=village, number=11), number="H-OWN"),
            "other": make_household(group=make_group(village=other_village, number=11), number="H-OTHER")}


@pytest.fixture
def families(town, village, other_village, homes):
    own = actions.select_model_family(town=town, village=village, year=2025, category=Category.GOOD_DAUGHTER_IN_LAW,
                                      household=homes["own"], person=wife(homes["own"]), reason="孝敬公婆",
                                      announced_on=DAY(2025, 3, 8), by=None)
    other = actions.select_model_family(town=town, village=other_village, year=2025,
                                        category=Category.FAMILY_PLANNING_MODEL, household=homes["other"],
                                        reason="自觉实行计划生育", announced_on=DAY(2025, 3, 8), by=None)
    return {"own": own, "other": other}


def secretaries(village, other_village) -> dict:
    make_team(village=village, secretary="王喆")
    make_team(village=other_village, secretary="赵刚")
    rows = Appointment.objects.filter(position__kind=Position.Kind.PARTY_SECRETARY)
    return {a.position.village_id: a for a in rows}


@pytest.fixture
def appraisal(town, village, other_village, town_office):
    """Two candidates, one place: the other village's secretary awarded on 2025-12-30."""
    held = secretaries(village, other_village)
    appraisal = actions.set_up_appraisal(town=town, year=2025, title="十佳村干部", by=town_office, places=1,
                                         award_amount=Decimal(1000),
                                         criteria=[("目标责任", 60, False), ("村民自治工作", 40, True)])
    actions.add_candidate(appraisal=appraisal, appointment=held[village.pk], score=Decimal("88.5"), by=town_office)
    actions.add_candidate(appraisal=appraisal, appointment=held[other_village.pk], score=Decimal("91"),
                          by=town_office)
    return actions.decide_appraisal(appraisal=appraisal, decided_on=DAY(2025, 12, 30), decided_by="镇党委、镇政府",
                                    version=None, by=town_office)


@pytest.fixture
def creations(town, village, other_village):
    own = actions.apply_pingan(town=town, village=village, year=2025, applied_on=DAY(2025, 3, 15), by=None)
    other = actions.apply_pingan(town=town, village=other_village, year=2025, applied_on=DAY(2025, 3, 15), by=None)
    actions.decide_pingan(creation=other, passed=True, decided_on=DAY(2025, 12, 26), version=None, by=None)
    return {"own": own, "other": other}


# --- Actions ----------------------------------------------------------------------------------------------

def test_deciding_ranks_and_records_the_award_in_the_ledger(appraisal, other_village):
    results = list(appraisal.results.order_by("rank"))
    assert [(r.rank, r.awarded) for r in results] == [(1, True), (2, False)]
    honour = results[0].honour
    assert honour.kind == LedgerEntry.Kind.HONOUR and honour.village == other_village
    assert honour.person_name == "赵刚" and honour.amount == Decimal(1000) and honour.decided_on == DAY(2025, 12, 30)
    assert results[1].honour is None


def test_withdrawing_an_award_records_the_ledgers_withdrawal_and_links_it(appraisal, town_office):
    result = appraisal.results.get(rank=1)
    result = actions.withdraw_award(result=result, reason="隐瞒违法生育", decision="取消资格",
                                    decided_on=DAY(2026, 2, 1), decided_by="镇党委", version=result.version,
                                    by=town_office, notify_town=True, amount_recovered=Decimal(1000))
    assert result.withdrawal.withdraws == result.honour and result.withdrawal.amount_recovered == Decimal(1000)
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.TOWN_NOTICE).count() == 1
    with pytest.raises(ValidationError):
        actions.withdraw_award(result=result, reason="再次", decision="再次", decided_on=DAY(2026, 2, 2),
                               decided_by="镇党委", version=result.version, by=town_office)
    loser = appraisal.results.get(rank=2)
    with pytest.raises(ValidationError):
        actions.withdraw_award(result=loser, reason="r", decision="d", decided_on=DAY(2026, 2, 2), decided_by="镇",
                               version=loser.version, by=town_office)


def test_an_honour_the_ledger_holds_is_linked_with_its_withdrawal(town, village, other_village, town_office):
    held = secretaries(village, other_village)
    honour = ledger.record_ledger_entry(village=village, kind=LedgerEntry.Kind.HONOUR, title="2024年度十佳村干部",
                                        reason="成绩突出", decision="授予称号", decided_on=DAY(2024, 12, 30),
                                        decided_by="镇党委", recorded_by=town_office, appointment=held[village.pk])
    withdrawal = ledger.withdraw_honour(honour=honour, reason="隐瞒", decision="取消资格", decided_on=DAY(2025, 9, 20),
                                        decided_by="镇党委", recorded_by=town_office)
    appraisal = actions.set_up_appraisal(town=town, year=2024, title="十佳村干部", by=town_office, places=1)
    actions.add_candidate(appraisal=appraisal, appointment=held[village.pk], score=Decimal(90), by=town_office)
    actions.decide_appraisal(appraisal=appraisal, decided_on=DAY(2024, 12, 30), decided_by="镇党委", version=None,
                             by=town_office, honours={held[village.pk].pk: honour})
    result = appraisal.results.get()
    assert result.honour == honour and result.withdrawal == withdrawal
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.HONOUR).count() == 1
    values = compute(town.pk, Period.parse("2025"), CODES)
    assert values.get("services.top_ten_withdrawn") == 1 and values.get("services.top_ten_awarded") == 0
    assert compute(town.pk, Period.parse("2024"), CODES).get("services.top_ten_awarded") == 1


def test_a_decided_appraisal_takes_no_more_candidates_and_only_the_office_decides(appraisal, village, specialist,
                                                                                  town_office):
    other = Appointment.objects.filter(position__village=village).exclude(position__kind="party_secretary").first()
    with pytest.raises(ValidationError):
        actions.add_candidate(appraisal=appraisal, appointment=other, score=Decimal(80), by=town_office)
    with pytest.raises(ValidationError):
        actions.decide_appraisal(appraisal=appraisal, decided_on=DAY(2025, 12, 31), decided_by="镇", version=None,
                                 by=town_office)
    fresh = actions.set_up_appraisal(town=appraisal.town, year=2024, title="十佳村干部", by=town_office)
    assert actions.add_candidate(appraisal=fresh, appointment=other, score=Decimal(80), by=specialist)
    with pytest.raises(PermissionDenied):
        actions.decide_appraisal(appraisal=fresh, decided_on=DAY(2024, 12, 30), decided_by="镇", version=None,
                                 by=specialist)


def test_model_family_checks_the_household_and_withdraws_with_a_reason(families, homes, town, village, town_office,
                                                                        specialist):
    with pytest.raises(ValidationError) as error:
        actions.select_model_family(town=town, village=village, year=2025, category=Category.GOOD_MOTHER_IN_LAW,
                                    household=homes["other"], reason="x", announced_on=DAY(2025, 3, 8), by=None)
    assert "household" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.select_model_family(town=town, village=village, year=2025, category=Category.GOOD_MOTHER_IN_LAW,
                                    household=homes["own"], person=head(homes["other"]), reason="x",
                                    announced_on=DAY(2025, 3, 8), by=None)
    assert "person" in error.value.message_dict
    own = families["own"]
    with pytest.raises(PermissionDenied):
        actions.withdraw_model_family(selection=own, withdrawn_on=DAY(2025, 6, 1), reason="家庭纠纷", version=1,
                                      by=specialist)
    with pytest.raises(ValidationError):
        actions.withdraw_model_family(selection=own, withdrawn_on=DAY(2025, 1, 1), reason="家庭纠纷", version=1,
                                      by=town_office)
    own = actions.withdraw_model_family(selection=own, withdrawn_on=DAY(2025, 6, 1), reason="家庭纠纷", version=1,
                                        by=town_office)
    assert own.withdrawn_on == DAY(2025, 6, 1) and ModelFamily.objects.count() == 2


def test_pingan_decision_and_revocation(creations, town_office):
    other = creations["other"]
    with pytest.raises(ValidationError):
        actions.decide_pingan(creation=other, passed=False, decided_on=DAY(2025, 12, 27), version=None,
                              by=town_office)
    with pytest.raises(ValidationError):
        actions.revoke_pingan(creation=creations["own"], revoked_on=DAY(2025, 12, 27), reason="x", version=None,
                              by=town_office)
    other = actions.revoke_pingan(creation=other, revoked_on=DAY(2026, 3, 1), reason="发生刑事案件", version=None,
                                  by=town_office)
    assert other.state == PingAnVillage.State.REVOKED
    assert compute(other.town_id, Period.parse("2025"), CODES).get("services.pingan_villages") == 1
    assert compute(other.town_id, Period.parse("2026"), CODES).get("services.pingan_villages") == 0


# --- Pages -------------------------------------------------------------------------------------------------

def test_the_years_honours_page_lists_by_category_with_a_fixed_number_of_queries(
        signed_in, town_office, town, families, appraisal, django_assert_max_num_queries):
    client = signed_in(town_office)
    with django_assert_max_num_queries(36):
        response = client.get(reverse("services:honours") + "?year=2025")
    body = response.content.decode()
    assert "H-OWN" in body and "H-OTHER" in body and "李芳" in body
    lines = {line["code"]: line for line in response.context["categories"]}
    assert lines["good_daughter_in_law"]["current"] == 1 and lines["good_mother_in_law"]["current"] == 0
    for index in range(5):
        other = make_village(town=town, number=600 + index)
        home = make_household(group=make_group(village=other, number=1), number=f"H-{index}")
        actions.select_model_family(town=town, village=other, year=2025, category=Category.GOOD_MOTHER_IN_LAW,
                                    household=home, person=head(home), reason="r", announced_on=DAY(2025, 3, 8),
                                    by=None)
    with django_assert_max_num_queries(36):
        assert client.get(reverse("services:honours") + "?year=2025").status_code == 200


def test_leadership_reads_names_masked_specialist_their_village_members_nothing(signed_in, leader, specialist, member,
                                                                              families):
    body = signed_in(leader).get(reverse("services:honours") + "?year=2025").content.decode()
    assert "李*" in body and "李芳" not in body
    body = signed_in(specialist).get(reverse("services:honours") + "?year=2025").content.decode()
    assert "H-OWN" in body and "H-OTHER" not in body and "李芳" in body
    assert signed_in(member).get(reverse("services:honours")).status_code == 404


def test_the_appraisal_page_shows_criteria_results_and_the_linked_withdrawal(
        signed_in, town_office, specialist, leader, appraisal, django_assert_max_num_queries):
    result = appraisal.results.get(rank=1)
    actions.withdraw_award(result=result, reason="隐瞒违法生育", decision="取消资格", decided_on=DAY(2026, 2, 1),
                           decided_by="镇党委", version=result.version, by=town_office)
    client = signed_in(town_office)
    url = reverse("services:appraisal", args=[appraisal.pk])
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert "村民自治工作" in body and "赵刚" in body and "王喆" in body and "隐瞒违法生育" in body
    assert "kind=honour_withdrawn" in body
    body = signed_in(specialist).get(url).content.decode()
    assert "王喆" in body and "赵刚" not in body
    assert signed_in(leader).get(url).status_code == 200


def test_another_villages_records_are_not_found(signed_in, specialist, families, appraisal, creations):
    client = signed_in(specialist)
    assert client.get(reverse("services:model_family_withdraw", args=[families["other"].pk])).status_code == 404
    other_result = appraisal.results.get(rank=1)
    assert client.get(reverse("services:award_withdraw", args=[other_result.pk])).status_code == 404
    assert client.get(reverse("services:pingan_decide", args=[creations["other"].pk])).status_code == 404
    assert client.get(reverse("services:pingan_revoke", args=[creations["other"].pk])).status_code == 404
    # Their own village's: the town office decides (403).
    assert client.get(reverse("services:pingan_decide", args=[creations["own"].pk])).status_code == 403
    assert client.get(reverse("services:model_family_withdraw", args=[families["own"].pk])).status_code == 403


def test_specialist_proposes_a_family_and_bad_input_comes_back_on_the_form(signed_in, specialist, village,
                                                                           other_village, homes):
    client = signed_in(specialist)
    data = {"village": village.pk, "year": "2025", "category": "good_mother_in_law", "household_number": "H-OWN",
            "person_name": "李芳", "reason": "关心儿媳", "announced_on": "2025-03-08"}
    assert client.post(reverse("services:model_family_new"), data).status_code == 302
    selection = ModelFamily.objects.get()
    assert selection.person.name == "李芳" and selection.village == village
    response = client.post(reverse("services:model_family_new"), data)
    assert "category" in response.context["form"].errors
    response = client.post(reverse("services:model_family_new"), {**data, "category": "good_daughter_in_law",
                                                                  "household_number": "H-OTHER"})
    assert "household_number" in response.context["form"].errors
    response = client.post(reverse("services:model_family_new"), {**data, "village": other_village.pk})
    assert "village" in response.context["form"].errors
    response = client.post(reverse("services:model_family_new"), {**data, "category": "saint", "person_name": "无名",
                                                                  "announced_on": "x"})
    assert set(response.context["form"].errors) >= {"category", "announced_on"}
    assert ModelFamily.objects.count() == 1


def test_office_sets_up_decides_and_withdraws_through_the_pages(signed_in, town_office, town, village, other_village):
    held = secretaries(village, other_village)
    client = signed_in(town_office)
    response = client.post(reverse("services:appraisal_new"), {"year": "2025", "title": "十佳村干部", "places": "1",
                                                               "award_amount": "1000"})
    appraisal = CadreAppraisal.objects.get()
    assert response.status_code == 302
    assert client.post(reverse("services:appraisal_criterion_new", args=[appraisal.pk]),
                       {"name": "村民自治", "points": "40", "self_government": "on"}).status_code == 302
    url = reverse("services:appraisal_candidate_new", args=[appraisal.pk])
    assert client.post(url, {"appointment": held[village.pk].pk, "score": "90"}).status_code == 302
    assert client.post(url, {"appointment": held[village.pk].pk, "score": "-1"}).status_code == 200
    response = client.post(url, {"appointment": held[village.pk].pk, "score": "80"})
    assert "appointment" in response.context["form"].errors
    decide = reverse("services:appraisal_decide", args=[appraisal.pk])
    response = client.post(decide, {"decided_on": "2099-01-01", "decided_by": "镇党委", "version": 1})
    assert "decided_on" in response.context["form"].errors
    assert client.post(decide, {"decided_on": "2025-12-30", "decided_by": "镇党委", "version": 1}).status_code == 302
    result = AppraisalResult.objects.get()
    assert result.awarded and result.honour.kind == LedgerEntry.Kind.HONOUR
    url = reverse("services:award_withdraw", args=[result.pk])
    data = {"decided_on": "2025-12-31", "reason": "隐瞒", "decision": "取消资格", "decided_by": "镇党委",
            "certificate_recovered": "on", "amount_recovered": "2000", "version": result.version}
    response = client.post(url, data)
    assert "amount_recovered" in response.context["form"].errors
    assert client.post(url, {**data, "amount_recovered": "1000"}).status_code == 302
    result.refresh_from_db()
    assert result.withdrawal.withdraws_id == result.honour_id


def test_pingan_page_lists_every_village_and_the_office_decides(signed_in, town_office, specialist, town, village,
                                                                creations, django_assert_max_num_queries):
    client = signed_in(town_office)
    with django_assert_max_num_queries(36):
        response = client.get(reverse("services:pingan") + "?year=2025")
    assert response.context["awarded"] == 1 and len(response.context["rows"]) == 2
    for index in range(5):
        make_village(town=town, number=600 + index)
    with django_assert_max_num_queries(36):
        assert len(client.get(reverse("services:pingan") + "?year=2025").context["rows"]) == 7
    url = reverse("services:pingan_decide", args=[creations["own"].pk])
    response = client.post(url, {"passed": "yes", "decided_on": "2025-03-01", "version": 1})
    assert "decided_on" in response.context["form"].errors
    assert client.post(url, {"passed": "no", "decided_on": "2025-12-26", "version": 1}).status_code == 302
    assert PingAnVillage.objects.get(pk=creations["own"].pk).state == PingAnVillage.State.NOT_PASSED
    client = signed_in(specialist)
    body = client.get(reverse("services:pingan") + "?year=2025").content.decode()
    assert "大旗村" in body and "荀子村" not in body
    response = client.post(reverse("services:pingan_new"), {"village": village.pk, "year": "2025",
                                                            "applied_on": "2025-04-01"})
    assert "year" in response.context["form"].errors


# --- API ---------------------------------------------------------------------------------------------------

def test_api_model_families(town_office, specialist, leader, member, village, homes, families,
                            django_assert_max_num_queries):
    url = "/api/v1/model-families/"
    office = api(town_office)
    with django_assert_max_num_queries(8):
        rows = office.get(url).json()["results"]
    assert {row["household_number"] for row in rows} == {"H-OWN", "H-OTHER"}
    assert {row["person_name"] for row in api(leader).get(url).json()["results"]} == {"李*", ""}
    client = api(specialist)
    assert [row["household_number"] for row in client.get(url).json()["results"]] == ["H-OWN"]
    assert client.get(f"{url}{families['other'].pk}/").status_code == 404
    assert api(member).get(url).status_code == 404
    response = client.post(url, {"village": village.pk, "year": 2025, "category": "good_mother_in_law",
                                 "household": homes["own"].pk, "reason": "关心儿媳", "announced_on": "2025-03-08"},
                           format="json")
    assert response.status_code == 201, response.json()
    response = client.post(url, {"village": village.pk, "year": 2025, "category": "saint",
                                 "household": homes["other"].pk, "reason": "", "announced_on": "x"}, format="json")
    assert response.status_code == 400 and {"category", "household", "reason", "announced_on"} <= set(response.json())
    own = families["own"]
    response = office.post(f"{url}{own.pk}/withdraw/", {"withdrawn_on": "2025-06-01", "reason": "家庭纠纷",
                                                        "version": own.version}, format="json")
    assert response.status_code == 200 and response.json()["withdrawn_on"] == "2025-06-01"
    assert office.post(f"{url}{own.pk}/withdraw/", {"withdrawn_on": "2025-06-01", "reason": "x", "version": 1},
                       format="json").status_code == 409
    assert client.delete(f"{url}{own.pk}/").status_code == 405


def test_api_appraisals(town_office, specialist, village, other_village, appraisal, django_assert_max_num_queries):
    url = "/api/v1/cadre-appraisals/"
    office = api(town_office)
    with django_assert_max_num_queries(8):
        row = office.get(url).json()["results"][0]
    assert [c["self_government"] for c in row["criteria"]] == [False, True]
    assert [(r["cadre"], r["awarded"]) for r in row["results"]] == [("赵刚", True), ("王喆", False)]
    assert row["results"][0]["honour_decided_on"] == "2025-12-30"
    mine = api(specialist).get(f"{url}{appraisal.pk}/").json()
    assert [r["cadre"] for r in mine["results"]] == ["王喆"]
    winner = appraisal.results.get(rank=1)
    assert api(specialist).post(f"{url}{appraisal.pk}/withdraw-award/", {
        "result": winner.pk, "decided_on": "2026-01-05", "reason": "r", "decision": "d", "decided_by": "镇",
        "version": winner.version}, format="json").status_code == 403
    response = office.post(f"{url}{appraisal.pk}/withdraw-award/", {
        "result": winner.pk, "decided_on": "x", "reason": "", "decision": "d", "decided_by": "镇"}, format="json")
    assert response.status_code == 400 and {"decided_on", "reason"} <= set(response.json())
    response = office.post(f"{url}{appraisal.pk}/withdraw-award/", {
        "result": winner.pk, "decided_on": "2026-01-05", "reason": "隐瞒", "decision": "取消资格",
        "decided_by": "镇党委", "version": winner.version}, format="json")
    assert response.status_code == 200 and response.json()["results"][0]["withdrawal_decided_on"] == "2026-01-05"
    response = office.post(url, {"year": 2026, "title": "十佳村干部", "places": 10}, format="json")
    assert response.status_code == 201
    new = response.json()["id"]
    assert office.post(url, {"year": 2026, "title": "again"}, format="json").status_code == 400
    other_cadre = Appointment.objects.filter(position__village=other_village).first()
    response = api(specialist).post(f"{url}{new}/candidates/", {"appointment": other_cadre.pk, "score": "80"},
                                    format="json")
    assert response.status_code == 400 and "appointment" in response.json()
    response = office.post(f"{url}{new}/decide/", {"decided_on": "2026-12-30", "decided_by": "镇", "version": 1},
                           format="json")
    assert response.status_code == 400


def test_api_appraisal_awards_someone(town_office):
    """places 0 broke the constraint cadre_appraisal_awards_someone, a 500 (schemathesis found it): a 400."""
    response = api(town_office).post("/api/v1/cadre-appraisals/", {"year": 2027, "title": "十佳村干部", "places": 0},
                                     format="json")
    assert response.status_code == 400 and "places" in response.json()
    assert not CadreAppraisal.objects.filter(year=2027).exists()


def test_appraisal_action_refuses_no_places(town_office, town):
    with pytest.raises(ValidationError) as refused:
        actions.set_up_appraisal(town=town, year=2027, title="十佳村干部", places=0, by=town_office)
    assert "places" in refused.value.message_dict


def test_api_pingan(town_office, specialist, village, other_village, creations, django_assert_max_num_queries):
    url = "/api/v1/pingan-villages/"
    with django_assert_max_num_queries(8):
        assert len(api(town_office).get(url).json()["results"]) == 2
    client = api(specialist)
    assert [row["village_name"] for row in client.get(url).json()["results"]] == ["大旗村"]
    assert client.get(f"{url}{creations['other'].pk}/").status_code == 404
    assert client.post(f"{url}{creations['own'].pk}/decide/", {"passed": True, "decided_on": "2025-12-26"},
                       format="json").status_code == 403
    response = client.post(url, {"village": other_village.pk, "year": 2026, "applied_on": "2026-03-01"},
                           format="json")
    assert response.status_code == 400 and "village" in response.json()
    response = client.post(url, {"village": village.pk, "year": 2025, "applied_on": "2025-03-01"}, format="json")
    assert response.status_code == 400 and "year" in response.json()
    office = api(town_office)
    response = office.post(f"{url}{creations['own'].pk}/decide/", {"passed": True, "decided_on": "2025-12-26",
                                                                   "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "awarded"
    response = office.post(f"{url}{creations['own'].pk}/revoke/", {"revoked_on": "2025-12-01", "reason": "x"},
                           format="json")
    assert response.status_code == 400 and "revoked_on" in response.json()


# --- Admin and figures -------------------------------------------------------------------------------------

def test_admin_is_read_only_and_scoped(client, office_staff, staff_specialist, families, appraisal, creations):
    client.force_login(office_staff)
    for name, count in (("modelfamily", 2), ("appraisalresult", 2), ("pinganvillage", 2), ("cadreappraisal", 1)):
        page = client.get(reverse(f"admin:services_{name}_changelist"))
        assert page.status_code == 200 and len(page.context["cl"].result_list) == count, name
    assert client.get(reverse("admin:services_modelfamily_add")).status_code == 403
    assert client.get(reverse("admin:services_cadreappraisal_change", args=[appraisal.pk])).status_code == 200
    client.force_login(staff_specialist)
    for name, count in (("modelfamily", 1), ("appraisalresult", 1), ("pinganvillage", 1)):
        page = client.get(reverse(f"admin:services_{name}_changelist"))
        assert len(page.context["cl"].result_list) == count, name
    other = families["other"]
    assert client.get(reverse("admin:services_modelfamily_change", args=[other.pk])).status_code in (302, 404)


def test_the_figures_count_as_of_their_dates(town, village, other_village, families, appraisal, creations,
                                             town_office):
    before = compute(town.pk, Period.parse("2025"), CODES)
    assert before.get("services.model_families") == 2
    assert before.breakdown("services.model_families", CATEGORY)["good_daughter_in_law"] == 1
    assert before.get("services.top_ten_awarded") == 1
    assert before.get("services.top_ten_awarded", VILLAGE, other_village.pk) == 1
    assert before.get("services.top_ten_withdrawn") == 0
    assert before.get("services.pingan_villages") == 1
    assert before.get("services.pingan_villages", VILLAGE, village.pk) == 0
    result = appraisal.results.get(rank=1)
    actions.withdraw_award(result=result, reason="隐瞒", decision="取消", decided_on=DAY(2026, 2, 1),
                           decided_by="镇党委", version=result.version, by=town_office)
    actions.withdraw_model_family(selection=families["own"], withdrawn_on=DAY(2026, 1, 10), reason="家庭纠纷",
                                  version=None, by=town_office)
    after = compute(town.pk, Period.parse("2025"), CODES)
    assert dict(after.data) == dict(before.data)
    later = compute(town.pk, Period.parse("2026"), CODES)
    assert later.get("services.top_ten_withdrawn") == 1 and later.get("services.top_ten_awarded") == 0


def test_the_figure_page_lists_the_records(client, specialist, families):
    client.force_login(specialist)
    page = client.get(reverse("villages:figure", args=["services.model_families"]), {"period": "2025"})
    assert page.status_code == 200 and [f.household.number for f in page.context["records"]] == ["H-OWN"]
