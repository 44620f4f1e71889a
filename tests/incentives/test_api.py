"""/api/v1/ for policies and benefits: scoping, validation, the whole cycle, fixed query counts."""

import datetime

from django.utils import timezone

from incentives import actions
from incentives.models import Entitlement, Payment, Policy
from tests.factories.incentives import make_policy, rule

API = "/api/v1"
D = datetime.date
S = Entitlement.Status


def test_policy_list_query_count_is_fixed(client, town_office, town, django_assert_num_queries):
    client.force_login(town_office)
    make_policy(town=town, conditions=[rule("self", "sex", ["F"])])
    with django_assert_num_queries(7):
        assert client.get(f"{API}/policies/").status_code == 200
    for _ in range(4):
        make_policy(town=town, conditions=[rule("self", "sex", ["M"])])
    with django_assert_num_queries(7):
        assert len(client.get(f"{API}/policies/").json()["results"]) == 5


def test_entitlement_and_cycle_lists_have_fixed_query_counts(client, town_office, world, family,
                                                            django_assert_num_queries):
    client.force_login(town_office)
    with django_assert_num_queries(5):
        client.get(f"{API}/entitlements/")
    with django_assert_num_queries(4):
        client.get(f"{API}/cycles/")
    family(children=[("F", D(2023, 5, 1))], names=["甲", "乙", "丙"])
    actions.compute_cycle(cycle=world["cycle"], by=None)
    with django_assert_num_queries(5):
        assert client.get(f"{API}/entitlements/").json()["count"] == 3


def test_specialist_gets_404_for_another_villages_records(client, specialist, world):
    client.force_login(specialist)
    assert client.get(f"{API}/entitlements/{world['theirs'].pk}/").status_code == 404
    assert client.get(f"{API}/policies/{world['village_policy'].pk}/").status_code == 404
    assert client.post(f"{API}/entitlements/{world['theirs'].pk}/return/", {"reason": "x"}).status_code == 404
    assert client.get(f"{API}/benefit-eligibility/", {"household": world["there"].pk}).status_code == 404
    assert [e["id"] for e in client.get(f"{API}/entitlements/").json()["results"]] == [world["mine"].pk]


def test_creating_a_policy_validates_and_only_the_town_office_may(client, town_office, specialist, village):
    client.force_login(specialist)
    assert client.post(f"{API}/policies/", {"code": "x", "name": "x"}).status_code == 403
    client.force_login(town_office)
    policy = {"code": "v-1", "name": "村级奖励", "level": "village", "issuing_body": "村委会", "kind": "reward",
              "beneficiary": "household"}
    response = client.post(f"{API}/policies/", policy, content_type="application/json")
    assert response.status_code == 400 and "village" in response.json()
    assert not Policy.objects.exists()
    created = client.post(f"{API}/policies/", {"code": "v-1", "name": "村级奖励", "level": "village",
                                                "village": village.pk, "issuing_body": "村委会", "kind": "reward",
                                                "beneficiary": "household", "adopted_on": "2024-01-01"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["village"] == village.pk


def test_stale_policy_version_answers_409(client, town_office, town):
    policy = make_policy(town=town)
    client.force_login(town_office)
    response = client.patch(f"{API}/policies/{policy.pk}/", {"name": "新名", "version": policy.version - 1},
                            content_type="application/json")
    assert response.status_code == 409


def test_rule_and_rate_are_written_through_the_api(client, town_office, town):
    policy = make_policy(town=town, rates=())
    client.force_login(town_office)
    bad = client.post(f"{API}/policies/{policy.pk}/conditions/", {"target": "household", "kind": "age",
                                                                  "minimum": 60}, content_type="application/json")
    assert bad.status_code == 400 and "target" in bad.json()
    ok = client.post(f"{API}/policies/{policy.pk}/conditions/", {"target": "self", "kind": "age", "minimum": 60},
                     content_type="application/json")
    assert ok.status_code == 201 and ok.json()["description"] == "本人年满60周岁"
    rate = client.post(f"{API}/policies/{policy.pk}/rates/", {"amount": "960", "unit": "year",
                                                              "valid_from": "2024-01-01"},
                       content_type="application/json")
    assert rate.status_code == 201


def test_a_whole_cycle_through_the_api(client, town_office, specialist, world, village):
    cycle = world["cycle"]
    client.force_login(specialist)
    bad = client.post(f"{API}/entitlements/{world['mine'].pk}/return/", {"reason": ""},
                      content_type="application/json")
    assert bad.status_code == 400 and "reason" in bad.json()
    confirmed = client.post(f"{API}/entitlements/confirm/", {"cycle": cycle.pk, "village": village.pk},
                            content_type="application/json")
    assert confirmed.json() == {"count": 1}

    client.force_login(town_office)
    assert client.post(f"{API}/cycles/{cycle.pk}/compute/").json()["kept"] == 2
    approved = client.post(f"{API}/cycles/{cycle.pk}/approve/", {"note": "同意"}, content_type="application/json")
    assert approved.json()["status"] == "approved"
    payment = {"cycle": cycle.pk, "village": village.pk, "paid_on": timezone.localdate().isoformat(),
               "method": "card", "reference": "A-1", "amount": "1.00"}
    wrong = client.post(f"{API}/payments/", payment, content_type="application/json")
    assert wrong.status_code == 400 and "amount" in wrong.json() and not Payment.objects.exists()
    payment["amount"] = str(world["mine"].amount)
    assert client.post(f"{API}/payments/", payment, content_type="application/json").status_code == 201
    world["mine"].refresh_from_db()
    assert world["mine"].status == S.PAID
    villages = client.get(f"{API}/cycles/{cycle.pk}/villages/").json()
    assert {row["village__name"]: row["paid"] for row in villages} == {"大旗村": 1, "荀子村": 0}


def test_eligibility_endpoint_explains_condition_by_condition(client, specialist, world):
    client.force_login(specialist)
    cards = client.get(f"{API}/benefit-eligibility/", {"household": world["here"].pk, "year": 2025}).json()
    childcare = next(card for card in cards if card["policy"] == world["policy"].pk)
    child = next(e for e in childcare["explanations"] if e["subject"] == "王小一")
    assert child["eligible"] is True and child["amount"] == "3600.00"
    because = "王小一（2024年2月1日出生）2025年12月31日时1周岁"
    assert {"text": "本人未满3周岁", "ok": True, "because": because} in child["checks"]
    assert client.get(f"{API}/benefit-eligibility/", {"household": "x"}).status_code == 400


def test_figures_endpoint_counts_village_policies(client, leader, world):
    client.force_login(leader)
    figures = client.get(f"{API}/benefit-figures/", {"year": 2025}).json()
    assert figures["year"] == 2025 and figures["totals"]["recipients"] == 0
    assert len(figures["by_policy"]) == 1


def test_leader_reads_but_may_not_write(client, leader, world):
    client.force_login(leader)
    assert client.get(f"{API}/cycles/").status_code == 200
    assert client.post(f"{API}/cycles/{world['cycle'].pk}/compute/").status_code == 403


def test_holds_and_facts_through_the_api(client, specialist, world):
    client.force_login(specialist)
    child = world["here"].people.get(name="王小一")
    hold = client.post(f"{API}/holds/", {"policy": world["policy"].pk, "household": world["here"].pk,
                                         "person": child.pk, "kind": "suspended", "reason": "核实中"},
                       content_type="application/json")
    assert hold.status_code == 201, hold.json()
    assert client.post(f"{API}/holds/{hold.json()['id']}/resume/", {"note": ""},
                       content_type="application/json").status_code == 400
    fact = client.post(f"{API}/facts/", {"household": world["there"].pk, "kind": "school_enrolment",
                                         "occurred_on": "2025-09-01"}, content_type="application/json")
    assert fact.status_code == 400 and "household" in fact.json()


def test_a_month_given_in_the_older_spelling_is_stored_and_found_in_the_one_spelling(client, town_office, town):
    policy = make_policy(town=town, frequency="month", adopted_on=D(2025, 1, 1))
    client.force_login(town_office)
    opened = client.post(f"{API}/cycles/", {"policy": policy.pk, "period": "2025-03"}, content_type="application/json")
    assert opened.status_code == 201 and opened.json()["period"] == "202503"
    assert client.get(f"{API}/cycles/", {"period": "2025-03"}).json()["count"] == 1
    assert client.get(f"{API}/cycles/", {"period": "202503"}).json()["count"] == 1
    bad = client.post(f"{API}/cycles/", {"policy": policy.pk, "period": "March"}, content_type="application/json")
    assert bad.status_code == 400 and "period" in bad.json()
