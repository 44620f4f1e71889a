"""The printable contact card and member roster: their context builders, scoping, and an A4 PDF in Chinese."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from association.actions.members import leave_association
from association.queries.documents import (
    association_roster_context,
    contact_card_context,
    member_contact_cards_context,
    this_year,
)
from tests.factories import make_group
from tests.factories.association import make_card, make_member
from villages.periods import Period
from villages.queries import OutOfScope


def roster(user, village):
    [context] = association_roster_context(user=user, town=village.town, village=village, period=this_year())
    return context


def cards(user, village, period=None):
    return member_contact_cards_context(user=user, town=village.town, village=village, period=period or this_year())


def test_card_context_lists_the_households_served(specialist, village):
    member = make_member(village=village, name="吴秀兰", duties="每月走访一次")
    households = make_card(member, 3)
    context = contact_card_context(user=specialist, member_id=member.pk)
    assert [row.household for row in context["households"]] == sorted(households, key=lambda h: h.number)
    assert context["people"] == 3 and len(context["months"]) == 12
    assert context["households"][0].head_name


def test_card_of_another_village_is_not_in_scope(specialist, other_village):
    member = make_member(village=other_village)
    with pytest.raises(OutOfScope):
        contact_card_context(user=specialist, member_id=member.pk)


def test_member_login_gets_only_its_own_card(member):
    mine = make_member(group=member.group, user=member)
    neighbour = make_member(group=member.group)
    assert contact_card_context(user=member, member_id=mine.pk)["member"] == mine
    with pytest.raises(OutOfScope):
        contact_card_context(user=member, member_id=neighbour.pk)
    with pytest.raises(OutOfScope):
        roster(member, member.group.village)


def test_roster_lists_members_and_groups_without_one(town_office, village):
    make_member(group=make_group(village=village, number=1), name="郑红", role="president")
    make_group(village=village, number=2)
    context = roster(town_office, village)
    assert [m.name for m in context["members"]] == ["郑红"]
    assert [g.number for g in context["groups_without_member"]] == [2]
    assert context["member_count"] == 1


def test_deactivated_user_gets_nothing(specialist, village):
    member = make_member(village=village)
    specialist.is_active = False
    specialist.save(update_fields=["is_active"])
    with pytest.raises(OutOfScope):
        contact_card_context(user=specialist, member_id=member.pk)


def test_card_prints_as_a_chinese_a4_pdf(specialist, village):
    weasyprint = pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    member = make_member(village=village, name="吴秀兰")
    make_card(member, 2)
    html = render_to_string("pdf/association/contact_card.html",
                            contact_card_context(user=specialist, member_id=member.pk))
    pdf = weasyprint.HTML(string=html).write_pdf()
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210  # A4
    assert "吴秀兰" in page.extract_text()


def test_village_cards_one_per_member_on_the_roll(specialist, village, other_village):
    first, second = make_member(village=village), make_member(village=village)
    gone = make_member(village=village, joined_on=datetime.date(2020, 1, 1))

    leave_association(member=gone, left_on=datetime.date(2024, 1, 1), reason="resigned", by=specialist)
    assert [c["member"].pk for c in cards(specialist, village)] == [first.pk, second.pk]
    with pytest.raises(OutOfScope):
        cards(specialist, other_village)


def test_cards_of_an_association_without_members_are_refused(specialist, village):
    with pytest.raises(ValidationError):
        cards(specialist, village)


def test_association_documents_of_another_period_are_refused(specialist, village):
    make_member(village=village)
    for period in (this_year().previous(), Period.parse(f"{this_year().year}Q1")):
        with pytest.raises(ValidationError) as refused:
            cards(specialist, village, period)
        assert "period" in refused.value.message_dict
        with pytest.raises(ValidationError):
            association_roster_context(user=specialist, town=village.town, village=village, period=period)


def test_roster_of_another_village_is_out_of_scope(specialist, other_village):
    with pytest.raises(OutOfScope):
        roster(specialist, other_village)


@pytest.mark.parametrize("members", [2, 5])
def test_cards_of_a_village_read_one_query_per_card(specialist, village, members, django_assert_num_queries):
    for number in range(1, members + 1):
        make_card(make_member(group=make_group(village=village, number=number)), 2)

    with django_assert_num_queries(4 + members):
        contexts = cards(specialist, village)
    with django_assert_num_queries(0):
        for context in contexts:
            render_to_string("pdf/association/contact_card.html", context)

    assert [len(context["households"]) for context in contexts] == [2] * members
