import datetime

import pytest
from django.utils import translation

from members.models import MaritalStatus, Relation
from tests.factories import make_group
from tests.factories.members import make_household, person_fields

D = datetime.date


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def group(village):
    return make_group(village=village, number=1)


@pytest.fixture
def family(group):
    """Builds a household of a head couple and their children: family(head_born=…, children=[(sex, born), …])."""

    def build(*, head_born=None, wife_born=None, children=(), hukou="rural", names=None, **extra):
        head_born, wife_born = head_born or D(1980, 5, 1), wife_born or D(1982, 3, 1)
        names = list(names or ["王强", "李芳", "王一", "王二", "王三"])
        people = [person_fields(name=names[0], born=head_born, relation=Relation.HEAD),
                  person_fields(name=names[1], sex="F", born=wife_born, relation=Relation.WIFE)]
        for index, (sex, born) in enumerate(children):
            people.append(person_fields(name=names[2 + index], sex=sex, born=born,
                                        relation=Relation.SON if sex == "M" else Relation.DAUGHTER,
                                        marital_status=MaritalStatus.SINGLE, with_id=False))
        return make_household(group=group, people=people, hukou_type=hukou, **extra)

    return build


@pytest.fixture
def world(town, village, other_village, family):
    """Babies in both villages, the childcare subsidy computed for 2025, and a village policy of 荀子村."""
    from incentives import actions
    from tests.factories.incentives import childcare_subsidy, make_policy, rule

    here = family(children=[("M", D(2024, 2, 1))], names=["王强", "李芳", "王小一"])
    other_group = make_group(village=other_village, number=1)
    there = make_household(group=other_group, people=[
        person_fields(name="赵六", relation=Relation.HEAD),
        person_fields(name="钱七", sex="F", born=D(1990, 1, 1), relation=Relation.WIFE),
        person_fields(name="赵小二", sex="F", born=D(2023, 6, 1), relation=Relation.DAUGHTER, with_id=False,
                      marital_status=MaritalStatus.SINGLE)])
    policy = childcare_subsidy(town)
    cycle = actions.open_cycle(policy=policy, period="2025", by=None)
    actions.compute_cycle(cycle=cycle, by=None)
    village_policy = make_policy(town=town, village=other_village, name="荀子村双女户子女免费入学",
                                 conditions=[rule("self", "role", ["child"])])
    return {"here": here, "there": there, "policy": policy, "cycle": cycle, "village_policy": village_policy,
            "mine": cycle.entitlements.get(village=village), "theirs": cycle.entitlements.get(village=other_village)}
