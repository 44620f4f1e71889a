"""Member contact cards and the member roster of a village, built through the document pipeline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reports.actions import request_document
from reports.building import build_document
from reports.models import Document
from tests.factories import make_group
from tests.factories.association import make_card, make_member
from tests.factories.members import head
from tests.factories.reports import build_requested, make_document
from tests.reports.test_rendering import pdf_text

CARDS = Document.Kind.MEMBER_CONTACT_CARDS
ROSTER = Document.Kind.ASSOCIATION_ROSTER


@pytest.fixture
def association(village):
    """Two members of 大旗村's association, each serving two households."""
    president = make_member(group=make_group(village=village, number=1), name="吴秀兰", role="president")
    member = make_member(group=make_group(village=village, number=2), name="郑红")
    make_group(village=village, number=3)
    return {member: make_card(member, 2) for member in (president, member)}


def this_year() -> str:
    return str(timezone.localdate().year)


def test_contact_cards_print_every_member_and_the_households_served(specialist, village, association):
    document = build_requested(kind=CARDS, requested_by=specialist, village=village, period="")

    text = pdf_text(document)
    assert document.status == Document.Status.DONE, document.error
    assert document.title == f"大旗村计生协会会员联系卡（{this_year()}年）"
    assert text.index("吴秀兰") < text.index("郑红")
    for households in association.values():
        for household in households:
            assert household.number in text and head(household).name in text
    assert "身份证" not in text and "110" not in text  # no identity numbers


def test_roster_prints_the_members_and_the_group_without_one(town_office, village, association):
    document = build_requested(kind=ROSTER, requested_by=town_office, village=village, period="")

    text = pdf_text(document)
    assert document.status == Document.Status.DONE, document.error
    assert "吴秀兰" in text and "郑红" in text and "会员花名册" in text
    assert "第3组" in text or "3组" in text


def test_specialist_cannot_ask_for_other_village_cards_or_a_town_roster(specialist, other_village):
    for village in (other_village, None):
        for kind in (CARDS, ROSTER):
            with pytest.raises(PermissionDenied):
                request_document(kind=kind, requested_by=specialist, village=village)


def test_cards_of_a_village_out_of_reach_fail_with_a_reason(specialist, other_village):
    make_card(make_member(village=other_village), 1)
    for kind in (CARDS, ROSTER):
        document = make_document(requested_by=specialist, village=other_village, kind=kind, period=this_year())

        built = build_document(document_id=document.pk)

        assert built.status == Document.Status.FAILED
        assert "管辖" in built.error


def test_cards_of_an_association_without_members_fail_with_a_reason(town_office, village):
    document = build_requested(kind=CARDS, requested_by=town_office, village=village, period="")

    assert document.status == Document.Status.FAILED and "没有在册会员" in document.error


def test_association_documents_are_of_this_year_only(town_office, village):
    with pytest.raises(ValidationError) as refused:
        request_document(kind=ROSTER, requested_by=town_office, village=village, period="2020")

    assert "period" in refused.value.message_dict


def test_association_page_buttons_ask_for_the_cards(client, specialist, village, association,
                                                    django_capture_on_commit_callbacks):
    client.force_login(specialist)
    page = client.get(reverse("association:village", args=[village.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request_document"), {"kind": CARDS, "village": village.pk})

    document = Document.objects.get()
    assert 'value="member_contact_cards"' in page and 'value="association_roster"' in page
    assert response.status_code == 302 and response.url == reverse("reports:document_detail", args=[document.pk])
    assert document.status == Document.Status.DONE


def test_leadership_sees_no_buttons_on_the_association_page(client, leader, village, association):
    client.force_login(leader)

    page = client.get(reverse("association:village", args=[village.pk])).content.decode()

    assert 'value="member_contact_cards"' not in page


def test_request_form_offers_the_kinds_each_user_may_ask_for(client, town_office, leader, specialist):
    offered = {}
    for user in (town_office, leader, specialist):
        client.force_login(user)
        form = client.get(reverse("reports:request_document")).context["form"]
        offered[user.username] = {value for value, _ in form.fields["kind"].choices}

    own_pages = {Document.Kind.DISCLOSURE_BOARD, Document.Kind.REGISTRY_EXPORT, Document.Kind.ANNUAL_SUMMARY}
    assert offered["office"] == set(Document.Kind.values) - own_pages
    assert offered["leader"] == {Document.Kind.STATUS_SHEET, Document.Kind.QUARTERLY_ASSESSMENT}
    assert offered["specialist"] == set(Document.Kind.values) - own_pages


@pytest.mark.parametrize(("payload", "field"), [
    ({"kind": CARDS, "village": ""}, "village"),
    ({"kind": "nonsense", "village": ""}, "kind"),
    ({"kind": ROSTER, "village": "999999"}, "village"),
    ({"kind": Document.Kind.STATUS_SHEET, "village": "", "period": "2025-13"}, "period"),
])
def test_bad_request_gets_a_form_error(client, town_office, payload, field):
    client.force_login(town_office)

    response = client.post(reverse("reports:request_document"), payload)

    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not Document.objects.exists()


def test_specialist_asking_for_other_village_gets_a_form_error(client, specialist, other_village):
    client.force_login(specialist)

    response = client.post(reverse("reports:request_document"), {"kind": ROSTER, "village": other_village.pk})

    assert response.context["form"].errors["village"]
    assert not Document.objects.exists()


def test_period_refused_by_the_kind_shows_on_the_form(client, town_office, village):
    client.force_login(town_office)

    response = client.post(reverse("reports:request_document"),
                           {"kind": ROSTER, "village": village.pk, "period": "2020"})

    assert response.status_code == 200 and response.context["form"].errors["period"]


def test_member_may_not_ask_for_documents_and_sees_no_documents_link(client, member, specialist):
    client.force_login(member)
    assert client.get(reverse("reports:request_document")).status_code == 403
    assert 'href="/documents/"' not in client.get("/", follow=True).content.decode()
    client.force_login(specialist)
    assert 'href="/documents/"' in client.get("/", follow=True).content.decode()
