import datetime

import pytest
from django.contrib.auth.models import Permission

from assessments import actions
from tests.factories import make_user
from tests.factories.assessments import publish_scored
from villages.actions import set_up_town_office_group
from villages.models import User


@pytest.fixture
def staff_office(town):
    user = make_user(role=User.Role.TOWN_OFFICE, town=town, username="staff-office", is_staff=True)
    user.groups.add(set_up_town_office_group())
    return user


@pytest.fixture
def staff_leader(town):
    user = make_user(role=User.Role.LEADERSHIP, town=town, username="staff-leader", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="assessments",
                                                         codename__startswith="view_"))
    return user


def _entry(village, by):
    return actions.record_ledger_entry(village=village, kind="commendation", title="表彰", reason="r", decision="d",
                                       decided_on=datetime.date(2025, 12, 30), decided_by="镇党委", recorded_by=by)


def test_town_office_edits_an_unfrozen_scheme_but_not_a_frozen_one(client, staff_office, scheme, village):
    client.force_login(staff_office)
    url = f"/admin/assessments/scheme/{scheme.pk}/change/"
    assert 'name="title"' in client.get(url).content.decode()
    publish_scored(scheme=scheme, village=village, period="Q1", by=staff_office)
    assert 'name="title"' not in client.get(url).content.decode()


def test_copy_to_next_year_admin_action(client, staff_office, scheme):
    client.force_login(staff_office)
    response = client.post("/admin/assessments/scheme/", {"action": "copy_to_next_year",
                                                          "_selected_action": [scheme.pk]}, follow=True)
    assert response.status_code == 200
    assert scheme.__class__.objects.filter(year=2026).exists()


def test_leadership_reads_the_ledger_in_the_admin_but_cannot_change_it(client, staff_leader, town_office, village):
    entry = _entry(village, town_office)
    client.force_login(staff_leader)
    assert client.get("/admin/assessments/ledgerentry/").status_code == 200
    page = client.get(f"/admin/assessments/ledgerentry/{entry.pk}/change/").content.decode()
    assert 'name="title"' not in page
    assert client.get("/admin/assessments/ledgerentry/add/").status_code == 403


def test_admin_lists_only_the_users_town(client, staff_office, town_office, village, django_assert_max_num_queries):
    # town_office is the recorder; staff_office reads the list
    from tests.factories import make_town, make_village

    elsewhere = make_village(town=make_town(name="别镇", code="421122101"), name="别村")
    _entry(village, town_office)
    _entry(elsewhere, make_user(role=User.Role.TOWN_OFFICE, town=elsewhere.town))
    client.force_login(staff_office)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/assessments/ledgerentry/")
    assert response.context["cl"].result_count == 1
