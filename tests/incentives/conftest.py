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
