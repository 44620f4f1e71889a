"""The synthetic county: one town of it built by the demo town's builders, its own people, the same rows again."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from assessments.models import Scheme
from association.models import AssociationMember
from demo import registry
from demo.county import DEFAULT_COUNTY_CODE, id_region, town_profiles
from demo.town import HONGSHANDIAN, building
from demo.town import build as build_demo_town
from incentives.models import Cycle, Entitlement, Policy
from members import queries_asof
from members.models import Household, Person
from services.models import Assistance, HealthCampaign, ModelFamily, ServiceSite
from villages.models import Appointment, County, Position, Town, User


def digest(town: Town) -> str:
    rows = Person.objects.filter(town=town).order_by("pk").values_list("id_number", "name", "birth_date")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


@pytest.fixture(scope="module")
def county_town(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo_town()  # the demo town's villages and posts (not its people: too slow here) beside the county
        output = StringIO()
        with translation.override("en"):
            call_command("generate_county", towns=1, seed=7, stdout=output)
        town = Town.objects.get(code=f"{DEFAULT_COUNTY_CODE}100")
        yield town, output.getvalue()
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def town(county_town, db):
    return county_town[0]


def test_one_town_of_the_county_has_the_demo_towns_size(town):
    assert town.villages.count() == 41
    assert sum(village.groups.count() for village in town.villages.all()) == 469
    assert Household.objects.filter(town=town).count() == registry.HOUSEHOLDS
    assert Person.objects.filter(town=town, status=Person.Status.ACTIVE,
                                 household__status=Household.Status.ACTIVE).count() == registry.PEOPLE
    # and its ledger's spans written by the bulk load: the register on the reference day holds them all
    assert sum(queries_asof.registered_people(town.pk, registry.REFERENCE_DATE).values()) == registry.PEOPLE


def test_the_town_gets_every_part_of_the_demo(town):
    assert AssociationMember.objects.filter(village__town=town).current().count() == 462
    assert Policy.objects.filter(town=town).exists()
    assert Cycle.objects.filter(policy__town=town).exists()
    assert Entitlement.objects.filter(cycle__policy__town=town, status=Entitlement.Status.PAID).exists()
    assert Scheme.objects.filter(town=town).exists()
    assert ServiceSite.objects.filter(town=town).exists()
    assert HealthCampaign.objects.filter(town=town).exists()
    assert ModelFamily.objects.filter(town=town).exists()
    assert Assistance.objects.filter(village__town=town).exists()
    assert User.objects.filter(username=f"town-assessor-{town.code}", town=town).exists()


def test_each_post_of_both_towns_has_one_current_holder_of_its_own_town(town):
    demo = Town.objects.get(code=HONGSHANDIAN.code)
    for each in (demo, town):
        posts = Position.objects.filter(village__town=each)
        current = Appointment.objects.filter(position__village__town=each, ended_on__isnull=True)
        assert current.count() == posts.count()
        assert set(current.values_list("position_id", flat=True)) == set(posts.values_list("pk", flat=True))
    holders = [set(Appointment.objects.filter(position__village__town=each).values_list("holder_name", flat=True))
               for each in (demo, town)]
    assert holders[0] != holders[1]


def test_the_county_links_the_town_and_the_report_gives_the_totals(county_town, db):
    town, output = county_town
    county = County.objects.get(code=DEFAULT_COUNTY_CODE)
    assert list(county.towns.all()) == [town]
    assert Town.objects.get(code=HONGSHANDIAN.code).county.code == "421122"
    assert town.name.endswith("镇") and town.name != HONGSHANDIAN.name
    assert "1 towns, 41 villages, 469 villager groups, 12000 households" in output


def test_the_towns_identity_numbers_are_its_own_region_and_valid(town):
    region = id_region(DEFAULT_COUNTY_CODE, 100)
    numbers = list(Person.objects.filter(town=town).exclude(id_number="").values_list("id_number", flat=True))
    assert region != HONGSHANDIAN.id_region
    assert numbers and all(number.startswith(region) for number in numbers)
    assert len(set(numbers)) == len(numbers)


def test_a_town_of_the_county_draws_other_names_than_the_demo_town():
    profile = town_profiles(county_code=DEFAULT_COUNTY_CODE, county_name="县", towns=1, seed=7)[0]
    demo_names, town_names = HONGSHANDIAN.names(2026), profile.names(2026)
    first = [demo_names.full("M") for _ in range(200)]
    second = [town_names.full("M") for _ in range(200)]
    assert first != second
    assert HONGSHANDIAN.rng(2025).random() != profile.rng(2025).random()


def test_towns_of_one_county_never_share_a_name_a_code_or_a_region():
    profiles = town_profiles(county_code=DEFAULT_COUNTY_CODE, county_name="县", towns=20, seed=7)
    for values in ([p.name for p in profiles], [p.code for p in profiles], [p.id_region for p in profiles],
                   [p.seed for p in profiles]):
        assert len(set(values)) == 20
    assert HONGSHANDIAN.name not in {p.name for p in profiles}
    assert town_profiles(county_code=DEFAULT_COUNTY_CODE, county_name="县", towns=20, seed=7) == profiles


def test_the_same_seed_plans_the_same_people_as_were_written(town):
    profile = town_profiles(county_code=DEFAULT_COUNTY_CODE, county_name="县", towns=1, seed=7)[0]
    with building(profile):
        planned = registry.plan(town)
    written = Person.objects.filter(town=town).values_list("name", "birth_date", "sex")
    assert sorted((p.name, p.born, p.sex) for h in planned for p in h.people) == sorted(written)


def test_running_the_generator_again_changes_nothing(county_town, db):
    town, _ = county_town
    before = (digest(town), Household.objects.count(), Policy.objects.count(), Scheme.objects.count())
    call_command("generate_county", towns=1, seed=7, stdout=StringIO())
    assert (digest(town), Household.objects.count(), Policy.objects.count(), Scheme.objects.count()) == before
    assert Town.objects.count() == 2  # the demo town and the county's one
