"""Every read of sensitive data through the API is logged (villages.privacy), under the village it is about."""

import datetime

import pytest

from incentives import actions
from incentives.models import Fact, Policy
from villages.models import SensitiveAccess

API = "/api/v1"
DISABLED = Fact.Kind.ONLY_CHILD_DISABLED


@pytest.fixture
def finding(specialist, world):
    """A disability finding on 王小一 of 大旗村, and a school enrolment beside it."""
    child = world["here"].people.get(name="王小一")
    actions.record_fact(household=world["here"], person=child, kind=Fact.Kind.SCHOOL_ENROLMENT,
                        occurred_on=datetime.date(2025, 3, 1), by=specialist)
    return actions.record_fact(household=world["here"], person=child, kind=DISABLED,
                               occurred_on=datetime.date(2025, 3, 1), by=specialist)


def _logged(user):
    return list(SensitiveAccess.objects.filter(user=user).values_list("action", "village_id", "record_id", "count"))


def test_listing_disability_findings_is_logged(client, specialist, village, finding):
    client.force_login(specialist)

    listed = client.get(f"{API}/facts/", {"kind": DISABLED})

    assert [row["id"] for row in listed.json()["results"]] == [finding.pk]
    assert _logged(specialist) == [(SensitiveAccess.Action.API, village.pk, None, 1)]


def test_reading_one_disability_finding_is_logged(client, specialist, village, finding):
    client.force_login(specialist)

    assert client.get(f"{API}/facts/{finding.pk}/").status_code == 200

    assert _logged(specialist) == [(SensitiveAccess.Action.API, village.pk, finding.pk, 1)]


def test_reading_facts_of_no_sensitive_kind_is_not_logged(client, specialist, finding):
    client.force_login(specialist)

    assert client.get(f"{API}/facts/", {"kind": Fact.Kind.SCHOOL_ENROLMENT}).json()["count"] == 1

    assert not SensitiveAccess.objects.exists()


def test_leadership_neither_reads_nor_logs_a_disability_finding(client, leader, finding):
    client.force_login(leader)

    assert client.get(f"{API}/facts/{finding.pk}/").status_code == 404
    assert client.get(f"{API}/facts/", {"kind": DISABLED}).json()["count"] == 0
    assert not SensitiveAccess.objects.exists()


def test_reading_an_entitlement_of_a_policy_on_sensitive_data_is_logged(client, specialist, village, world):
    Policy.objects.filter(pk=world["policy"].pk).update(uses_sensitive_data=True)
    client.force_login(specialist)

    assert client.get(f"{API}/entitlements/{world['mine'].pk}/").status_code == 200

    assert _logged(specialist) == [(SensitiveAccess.Action.API, village.pk, world["mine"].pk, 1)]


def test_a_list_of_entitlements_is_logged_once_for_each_village_it_shows(client, town_office, village, other_village,
                                                                       world):
    Policy.objects.filter(pk=world["policy"].pk).update(uses_sensitive_data=True)
    client.force_login(town_office)

    assert client.get(f"{API}/entitlements/").json()["count"] == 2

    assert set(_logged(town_office)) == {(SensitiveAccess.Action.API, village.pk, None, 1),
                                         (SensitiveAccess.Action.API, other_village.pk, None, 1)}


def test_reading_a_hold_on_a_policy_on_sensitive_data_is_logged(client, specialist, village, world):
    Policy.objects.filter(pk=world["policy"].pk).update(uses_sensitive_data=True)
    child = world["here"].people.get(name="王小一")
    hold = actions.hold_recipient(policy=world["policy"], household=world["here"], person=child, kind="suspended",
                                  reason="核实中", since=datetime.date(2025, 3, 1), by=specialist)
    client.force_login(specialist)

    assert client.get(f"{API}/holds/{hold.pk}/").status_code == 200
    assert client.get(f"{API}/holds/").json()["count"] == 1

    assert set(_logged(specialist)) == {(SensitiveAccess.Action.API, village.pk, hold.pk, 1),
                                        (SensitiveAccess.Action.API, village.pk, None, 1)}
