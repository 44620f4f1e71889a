"""The services in the admin: read-only and scoped like the pages."""

from django.urls import reverse

from tests.services.conftest import make_drive


def test_admin_lists_the_sites_in_scope(client, office_staff, staff_specialist, sites):
    client.force_login(office_staff)
    page = client.get(reverse("admin:services_servicesite_changelist"))
    assert page.status_code == 200
    assert {site.name for site in page.context["cl"].result_list} == {"镇服务站", "大旗服务室", "荀子服务室"}
    assert client.get(reverse("admin:services_servicesite_add")).status_code == 403
    client.force_login(staff_specialist)
    page = client.get(reverse("admin:services_servicesite_changelist"))
    assert {site.name for site in page.context["cl"].result_list} == {"大旗服务室"}
    other = sites["other"]
    assert client.get(reverse("admin:services_servicesite_change", args=[other.pk])).status_code in (302, 404)


def test_admin_shows_donors_to_the_office_only(client, office_staff, staff_leader, town):
    drive = make_drive(town=town, donations=[100])
    url = reverse("admin:services_fundraising_change", args=[drive.pk])
    client.force_login(office_staff)
    assert "捐款人0" in client.get(url).content.decode()
    client.force_login(staff_leader)
    page = client.get(url)
    assert page.status_code == 200 and "捐款人0" not in page.content.decode()
