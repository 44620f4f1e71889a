"""The benefit pages: who may see and do what, bad input, fixed query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from incentives import actions
from incentives.models import Condition, Entitlement, Fact, Payment, Policy, Rate
from tests.factories.incentives import make_policy, rule
from villages.models import SensitiveAccess

D = datetime.date
S = Entitlement.Status


def url(name, *args):
    return reverse(f"incentives:{name}", args=args)


def test_policy_list_query_count_is_fixed(client, town_office, town, django_assert_num_queries):
    client.force_login(town_office)
    make_policy(town=town)
    with django_assert_num_queries(5):
        assert client.get(url("policies")).status_code == 200
    for _ in range(5):
        make_policy(town=town)
    with django_assert_num_queries(5):
        assert client.get(url("policies")).status_code == 200


def test_specialist_sees_town_policies_and_own_village_policies_only(client, specialist, world):
    client.force_login(specialist)
    page = client.get(url("policies")).content.decode()
    assert world["policy"].name in page and world["village_policy"].name not in page
    assert client.get(url("policy", world["policy"].pk)).status_code == 200
    assert client.get(url("policy", world["village_policy"].pk)).status_code == 404


def test_town_office_creates_a_policy_and_bad_input_saves_nothing(client, town_office, village):
    client.force_login(town_office)
    bad = client.post(url("policy_create"), {"code": "Bad Code", "name": "", "level": "town"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    assert not Policy.objects.exists()

    response = client.post(url("policy_create"), {
        "code": "village-pension", "name": "双女户养老保险", "level": "village", "issuing_body": "大旗村村委会",
        "village": village.pk, "village_policy_kind": "two_daughter_pension", "kind": "insurance",
        "beneficiary": "household", "frequency": "year", "proration": "none", "adopted_on": "2024-01-01"})
    policy = Policy.objects.get()
    assert response.status_code == 302 and policy.village == village



def test_policy_edit_without_the_version_it_was_read_from_is_refused(client, town_office, world):
    policy = world["policy"]
    policy.refresh_from_db()
    read = policy.version
    data = {"code": policy.code, "name": "改名", "level": policy.level, "issuing_body": policy.issuing_body,
            "kind": policy.kind, "beneficiary": policy.beneficiary, "frequency": policy.frequency,
            "proration": policy.proration, "adopted_on": policy.adopted_on.isoformat()}
    client.force_login(town_office)

    refused = client.post(url("policy_edit", policy.pk), data)
    saved = client.post(url("policy_edit", policy.pk), {**data, "version": read})

    assert refused.status_code == 200 and "version" in refused.context["form"].errors
    assert saved.status_code == 302
    policy.refresh_from_db()
    assert (policy.name, policy.version) == ("改名", read + 1)

def test_specialist_and_leader_may_not_create_policies(client, specialist, leader):
    for user in (specialist, leader):
        client.force_login(user)
        assert client.get(url("policy_create")).status_code == 403


def test_condition_form_refuses_values_of_another_condition(client, town_office, town):
    policy = make_policy(town=town)
    client.force_login(town_office)
    response = client.post(url("condition_add", policy.pk), {
        "c-target": "self", "c-kind": "sex", "c-values": ["family_category:one_child"]})
    assert response.status_code == 400 and not policy.conditions.exists()

    client.post(url("condition_add", policy.pk), {"c-target": "self", "c-kind": "sex", "c-values": ["sex:F"]})
    assert list(policy.conditions.values_list("kind", "values")) == [("sex", ["F"])]


def test_sensitive_condition_needs_a_policy_marked_sensitive(client, town_office, town):
    policy = make_policy(town=town)
    client.force_login(town_office)
    response = client.post(url("condition_add", policy.pk), {
        "c-target": "self", "c-kind": "contraception", "c-values": ["contraception:iud"]})
    assert response.status_code == 400
    assert "敏感信息" in response.content.decode()


def test_overlapping_rate_is_refused_on_the_policy_page(client, town_office, world):
    client.force_login(town_office)
    response = client.post(url("rate_add", world["policy"].pk), {
        "rate-amount": "100", "rate-unit": "year", "rate-valid_from": "2024-06-01", "rate-valid_until": "2025-06-01"})
    assert response.status_code == 400
    assert Rate.objects.filter(policy=world["policy"]).count() == 1


def test_town_office_opens_and_computes_a_cycle_from_the_pages(client, town_office, town, family):
    family(children=[("M", D(2024, 2, 1))])
    policy = make_policy(town=town, conditions=[rule("self", "age", maximum=2)])
    client.force_login(town_office)
    response = client.post(url("cycle_open", policy.pk), {"period": "2025"})
    cycle = policy.cycles.get()
    assert response.url == url("cycle", cycle.pk)
    client.post(url("cycle_compute", cycle.pk))
    assert cycle.entitlements.count() == 1
    assert client.post(url("cycle_open", policy.pk), {"period": "2025-13"}).status_code == 400


def test_a_monthly_cycle_opened_in_the_older_spelling_is_stored_in_the_one_spelling(client, town_office, town):
    policy = make_policy(town=town, frequency="month", adopted_on=D(2025, 1, 1))
    client.force_login(town_office)
    client.post(url("cycle_open", policy.pk), {"period": "2025-03"})
    assert policy.cycles.get().period == "202503"


def test_board_link_in_the_older_month_spelling_leads_to_the_board(client, town_office, village):
    client.force_login(town_office)
    response = client.get(f"/benefits/villages/{village.pk}/board/2025-07/")
    board = reverse("incentives:recipients_board", args=[village.pk, "202507"])
    assert (response.status_code, response.url) == (301, board)
    assert client.get(board).status_code == 200
    assert client.get(f"/benefits/villages/{village.pk}/board/July/").status_code == 404


def test_specialist_may_not_compute_or_approve(client, specialist, world):
    client.force_login(specialist)
    assert client.post(url("cycle_compute", world["cycle"].pk)).status_code == 403
    assert client.post(url("cycle_approve", world["cycle"].pk)).status_code == 403


def test_cycle_village_list_query_count_is_fixed(client, town_office, world, village, family,
                                                 django_assert_num_queries):
    client.force_login(town_office)
    page = url("cycle_village", world["cycle"].pk, village.pk)
    with django_assert_num_queries(9):
        assert client.get(page).status_code == 200
    for index in range(4):
        family(children=[("F", D(2023, 3 + index, 1))], names=[f"甲{index}", f"乙{index}", f"丙{index}"])
    actions.compute_cycle(cycle=world["cycle"], by=None)
    with django_assert_num_queries(9):
        assert client.get(page).status_code == 200


def test_specialist_cannot_open_another_villages_review_list_or_entitlement(client, specialist, world,
                                                                           other_village):
    client.force_login(specialist)
    assert client.get(url("cycle_village", world["cycle"].pk, other_village.pk)).status_code == 404
    response = client.post(url("entitlement_return", world["theirs"].pk), {"reason": "x"})
    assert response.status_code == 404


def test_specialist_returns_with_a_reason_and_confirms_the_rest(client, specialist, world, village):
    client.force_login(specialist)
    mine = world["mine"]
    client.post(url("entitlement_return", mine.pk), {"reason": ""})
    mine.refresh_from_db()
    assert mine.status == S.PENDING

    client.post(url("entitlement_return", mine.pk), {"reason": "已迁往外省"})
    mine.refresh_from_db()
    assert (mine.status, mine.status_reason) == (S.RETURNED, "已迁往外省")
    client.post(url("cycle_village_confirm", world["cycle"].pk, village.pk))
    assert not world["cycle"].entitlements.filter(village=village, status=S.PENDING).exists()


def test_town_office_approves_and_pays_and_a_wrong_amount_is_refused(client, town_office, world, village):
    cycle, mine = world["cycle"], world["mine"]
    actions.confirm_entitlements(cycle=cycle, village=village, by=None)
    client.force_login(town_office)
    client.post(url("cycle_approve", cycle.pk), {"note": "同意"})
    mine.refresh_from_db()
    assert mine.status == S.APPROVED

    pay = url("cycle_village_pay", cycle.pk, village.pk)
    today = timezone.localdate().isoformat()
    wrong = client.post(pay, {"paid_on": today, "method": "card", "reference": "B-1", "amount": "1.00"})
    assert wrong.status_code == 400 and "账目不符" in wrong.content.decode()
    assert not Payment.objects.exists()
    client.post(pay, {"paid_on": today, "method": "card", "reference": "B-1", "amount": str(mine.amount)})
    mine.refresh_from_db()
    assert mine.status == S.PAID


def test_household_page_says_why_and_answers_404_for_another_village(client, specialist, world):
    client.force_login(specialist)
    page = client.get(url("household", world["here"].pk) + "?year=2025").content.decode()
    assert "符合条件：王小一（2024年2月1日出生）2025年12月31日时1周岁" in page
    assert "不符合条件：王强（1980年5月1日出生）" in page
    assert client.get(url("household", world["there"].pk)).status_code == 404


def test_sensitive_reasons_are_shown_to_the_specialist_and_logged_but_not_to_leadership(client, specialist, leader,
                                                                                       world, town):
    make_policy(town=town, name="节育奖励", uses_sensitive_data=True,
                conditions=[rule("self", "contraception", ["iud"])])
    client.force_login(specialist)
    assert "不符合条件：李芳：未登记" in client.get(url("household", world["here"].pk) + "?year=2025").content.decode()
    assert SensitiveAccess.objects.filter(user=specialist, record_id=world["here"].pk).exists()

    client.force_login(leader)
    page = client.get(url("household", world["here"].pk) + "?year=2025").content.decode()
    assert "此处无法判定" in page and "李芳：未登记" not in page
    assert not SensitiveAccess.objects.filter(user=leader).exists()


def test_leadership_reads_figures_and_budgets_but_writes_nothing(client, leader, world):
    client.force_login(leader)
    assert client.get(url("overview") + "?year=2025").status_code == 200
    assert client.get(url("budgets")).status_code == 200
    assert client.post(url("budgets"), {"policy": world["policy"].pk, "year": 2025, "amount": "1"}).status_code == 403


def test_town_office_sets_a_budget_and_bad_input_is_refused(client, town_office, world):
    client.force_login(town_office)
    assert client.post(url("budgets"), {"policy": world["policy"].pk, "year": "x", "amount": "-1"}).status_code == 400
    client.post(url("budgets"), {"policy": world["policy"].pk, "year": 2025, "amount": "5000"})
    assert world["policy"].budgets.get().amount == Decimal("5000")


def test_forecast_page_shows_a_proposed_rate_per_village(client, town_office, world):
    client.force_login(town_office)
    response = client.get(url("forecast", world["policy"].pk), {"first_year": 2025, "years": 2, "amount": "1000",
                                                                "unit": "year"})
    page = response.content.decode()
    assert response.status_code == 200 and "大旗村" in page and "荀子村" in page


def test_specialist_records_a_fact_and_holds_a_recipient(client, specialist, world):
    client.force_login(specialist)
    household = world["here"]
    child = household.people.get(name="王小一")
    bad = client.post(url("fact_add", household.pk), {"kind": "school_enrolment", "occurred_on": "2099-01-01"})
    assert bad.status_code == 400
    client.post(url("fact_add", household.pk), {"kind": "school_enrolment", "person": child.pk,
                                                "occurred_on": "2025-09-01", "evidence": "在读证明"})
    assert household.facts.count() == 1

    client.post(url("hold_add", household.pk, world["policy"].pk), {
        "kind": "suspended", "person": child.pk, "reason": "核实中", "since": "2025-12-01"})
    world["mine"].refresh_from_db()
    assert world["mine"].status == S.SUSPENDED
    hold = world["mine"].hold
    client.post(url("hold_resume", hold.pk), {"note": "核实无误"})
    world["mine"].refresh_from_db()
    assert world["mine"].status == S.PENDING


def test_signature_sheet_preview_is_for_the_village_and_town_office_only(client, specialist, leader, world,
                                                                          village, other_village):
    cycle = world["cycle"]
    client.force_login(specialist)
    assert client.get(url("signature_sheet", cycle.pk, village.pk)).status_code == 200
    assert client.get(url("signature_sheet", cycle.pk, other_village.pk)).status_code == 404
    client.force_login(leader)
    assert client.get(url("signature_sheet", cycle.pk, village.pk)).status_code == 403


@pytest.mark.parametrize("name", ["overview", "policies", "cycles", "budgets"])
def test_pages_need_a_login(client, name):
    assert client.get(url(name)).status_code == 302


def test_condition_can_be_edited_and_removed_by_the_town_office(client, town_office, world):
    client.force_login(town_office)
    condition = world["policy"].conditions.get(kind="age")
    client.post(url("condition_edit", condition.pk), {"c-target": "self", "c-kind": "age", "c-maximum": "5"})
    condition.refresh_from_db()
    assert condition.maximum == 5
    client.post(url("condition_remove", condition.pk))
    assert not Condition.objects.filter(pk=condition.pk).exists()
    assert condition.history.count() == 3


def test_review_list_of_a_sensitive_policy_is_logged(client, specialist, town, village, family):
    family(children=[("F", D(2024, 1, 1))])
    policy = make_policy(town=town, name="节育奖励", uses_sensitive_data=True,
                         conditions=[rule("self", "role", ["parent"]), rule("self", "sex", ["F"])])
    cycle = actions.open_cycle(policy=policy, period="2025", by=None)
    actions.compute_cycle(cycle=cycle, by=None)
    client.force_login(specialist)
    assert client.get(url("cycle_village", cycle.pk, village.pk)).status_code == 200
    assert SensitiveAccess.objects.filter(user=specialist, record_type="cycle", record_id=cycle.pk).exists()


def test_a_disability_finding_shown_on_the_household_page_is_logged(client, specialist, world):
    child = world["here"].people.get(name="王小一")
    actions.record_fact(household=world["here"], person=child, kind=Fact.Kind.ONLY_CHILD_DISABLED,
                        occurred_on=D(2025, 3, 1), by=specialist)
    client.force_login(specialist)

    assert client.get(url("household", world["here"].pk)).status_code == 200

    logged = SensitiveAccess.objects.get(user=specialist)
    assert (logged.village_id, logged.record_id, logged.count) == (world["here"].village_id, world["here"].pk, 1)
