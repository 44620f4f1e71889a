"""A small town for the benchmarks' tests: what each benchmark command measures, at the smallest size."""

from demo.management.commands.benchmark_incentives import POLICIES
from tests.factories import make_group, make_town, make_user, make_village
from tests.factories.assessments import make_scheme, publish_scored
from tests.factories.incentives import make_policy
from tests.factories.members import make_household
from villages.models import User

VILLAGES = ["大旗村", "荀子村"]


def build_small_town():
    """Two villages of three households each, the four policies the benefits benchmark times, and a
    published fourth quarter; in the demo town's place (the factories' town has its code)."""
    town = make_town()
    office = make_user(role=User.Role.TOWN_OFFICE, town=town, username="small-town-office")
    villages = [make_village(town=town, name=name) for name in VILLAGES]
    for village in villages:
        group = make_group(village=village)
        for _ in range(3):
            make_household(group=group)
    for code in POLICIES:
        make_policy(town=town, code=code, name=f"测试{code}")
    scheme = make_scheme(town=town)
    for village in villages:
        publish_scored(scheme=scheme, village=village, period="Q4", by=office)
    return town
