import io

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from association.models import AssociationMember
from demo import town
from tests.factories.association import make_member
from villages.models import User, VillagerGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_town():
    return town.build()


def test_demo_accounts_one_per_role_idempotent(demo_town, client):
    out = io.StringIO()
    call_command("create_demo_accounts", stdout=out)
    call_command("create_demo_accounts", stdout=io.StringIO())

    users = User.objects.filter(username__in=["office", "leader", "county", "daqi-specialist", "daqi-member"])
    assert sorted(users.values_list("role", flat=True)) == sorted(User.Role.values)
    assert "zizhi-demo-2026" in out.getvalue() and "DEMO" in out.getvalue().upper()
    office = users.get(username="office")
    assert office.is_staff and office.has_perm("villages.change_appointment")
    assert not office.has_perm("villages.delete_appointment")
    # The login throttling's backend needs the request (axes), as every real login has.
    assert client.login(request=HttpRequest(), username="daqi-specialist", password="zizhi-demo-2026")


def test_demo_accounts_need_the_demo_town(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_demo_accounts", stdout=io.StringIO())


def test_demo_member_account_logs_in_as_the_association_member_of_its_group(demo_town):
    group = VillagerGroup.objects.get(village__name="大旗村", number=1)
    member = make_member(group=group)

    call_command("create_demo_accounts", stdout=io.StringIO())
    call_command("create_demo_accounts", stdout=io.StringIO())

    assert AssociationMember.objects.get(pk=member.pk).user.username == "daqi-member"
