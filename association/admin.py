"""The association in the admin: read-only and scoped, for looking up records and their history.

Members, cards, feedback, meetings and evaluations are written through the association's pages
and the API, whose actions keep the card's history, the due dates and the grades right. What
members write about households is left out here (the pages show it to its readers and log it).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from association.models import AssociationMember, ContactAssignment, Meeting, MemberEvaluation, MonthlyFeedback
from villages.scoped_admin import ReadOnlyMixin


@admin.register(AssociationMember)
class AssociationMemberAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    scope_group = "group"
    list_display = ["name", "role", "village", "group", "joined_on", "left_on", "leave_reason"]
    list_filter = ["role", "leave_reason"]
    search_fields = ["name"]
    list_select_related = ["village", "group__village"]
    raw_id_fields = ["person", "user"]


@admin.register(ContactAssignment)
class ContactAssignmentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    scope_village = "member__village"
    scope_group = "member__group"
    list_display = ["household", "member", "served_from", "served_until", "end_reason"]
    list_filter = ["end_reason"]
    search_fields = ["household__number", "member__name"]
    list_select_related = ["household", "member"]
    raw_id_fields = ["household", "member"]


@admin.register(MonthlyFeedback)
class MonthlyFeedbackAdmin(ReadOnlyMixin, admin.ModelAdmin):
    scope_village = "member__village"
    scope_group = "member__group"
    list_display = ["member", "month", "households_contacted", "submitted_on", "due_on"]
    list_filter = ["month"]
    exclude = ["changes", "help_needed"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["village", "held_on", "place"]
    list_filter = ["held_on"]
    list_select_related = ["village"]


@admin.register(MemberEvaluation)
class MemberEvaluationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    scope_village = "member__village"
    scope_group = "member__group"
    list_display = ["member", "year", "total", "max_total", "grade"]
    list_filter = ["year", "grade"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
