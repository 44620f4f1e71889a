"""Publicity activities: pages, API, admin, the figures and the demo."""

import datetime

import pytest
from django.urls import reverse

from demo import services as services_demo
from services.figures import CHANNEL
from services.models import PublicityActivity
from tests.factories import make_village
from tests.services.conftest import api
from villages.catalogue import VILLAGE, compute
from villages.periods import Period

API = "/api/v1/publicity-activities/"
CODES = ["services.publicity_activities", "services.publicity_reach"]
Channel = PublicityActivity.Channel


def make_activity(*, town, village=None, channel=Channel.TELEVISION, day=datetime.date(2025, 5, 12), reach=1000,
                  title=None) -> PublicityActivity:
    return PublicityActivity.objects.create(town=town, village=village, channel=channel, held_on=day, reach=reach,
                                            title=title or f"{channel}-{village or town}")


@pytest.fixture
def activities(town, village, other_village):
    return {"town": make_activity(town=town, title="电视专题片", reach=30_000),
            "own": make_activity(town=town, village=village, channel=Channel.SLOGANS, title="大旗标语", reach=600),
            "other": make_activity(town=town, village=other_village, channel=Channel.SLOGANS, title="荀子标语",
                                   reach=500)}


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


def test_the_years_page_lists_by_channel_with_a_fixed_number_of_queries(
        signed_in, town_office, town, activities, django_assert_max_num_queries):
    make_activity(town=town, day=datetime.date(2026, 1, 3), title="明年")
    client = signed_in(town_office)
    # The year selector asks every app which years have data (about a dozen queries); the rest is fixed.
    with django_assert_max_num_queries(36):
        response = client.get(reverse("services:publicity") + "?year=2025")
    body = response.content.decode()
    assert "电视专题片" in body and "荀子标语" in body and "明年" not in body
    assert 2026 in response.context["years"]
    lines = {str(line["channel"]): line for line in response.context["channels"]}
    assert lines["slogans and banners"]["activities"] == 2 and lines["slogans and banners"]["reach"] == 1100
    for index in range(5):
        make_activity(town=town, village=make_village(town=town, number=600 + index))
    with django_assert_max_num_queries(36):
        assert client.get(reverse("services:publicity") + "?year=2025").status_code == 200


def test_specialist_sees_and_edits_their_village_only(signed_in, specialist, activities):
    client = signed_in(specialist)
    body = client.get(reverse("services:publicity") + "?year=2025").content.decode()
    assert "大旗标语" in body and "荀子标语" not in body and "电视专题片" not in body
    assert client.get(reverse("services:publicity_edit", args=[activities["own"].pk])).status_code == 200
    assert client.get(reverse("services:publicity_edit", args=[activities["other"].pk])).status_code == 404
    assert client.get(reverse("services:publicity_edit", args=[activities["town"].pk])).status_code == 404


def test_leadership_reads_and_members_find_nothing(signed_in, leader, member, activities):
    client = signed_in(leader)
    assert client.get(reverse("services:publicity")).status_code == 200
    assert client.get(reverse("services:publicity_edit", args=[activities["own"].pk])).status_code == 403
    assert client.get(reverse("services:publicity_new")).status_code == 403
    assert signed_in(member).get(reverse("services:publicity")).status_code == 404


def test_record_and_correct_an_activity(signed_in, specialist, village, other_village):
    client = signed_in(specialist)
    data = {"village": village.pk, "channel": "meeting", "held_on": "2025-06-10", "title": "育龄妇女会",
            "reach": "45", "note": ""}
    assert client.post(reverse("services:publicity_new"), data).status_code == 302
    activity = PublicityActivity.objects.get()
    url = reverse("services:publicity_edit", args=[activity.pk])
    edit = {**data, "reach": "50", "version": activity.version}
    assert client.post(url, edit).status_code == 302
    response = client.post(url, {**edit, "reach": "60"})
    assert "Someone else changed" in str(response.context["form"].non_field_errors())
    activity.refresh_from_db()
    assert activity.reach == 50 and activity.version == 2
    response = client.post(reverse("services:publicity_new"), {**data, "village": other_village.pk})
    assert response.status_code == 200 and "village" in response.context["form"].errors


def test_bad_input_comes_back_on_the_form(signed_in, town_office, village):
    client = signed_in(town_office)
    response = client.post(reverse("services:publicity_new"), {"village": village.pk, "channel": "pigeon",
                                                               "held_on": "x", "title": "", "reach": "-3"})
    assert set(response.context["form"].errors) >= {"channel", "held_on", "title", "reach"}
    response = client.post(reverse("services:publicity_new"), {"village": "", "channel": "television",
                                                               "held_on": "2099-01-01", "title": "x", "reach": "1"})
    assert response.context["form"].errors["held_on"]
    assert not PublicityActivity.objects.exists()


def test_api_lists_in_scope_and_writes(town_office, specialist, member, village, activities,
                                       django_assert_max_num_queries):
    office = api(town_office)
    assert {row["title"] for row in office.get(API).json()["results"]} == {"电视专题片", "大旗标语", "荀子标语"}
    client = api(specialist)
    assert {row["title"] for row in client.get(API).json()["results"]} == {"大旗标语"}
    assert client.get(f"{API}{activities['other'].pk}/").status_code == 404
    assert client.patch(f"{API}{activities['other'].pk}/", {"reach": 1, "version": 1}, format="json").status_code == 404
    assert api(member).get(API).status_code == 404
    response = client.post(API, {"village": village.pk, "channel": "notice_column", "held_on": "2025-07-11",
                                 "title": "人口日专栏", "reach": 300}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.patch(f"{API}{pk}/", {"reach": 350, "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    assert client.patch(f"{API}{pk}/", {"reach": 1, "version": 1}, format="json").status_code == 409
    assert client.delete(f"{API}{pk}/").status_code == 405
    with django_assert_max_num_queries(8):
        assert office.get(API).status_code == 200


def test_api_bad_input_answers_400(town_office, specialist, village, other_village):
    response = api(town_office).post(API, {"village": village.pk, "channel": "pigeon", "title": "", "reach": -1},
                                     format="json")
    assert response.status_code == 400 and {"channel", "title", "held_on", "reach"} <= set(response.json())
    response = api(specialist).post(API, {"village": other_village.pk, "channel": "meeting", "title": "x",
                                          "held_on": "2025-05-01"}, format="json")
    assert response.status_code == 400 and "village" in response.json()
    response = api(specialist).post(API, {"channel": "meeting", "title": "x", "held_on": "2025-05-01"}, format="json")
    assert response.status_code in (400, 403)
    assert not PublicityActivity.objects.exists()


def test_admin_is_scoped(client, office_staff, staff_specialist, activities):
    client.force_login(office_staff)
    page = client.get(reverse("admin:services_publicityactivity_changelist"))
    assert {a.title for a in page.context["cl"].result_list} == {"电视专题片", "大旗标语", "荀子标语"}
    client.force_login(staff_specialist)
    page = client.get(reverse("admin:services_publicityactivity_changelist"))
    assert {a.title for a in page.context["cl"].result_list} == {"大旗标语"}


def test_the_figures_count_the_years_activities_and_a_2026_one_leaves_2025_alone(town, village, activities):
    before = compute(town.pk, Period.parse("2025"), CODES)
    assert before.get("services.publicity_activities") == 3
    assert before.get("services.publicity_reach") == 31_100
    assert before.get("services.publicity_reach", VILLAGE, village.pk) == 600
    assert before.breakdown("services.publicity_activities", CHANNEL)["slogans"] == 2
    make_activity(town=town, village=village, day=datetime.date(2026, 2, 1), reach=9999)
    after = compute(town.pk, Period.parse("2025"), CODES)
    assert dict(after.data) == dict(before.data)
    assert compute(town.pk, Period.parse("2026"), CODES).get("services.publicity_reach") == 9999


def test_the_figure_page_lists_the_records(client, specialist, activities):
    client.force_login(specialist)
    page = client.get(reverse("villages:figure", args=["services.publicity_activities"]), {"period": "2025"})
    assert page.status_code == 200 and [a.title for a in page.context["records"]] == ["大旗标语"]


def test_the_demo_publicity_uses_television_vehicles_newspapers_and_slogans(town):
    for index in range(6):
        make_village(town=town, name=f"宣传{index}村", number=700 + index)
    assert services_demo.build(town) > 0
    assert services_demo.build(town) == 0
    values = compute(town.pk, Period.parse("2025"), CODES)
    breakdown = values.breakdown("services.publicity_activities", CHANNEL)
    for channel in ("television", "broadcast_vehicle", "newspaper", "slogans"):
        assert breakdown[channel] > 0, channel
    assert values.get("services.publicity_reach") > 0
    assert {a.held_on.month for a in PublicityActivity.objects.all()} >= {1, 3, 5, 7, 9, 12}
    assert all(village.publicity_activities.exists() for village in town.villages.all())
