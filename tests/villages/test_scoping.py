import pytest
from django.http import Http404

from tests.factories import make_group, make_user
from villages.models import User, Village
from villages.privacy import may_see_sensitive
from villages.queries import get_scoped_or_404, groups_for, town_id_of, villages_for


def test_specialist_sees_only_own_village(specialist, village, other_village):
    assert list(villages_for(specialist)) == [village]


def test_town_office_and_leadership_see_the_whole_town(town_office, leader, village, other_village):
    assert set(villages_for(town_office)) == {village, other_village}
    assert set(villages_for(leader)) == {village, other_village}


def test_user_without_jurisdiction_sees_nothing(village, other_village):
    nobody = make_user(role="", username="nobody")
    assert not villages_for(nobody).exists()


def test_every_role_works_in_the_town_of_its_jurisdiction(town, town_office, leader, specialist, member):
    assert [town_id_of(u) for u in (town_office, leader, specialist, member)] == [town.pk] * 4
    assert town_id_of(make_user(role="", username="nobody")) is None


def test_member_sees_only_own_group(member, village):
    make_group(village=village, number=2)
    assert list(groups_for(member)) == [member.group]


def test_other_village_record_answers_404(specialist, other_village):
    with pytest.raises(Http404):
        get_scoped_or_404(Village.objects.all(), specialist, village="", pk=other_village.pk)


def test_sensitive_data_only_for_town_office_and_own_specialist(
    town_office, leader, specialist, member, village, other_village
):
    assert may_see_sensitive(town_office, village.pk)
    assert may_see_sensitive(specialist, village.pk)
    assert not may_see_sensitive(specialist, other_village.pk)
    assert not may_see_sensitive(leader, village.pk)
    assert not may_see_sensitive(member, village.pk)


def test_user_of_another_town_sees_nothing_here(village):
    from tests.factories import make_town

    stranger = make_user(role=User.Role.TOWN_OFFICE, town=make_town(name="别镇", code="421122200"))
    assert not villages_for(stranger).exists()
