"""The role predicates of villages.roles in templates, so that a page asks who the user is the way the
code does (a role counts only with its jurisdiction): {% load roles %}{% if user|sees_whole_town %}."""

from django import template

from villages.roles import (
    is_association_member,
    is_county_office,
    is_leadership,
    is_town_office,
    may_browse_people,
    may_read_cases,
    may_see_people,
    sees_whole_town,
)

register = template.Library()
register.filter("is_association_member", is_association_member)
register.filter("sees_whole_town", sees_whole_town)
register.filter("is_town_office", is_town_office)
register.filter("is_leadership", is_leadership)
register.filter("is_county_office", is_county_office)
register.filter("may_see_people", may_see_people)
register.filter("may_browse_people", may_browse_people)
register.filter("may_read_cases", may_read_cases)
