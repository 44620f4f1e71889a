"""What an eligibility condition asks about, of whom, and the values each kind accepts.

Apart from the Condition model so that the words describing a condition (`incentives.rules.words`,
which the model's `__str__` uses) read them without importing the models they describe.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from incentives.models.facts import Fact
from members.models import FamilyCategory, Household, MaritalStatus, Person


class Kind(models.TextChoices):
    FAMILY_CATEGORY = "family_category", _("family category")
    HUKOU = "hukou", _("hukou type")
    VILLAGE = "village", _("village")
    CHILDREN = "children", _("number of living children")
    AGE = "age", _("age")
    BORN = "born", _("birth date")
    SEX = "sex", _("sex")
    BIRTH_ORDER = "birth_order", _("birth order")
    RESIDENCE = "residence", _("residence")
    MARITAL = "marital", _("marital status")
    ALIVE = "alive", _("alive or deceased")
    ROLE = "role", _("place in the family")
    FACT = "certified", _("recorded fact")  # "certified" as stored and in the API, from before the rename
    CONTRACEPTION = "contraception", _("contraception measure")
    PREGNANCY = "pregnancy", _("pregnancy status")
    REGISTERED = "registered", _("in the register")


class Target(models.TextChoices):
    HOUSEHOLD = "household", _("the household")
    SELF = "self", _("the beneficiary")
    PARENT = "parent", _("a parent (the head or the spouse)")
    CHILD = "child", _("a child of the couple")


CHOICES_OF_KIND = {
    Kind.FAMILY_CATEGORY: FamilyCategory.Category.choices,
    Kind.HUKOU: Household.HukouType.choices,
    Kind.SEX: Person.Sex.choices,
    Kind.RESIDENCE: Person.Residence.choices,
    Kind.MARITAL: MaritalStatus.choices,
    Kind.ALIVE: [("alive", _("alive")), ("deceased", _("deceased"))],
    Kind.ROLE: [("parent", _("a parent of the household (its head or the spouse)")),
                ("child", _("a child of the household's couple"))],
    Kind.FACT: Fact.Kind.choices,
    Kind.CONTRACEPTION: [c for c in Person.Contraception.choices if c[0]],
    Kind.PREGNANCY: [c for c in Person.Pregnancy.choices if c[0]],
    Kind.CHILDREN: [("M", _("sons")), ("F", _("daughters"))],
}
