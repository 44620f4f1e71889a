from members.models.categories import FamilyCategory
from members.models.codes import Ethnicity, MaritalStatus, Relation
from members.models.events import VitalEvent
from members.models.households import Household
from members.models.people import SENSITIVE_FIELDS, Person

__all__ = [
    "Ethnicity", "FamilyCategory", "Household", "MaritalStatus", "Person", "Relation", "SENSITIVE_FIELDS",
    "VitalEvent",
]

