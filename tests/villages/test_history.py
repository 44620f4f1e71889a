"""Users (their role and jurisdiction) and towns keep their history: who changed what, and when."""

from django.urls import reverse

from tests import factories
from villages.models import User


def test_a_users_role_and_village_changes_are_kept(village, other_village):
    user = factories.make_user(role=User.Role.SPECIALIST, village=village, username="moved")

    user.village = other_village
    user.save(update_fields=["village"])

    rows = list(user.history.order_by("history_date", "history_id"))
    assert [(row.role, row.village_id) for row in rows] == [(User.Role.SPECIALIST, village.pk),
                                                             (User.Role.SPECIALIST, other_village.pk)]
    assert not hasattr(rows[0], "password")


def test_the_towns_working_year_change_keeps_who_made_it(client, town_office, town):
    client.force_login(town_office)

    response = client.post(reverse("villages:closings"), {"working_year": 2025})

    assert response.status_code == 302
    latest = town.history.first()
    assert (latest.working_year, latest.history_user) == (2025, town_office)


def test_office_staff_read_a_users_history_in_the_admin(client, office_staff, specialist, other_village):
    specialist.village = other_village
    specialist.save(update_fields=["village"])
    client.force_login(office_staff)

    page = client.get(f"/admin/villages/user/{specialist.pk}/history/")

    assert page.status_code == 200 and "specialist" in page.content.decode()
