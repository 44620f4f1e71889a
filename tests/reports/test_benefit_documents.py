"""Payout signature sheets and the public board of recipients, built through the document pipeline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from incentives import actions
from incentives.models import Policy
from members.models import Relation
from reports import building
from reports.actions import request_document
from reports.building import build_document
from reports.models import Document
from tests.factories import make_group
from tests.factories.incentives import childcare_subsidy
from tests.factories.members import make_household, person_fields
from tests.factories.reports import build_after_a_lost_connection, build_requested, make_document
from tests.reports.test_rendering import pdf_text
from villages.models import SensitiveAccess

SHEETS = Document.Kind.PAYOUT_SHEET
BOARD = Document.Kind.BENEFIT_BOARD


@pytest.fixture
def paid_cycle(town, village):
    """王小一 of 大旗村, born 2024, receives the 2025 childcare subsidy: computed, confirmed, approved and paid."""
    make_household(group=make_group(village=village, number=1), people=[
        person_fields(name="王强", relation=Relation.HEAD),
        person_fields(name="李芳", sex="F", born=datetime.date(1990, 1, 1), relation=Relation.WIFE),
        person_fields(name="王小一", born=datetime.date(2024, 2, 1), relation=Relation.SON, with_id=False)])
    cycle = actions.open_cycle(policy=childcare_subsidy(town), period="2025", by=None)
    actions.compute_cycle(cycle=cycle, by=None)
    entitlement = cycle.entitlements.get(village=village)
    actions.confirm_entitlements(cycle=cycle, village=village, by=None)
    actions.approve_cycle(cycle=cycle, by=None)
    actions.record_payment(cycle=cycle, village=village, paid_on=timezone.localdate(), method="card",
                           reference="R1", amount=entitlement.amount, by=None)
    return cycle


def test_signature_sheet_prints_full_names_and_amounts_for_the_specialist(specialist, village, paid_cycle):
    document = build_requested(kind=SHEETS, requested_by=specialist, village=village, period="2025")

    text = pdf_text(document)
    assert document.status == Document.Status.DONE, document.error
    assert "王小一" in text and "育儿补贴" in text
    assert "3,600.00" in text or "3600.00" in text


def test_public_board_masks_the_names(town_office, village, paid_cycle):
    document = build_requested(kind=BOARD, requested_by=town_office, village=village, period="2025")

    text = pdf_text(document)
    assert document.status == Document.Status.DONE, document.error
    assert "王*一" in text and "王小一" not in text


def test_benefit_documents_are_printed_for_one_village_and_a_valid_period(town_office, village):
    with pytest.raises(PermissionDenied):
        request_document(kind=SHEETS, requested_by=town_office, village=None, period="2025")
    with pytest.raises(ValidationError):
        request_document(kind=BOARD, requested_by=town_office, village=village, period="2025Q5")


def test_specialist_cannot_ask_for_another_villages_signature_sheet(specialist, other_village):
    with pytest.raises(PermissionDenied):
        request_document(kind=SHEETS, requested_by=specialist, village=other_village, period="2025")


def test_signature_sheet_of_a_village_out_of_reach_fails_with_a_reason(specialist, other_village, paid_cycle):
    document = make_document(requested_by=specialist, village=other_village, kind=SHEETS, period="2025")

    built = build_document(document_id=document.pk)

    assert built.status == Document.Status.FAILED
    assert built.error


def test_a_period_without_approved_benefits_fails_with_a_reason(specialist, village):
    document = build_requested(kind=SHEETS, requested_by=specialist, village=village, period="2024")

    assert document.status == Document.Status.FAILED
    assert document.error


def test_printing_a_sheet_of_a_policy_on_sensitive_data_is_logged_once(specialist, village, paid_cycle):
    Policy.objects.filter(pk=paid_cycle.policy_id).update(uses_sensitive_data=True)

    document = build_requested(kind=SHEETS, requested_by=specialist, village=village, period="2025")

    assert document.status == Document.Status.DONE, document.error
    logged = SensitiveAccess.objects.get()
    assert (logged.user, logged.action, logged.record_type, logged.record_id, logged.count) == (
        specialist, SensitiveAccess.Action.DOCUMENT, "cycle", paid_cycle.pk, 1)


def test_leadership_can_neither_list_nor_download_a_payout_sheet(client, specialist, leader, village, paid_cycle):
    document = build_requested(kind=SHEETS, requested_by=specialist, village=village, period="2025")
    client.force_login(leader)

    listed = client.get(reverse("reports:document_list"))
    download = client.get(reverse("reports:document_download", args=[document.pk]))

    assert document not in listed.context["page"].object_list
    assert download.status_code == 404
    assert not SensitiveAccess.objects.filter(user=leader).exists()


def test_each_download_of_a_payout_sheet_is_logged_once(client, specialist, town_office, village, paid_cycle):
    document = build_requested(kind=SHEETS, requested_by=specialist, village=village, period="2025")

    for user in (specialist, town_office):
        client.force_login(user)
        assert client.get(reverse("reports:document_download", args=[document.pk])).status_code == 200

    downloads = SensitiveAccess.objects.filter(record_type="reports.document", record_id=document.pk)
    assert sorted(access.user_id for access in downloads) == sorted([specialist.pk, town_office.pk])


def test_a_sheet_printed_again_after_a_transient_error_is_logged_once(specialist, village, paid_cycle, monkeypatch):
    Policy.objects.filter(pk=paid_cycle.policy_id).update(uses_sensitive_data=True)
    document = make_document(requested_by=specialist, village=village, kind=SHEETS, period="2025")
    built = build_after_a_lost_connection(document, monkeypatch)

    assert built.status == Document.Status.DONE
    assert SensitiveAccess.objects.filter(record_type="cycle").count() == 1


def test_a_sheet_that_could_not_be_printed_is_not_logged(specialist, village, paid_cycle, monkeypatch):
    Policy.objects.filter(pk=paid_cycle.policy_id).update(uses_sensitive_data=True)
    monkeypatch.setattr(building, "html_to_pdf", lambda *args, **kwargs: 1 / 0)

    document = build_requested(kind=SHEETS, requested_by=specialist, village=village, period="2025")

    assert document.status == Document.Status.FAILED
    assert not SensitiveAccess.objects.exists()


def test_leadership_cannot_download_the_named_recipients_of_a_benefit_on_sensitive_data(
        client, specialist, town_office, leader, village, paid_cycle):
    # The attack of issue 14: the sheet of a policy resting on sensitive data, asked for by the specialist.
    Policy.objects.filter(pk=paid_cycle.policy_id).update(uses_sensitive_data=True)
    document = build_requested(kind=SHEETS, requested_by=specialist, village=village, period="2025")

    client.force_login(leader)
    assert client.get(reverse("reports:document_download", args=[document.pk])).status_code == 404
    assert client.get(reverse("reports:document_detail", args=[document.pk])).status_code == 404
    client.force_login(town_office)
    assert client.get(reverse("reports:document_download", args=[document.pk])).status_code == 200

    assert not SensitiveAccess.objects.filter(user=leader).exists()
    logged = SensitiveAccess.objects.get(user=town_office)
    assert (logged.village_id, logged.action, logged.record_id) == (village.pk, SensitiveAccess.Action.DOCUMENT,
                                                                    document.pk)
