"""villages.privacy: who sees sensitive data of a village, and the access log written by what shows it
(pages, API, documents), never by a read query."""

from django.urls import reverse

from incentives import queries as benefits
from tests.factories import make_user
from tests.factories.incentives import make_policy, rule
from tests.factories.members import make_household
from villages.models import SensitiveAccess
from villages.privacy import log_access, may_see_sensitive, sees_sensitive_in_jurisdiction, sensitive_villages


def test_sensitive_data_is_for_the_town_office_and_the_villages_specialist(town_office, specialist, leader, member,
                                                                            village, other_village):
    assert may_see_sensitive(town_office, village.pk) and may_see_sensitive(town_office, other_village.pk)
    assert may_see_sensitive(specialist, village.pk) and not may_see_sensitive(specialist, other_village.pk)
    assert not may_see_sensitive(leader, village.pk) and not may_see_sensitive(member, village.pk)
    assert not may_see_sensitive(town_office, None)


def test_the_town_office_of_another_town_sees_nothing_sensitive_here(village, far_village):
    stranger = make_user(town=far_village.town, username="far-office")
    assert not may_see_sensitive(stranger, village.pk)


def test_sensitive_villages_keeps_those_the_user_may_see(specialist, village, other_village):
    assert sensitive_villages(specialist, [village.pk, other_village.pk, None]) == {village.pk}


def test_sensitive_villages_of_the_town_office_take_one_query_however_many(town_office, leader, village,
                                                                           other_village, far_village,
                                                                           django_assert_num_queries):
    asked = [village.pk, other_village.pk, far_village.pk, None]
    with django_assert_num_queries(1):
        assert sensitive_villages(town_office, asked) == {village.pk, other_village.pk}
    with django_assert_num_queries(0):
        assert sensitive_villages(leader, asked) == set()


def test_who_sees_sensitive_data_in_their_whole_jurisdiction(town_office, specialist, leader, member):
    assert [sees_sensitive_in_jurisdiction(u) for u in (town_office, specialist, leader, member)] == [
        True, True, False, False]


def test_the_log_row_says_who_what_and_how_much(specialist, village):
    entry = log_access(user=specialist, action=SensitiveAccess.Action.VIEW, village_id=village.pk, what="户" * 300,
                       record_type="household", record_id=7, count=3)
    entry.refresh_from_db()
    assert (entry.user, entry.village, len(entry.what), entry.record_id, entry.count) == (
        specialist, village, 200, 7, 3)


def _household_with_sensitive_policy(town, village, specialist):
    make_policy(town=town, name="节育奖励", uses_sensitive_data=True,
                conditions=[rule("self", "contraception", ["iud"])])
    return make_household(village=village, by=specialist)


def test_reading_a_households_benefits_writes_no_log_row(town, village, specialist):
    household = _household_with_sensitive_policy(town, village, specialist)
    cards = benefits.household_benefits(specialist, household, 2025)
    assert cards and not SensitiveAccess.objects.exists()


def test_the_benefits_page_logs_the_sensitive_reasons_it_shows(client, town, village, specialist):
    household = _household_with_sensitive_policy(town, village, specialist)
    client.force_login(specialist)
    assert client.get(reverse("incentives:household", args=[household.pk]) + "?year=2025").status_code == 200
    entry = SensitiveAccess.objects.get()
    assert (entry.user, entry.action, entry.record_type, entry.record_id, entry.count) == (
        specialist, SensitiveAccess.Action.VIEW, "household", household.pk, 1)


def test_the_eligibility_api_logs_the_same_row_as_the_page(client, town, village, specialist):
    household = _household_with_sensitive_policy(town, village, specialist)
    client.force_login(specialist)
    assert client.get("/api/v1/benefit-eligibility/", {"household": household.pk, "year": 2025}).status_code == 200
    entry = SensitiveAccess.objects.get()
    assert (entry.action, entry.record_type, entry.record_id, entry.count) == (
        SensitiveAccess.Action.VIEW, "household", household.pk, 1)


def test_the_leadership_reads_benefits_without_sensitive_reasons_and_without_a_log_row(client, town, village,
                                                                                        specialist, leader):
    household = _household_with_sensitive_policy(town, village, specialist)
    client.force_login(leader)
    assert client.get(reverse("incentives:household", args=[household.pk]) + "?year=2025").status_code == 200
    assert not SensitiveAccess.objects.exists()
