from django.urls import reverse

from tests.factories import make_user
from tests.factories.members import head, make_household
from villages.models import User


def test_town_office_reads_households_in_the_admin_but_cannot_add_or_delete(client, town, village, other_village):
    office = make_user(role=User.Role.TOWN_OFFICE, town=town, username="clerk", is_staff=True, is_superuser=False)
    household = make_household(village=village, number="0001")
    client.force_login(office)
    from django.contrib.auth.models import Permission

    office.user_permissions.set(Permission.objects.filter(content_type__app_label="members"))

    listing = client.get(reverse("admin:members_household_changelist"))
    assert listing.status_code == 200 and "0001" in listing.text
    assert client.get(reverse("admin:members_household_add")).status_code == 403
    assert client.get(reverse("admin:members_household_delete", args=[household.pk])).status_code == 403
    person = client.get(reverse("admin:members_person_change", args=[head(household).pk]))
    assert person.status_code == 200 and head(household).id_number not in person.text


def test_specialist_staff_sees_only_own_village_in_the_admin(client, village, other_village):
    specialist = make_user(role=User.Role.SPECIALIST, village=village, username="sp", is_staff=True)
    from django.contrib.auth.models import Permission

    specialist.user_permissions.set(Permission.objects.filter(content_type__app_label="members"))
    foreign = make_household(village=other_village, number="9001")
    client.force_login(specialist)
    assert "9001" not in client.get(reverse("admin:members_household_changelist")).text
    assert client.get(reverse("admin:members_household_change", args=[foreign.pk])).status_code in (302, 404)
