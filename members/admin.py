"""The registry in the admin: for looking up and reading history, scoped like every page.

Households and people are written only through the specialists' pages and the API, whose
actions keep the events, family categories and versions right; the admin is read-only here.
Sensitive fields are left out (and so is a person's field history, which would show them):
reading them belongs to the pages, which log every view.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from members.models import FamilyCategory, Household, Person, VitalEvent
from members.models.people import SENSITIVE_FIELDS
from villages.scoped_admin import ReadOnlyMixin


@admin.register(Household)
class HouseholdAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    scope_group = "group"
    list_display = ["number", "village", "group", "poverty", "status", "registered_on"]
    list_filter = ["status", "poverty", "hukou_type"]
    search_fields = ["number", "address"]
    list_select_related = ["village", "group__village"]


@admin.register(Person)
class PersonAdmin(ReadOnlyMixin, admin.ModelAdmin):
    scope_village = "household__village"
    scope_group = "household__group"
    list_display = ["name", "household", "relation", "sex", "birth_date", "marital_status", "status"]
    list_filter = ["status", "sex", "marital_status"]
    search_fields = ["name", "household__number"]
    exclude = list(SENSITIVE_FIELDS)
    list_select_related = ["household"]
    raw_id_fields = ["household", "mother", "father"]


@admin.register(VitalEvent)
class VitalEventAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    scope_group = "household__group"
    list_display = ["kind", "person", "village", "occurred_on", "recorded_on", "change", "birth_order", "voided_on"]
    list_filter = ["kind", "recorded_on", "voided_on"]
    list_select_related = ["person", "village"]
    raw_id_fields = ["household", "person", "mother", "other_person", "corrects"]


@admin.register(FamilyCategory)
class FamilyCategoryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    scope_village = "household__village"
    scope_group = "household__group"
    list_display = ["household", "category", "holds_from", "holds_until"]
    list_filter = ["category"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]
