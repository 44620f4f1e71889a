"""The services' figures from dated records: investment, sites in use, funds, fundraising."""

import datetime
from decimal import Decimal

import pytest

from demo import services as services_demo
from services.actions import sites as site_actions
from services.models import Donation, FundEntry, Fundraising, ServiceSite, SiteInvestment
from tests.factories import make_village
from tests.services.conftest import invest, make_drive, make_entry, make_site
from villages.catalogue import VILLAGE, compute, years_with_data
from villages.periods import Period

Y2025, Y2026 = Period.parse("2025"), Period.parse("2026")
CODES = ["services.site_investment", "services.sites_in_use", "services.fund_income", "services.fund_spending",
         "services.funds_raised", "services.families_helped", "services.children_helped"]


def figures(town, period):
    return compute(town.pk, period, CODES)


def test_investment_is_counted_by_its_date_and_a_later_one_leaves_2025_alone(town, sites, village):
    invest(sites["town"], 200_000, datetime.date(2025, 3, 20))
    invest(sites["own"], 100_000, datetime.date(2025, 8, 10), source=SiteInvestment.Source.GRANT)
    invest(sites["other"], 50_000, datetime.date(2025, 9, 10), source=SiteInvestment.Source.VILLAGE_COLLECTIVE)
    before = figures(town, Y2025)
    assert before.get("services.site_investment") == Decimal(350_000)

    invest(sites["own"], 30_000, datetime.date(2026, 2, 1))

    after = figures(town, Y2025)
    assert after.get("services.site_investment") == Decimal(350_000)
    assert after.get("services.site_investment", VILLAGE, village.pk) == Decimal(100_000)
    assert dict(after.data) == dict(before.data)
    assert figures(town, Y2026).get("services.site_investment") == Decimal(30_000)
    assert 2025 in years_with_data(town.pk) and 2026 in years_with_data(town.pk)


def test_investment_breaks_down_by_source(town, sites):
    invest(sites["town"], 200_000, datetime.date(2025, 3, 20))
    invest(sites["own"], 150_000, datetime.date(2025, 8, 10), source=SiteInvestment.Source.GRANT)
    values = figures(town, Y2025)
    from services.figures import INVESTMENT_SOURCE

    breakdown = values.breakdown("services.site_investment", INVESTMENT_SOURCE)
    assert breakdown["town_budget"] == 200_000 and breakdown["grant"] == 150_000


def test_sites_in_use_are_counted_from_the_state_changes(town, sites, set_today):
    set_today(datetime.date(2026, 6, 1))
    site_actions.change_state(site=sites["own"], state=ServiceSite.State.NEEDS_REPAIR, on=datetime.date(2026, 3, 1),
                              by=None)
    assert figures(town, Y2025).get("services.sites_in_use") == 3
    assert figures(town, Y2026).get("services.sites_in_use") == 2
    make_site(town=town, village=sites["own"].village, kind=ServiceSite.Kind.POPULATION_SCHOOL,
              since=datetime.date(2026, 1, 5))
    assert figures(town, Y2025).get("services.sites_in_use") == 3


def test_funds_and_fundraising_from_the_records(town, village):
    make_entry(town=town, village=village, amount=3000)
    make_entry(town=town, village=village, amount=1200, direction=FundEntry.Direction.SPENDING)
    make_entry(town=town, village=village, amount=999, day=datetime.date(2026, 1, 2))
    make_drive(town=town, donations=[7000, 350], families=34, children=49)

    values = figures(town, Y2025)
    assert values.get("services.fund_income", VILLAGE, village.pk) == 3000
    assert values.get("services.fund_spending") == 1200
    assert values.get("services.funds_raised") == Decimal(7350)
    assert values.get("services.families_helped") == 34
    assert values.get("services.children_helped") == 49
    assert figures(town, Y2026).get("services.funds_raised") == 0


@pytest.fixture
def small_town(town):
    for index in range(6):
        make_village(town=town, name=f"示范{index}村", number=300 + index)
    return town


def test_demo_writes_350000_yuan_and_the_september_fundraising(small_town):
    written = services_demo.build(small_town)
    assert written > 0
    assert services_demo.build(small_town) == 0

    values = figures(small_town, Y2025)
    assert values.get("services.site_investment") == Decimal(350_000)
    assert values.get("services.funds_raised") == Decimal(7350)
    assert values.get("services.families_helped") == 34
    assert values.get("services.children_helped") == 49
    assert sum(Donation.objects.values_list("amount", flat=True)) == Decimal(7350)
    drive = Fundraising.objects.get()
    assert drive.village is None and drive.starts_on.month == 9
    for village in small_town.villages.all():
        assert village.service_sites.filter(kind=ServiceSite.Kind.SERVICE_ROOM).exists()
        assert village.fund_entries.filter(direction=FundEntry.Direction.INCOME, entry_date__year=2025).exists()
    assert values.get("services.fund_income") > 0 and values.get("services.fund_spending") > 0
    assert SiteInvestment.objects.filter(invested_on__year=2025).count() > 2
    assert all(site.history.exists() for site in ServiceSite.objects.all())


def test_the_figure_pages_list_the_records_behind_them(client, town_office, specialist, town, sites, village):
    from django.urls import reverse

    invest(sites["own"], 100_000, datetime.date(2025, 8, 10))
    invest(sites["other"], 50_000, datetime.date(2025, 9, 10))
    make_entry(town=town, village=village, amount=3000)
    make_drive(town=town, donations=[7350], families=34, children=49)
    client.force_login(town_office)
    for code in CODES:
        page = client.get(reverse("villages:figure", args=[code]), {"period": "2025"})
        assert page.status_code == 200, code
    page = client.get(reverse("villages:figure", args=["services.site_investment"]), {"period": "2025"})
    assert page.context["records"].paginator.count == 2
    client.force_login(specialist)
    page = client.get(reverse("villages:figure", args=["services.site_investment"]), {"period": "2025"})
    assert page.context["records"].paginator.count == 1
    page = client.get(reverse("villages:figure", args=["services.sites_in_use"]), {"period": "2025"})
    assert [str(site) for site in page.context["records"]] == ["大旗服务室"]


def test_the_demo_towns_41_villages_get_their_sites_and_the_seeds_figures(db):
    from demo import town as demo_town

    town = demo_town.build()
    services_demo.build(town)
    villages = list(town.villages.all())
    assert len(villages) == 41
    for village in villages:
        kinds = set(village.service_sites.values_list("kind", flat=True))
        assert ServiceSite.Kind.SERVICE_ROOM in kinds and ServiceSite.Kind.NOTICE_AFFAIRS in kinds
    values = figures(town, Y2025)
    assert values.get("services.site_investment") == Decimal(350_000)
    rooms = SiteInvestment.objects.filter(site__kind=ServiceSite.Kind.SERVICE_ROOM)
    assert rooms.count() == 15 and {i.amount for i in rooms} == {Decimal(10_000)}
    assert SiteInvestment.objects.filter(site__kind=ServiceSite.Kind.SERVICE_CENTRE).count() == 2
    assert (values.get("services.funds_raised"), values.get("services.families_helped"),
            values.get("services.children_helped")) == (Decimal(7350), 34, 49)
    assert ServiceSite.objects.filter(state=ServiceSite.State.NEEDS_REPAIR).count() == 3
    assert values.get("services.sites_in_use") == ServiceSite.objects.filter(state=ServiceSite.State.IN_USE).count()
