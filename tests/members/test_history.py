"""A record's field history is shown person by person, as the viewer may see that person at each version."""

import datetime

import pytest
from django.urls import reverse

from members import actions
from members.models import Relation
from tests.factories.members import make_household, person_fields, wife
from villages.models import SensitiveAccess


@pytest.fixture
def moved(village, other_village, town_office):
    """李芳 of 大旗村's household 0001 (phone 13900007777, then 13900008888) moves to 荀子村's household 9001,
    and there gets a new phone and an implant."""
    old = make_household(village=village, by=town_office, number="0001")
    new = make_household(village=other_village, by=town_office, number="9001", people=[person_fields(name="赵六")])
    person = wife(old)
    for phone in ("13900007777", "13900008888"):
        person = actions.update_person(person=person, version=person.version, by=town_office, phone=phone)
    person = actions.move_person(person=person, to_household=new, moved_on=datetime.date(2025, 3, 1),
                                 relation=Relation.WIFE, by=town_office)
    person = actions.update_person(person=person, version=person.version, by=town_office, phone="13900009999")
    actions.update_reproductive_health(person=person, version=person.version, by=town_office,
                                       contraception="implant", contraception_since=datetime.date(2025, 4, 1))
    return {"old": old, "new": new, "person": person}


@pytest.mark.parametrize("page", ["members:household_history", "members:household"])
def test_old_villages_specialist_does_not_read_a_moved_persons_later_data(client, specialist, moved, page):
    client.force_login(specialist)

    response = client.get(reverse(page, args=[moved["old"].pk]))

    assert response.status_code == 200
    assert "13900007777" in response.text and "13900008888" in response.text
    assert "13900009999" not in response.text and "implant" not in response.text
    assert client.get(reverse("members:person", args=[moved["person"].pk])).status_code == 404


def test_history_is_logged_under_the_village_whose_data_it_shows(client, specialist, town_office, moved):
    client.force_login(specialist)
    client.get(reverse("members:household_history", args=[moved["old"].pk]))
    assert set(SensitiveAccess.objects.filter(user=specialist).values_list("village_id", flat=True)) == {
        moved["old"].village_id}

    client.force_login(town_office)
    page = client.get(reverse("members:household_history", args=[moved["old"].pk]))

    assert "13900009999" in page.text and "implant" in page.text
    assert set(SensitiveAccess.objects.filter(user=town_office).values_list("village_id", flat=True)) == {
        moved["old"].village_id, moved["new"].village_id}


def test_new_villages_specialist_reads_only_the_persons_versions_in_the_village(client, other_village, moved):
    from tests import factories
    from villages.models import User

    theirs = factories.make_user(role=User.Role.SPECIALIST, village=other_village, username="xunzi")
    client.force_login(theirs)

    for page in (reverse("members:household_history", args=[moved["new"].pk]),
                 reverse("members:person", args=[moved["person"].pk])):
        text = client.get(page).text
        assert "13900009999" in text and "implant" in text
        assert "13900007777" not in text


# The history of the registry's derived and event records

def test_vital_events_keep_their_history_with_who_recorded_and_voided_them(specialist, village):
    household = make_household(village=village, by=specialist, number="0002")
    event = actions.record_birth(mother=wife(household), child_name="王小三", sex="M",
                                 born_on=datetime.date(2025, 2, 1), by=specialist)

    actions.void_event(event=event, reason="重复登记", by=specialist)

    rows = list(event.history.order_by("history_date", "history_id"))
    assert [(row.history_type, row.history_user) for row in rows] == [("+", specialist), ("~", specialist)]
    assert rows[-1].void_reason == "重复登记"


def test_family_categories_keep_their_history(specialist, village):
    household = make_household(village=village, by=specialist, number="0003")
    [category] = household.categories.current()
    assert category.history.count() == 1

    actions.record_birth(mother=wife(household), child_name="王小三", sex="M", born_on=datetime.date(2025, 2, 1),
                         by=specialist)

    category.refresh_from_db()
    assert category.holds_until is not None
    assert [row.history_type for row in category.history.order_by("history_date", "history_id")] == ["+", "~"]
