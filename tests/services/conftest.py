import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from services.models import Donation, FundEntry, Fundraising, ServiceSite, SiteInvestment, SiteStateChange
from tests.members.conftest import _english_and_fast_passwords, set_today

__all__ = ["_english_and_fast_passwords", "set_today"]

DAY = datetime.date(2025, 3, 1)


def make_site(*, town, village=None, kind=None, name=None, state=ServiceSite.State.IN_USE, since=DAY) -> ServiceSite:
    kind = kind or (ServiceSite.Kind.SERVICE_ROOM if village is not None else ServiceSite.Kind.SERVICE_CENTRE)
    site = ServiceSite.objects.create(town=town, village=village, kind=kind, name=name or f"{kind}-{village}",
                                      state=state, state_since=since)
    SiteStateChange.objects.create(site=site, state=state, changed_on=since)
    return site


def invest(site, amount, day=DAY, source=SiteInvestment.Source.TOWN_BUDGET) -> SiteInvestment:
    return SiteInvestment.objects.create(site=site, amount=Decimal(amount), source=source, invested_on=day,
                                         purpose="设备")


def make_entry(*, town, village=None, amount=1000, day=DAY, direction=FundEntry.Direction.INCOME,
               source=FundEntry.Source.VILLAGE_COLLECTIVE, use="") -> FundEntry:
    if direction == FundEntry.Direction.SPENDING:
        source, use = "", use or FundEntry.Use.SERVICES
    return FundEntry.objects.create(town=town, village=village, direction=direction, source=source, use=use,
                                    amount=Decimal(amount), entry_date=day)


def make_drive(*, town, village=None, donations=(), families=0, children=0) -> Fundraising:
    drive = Fundraising.objects.create(town=town, village=village, title="助学募捐",
                                       starts_on=datetime.date(2025, 9, 1), ends_on=datetime.date(2025, 9, 30),
                                       purpose="助学",
                                       families_helped=families, children_helped=children)
    for index, amount in enumerate(donations):
        Donation.objects.create(fundraising=drive, donor_name=f"捐款人{index}", amount=Decimal(amount),
                                donated_on=datetime.date(2025, 9, 1 + index % 28))
    return drive


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def sites(town, village, other_village):
    """The town's centre, a service room in each village."""
    return {"town": make_site(town=town, name="镇服务站"),
            "own": make_site(town=town, village=village, name="大旗服务室"),
            "other": make_site(town=town, village=other_village, name="荀子服务室")}


@pytest.fixture
def signed_in(client):
    """`signed_in(user)`: the test client, logged in as the user."""
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in
