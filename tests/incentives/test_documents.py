"""The two benefit documents' contexts and templates: signature sheet and the disclosure board's list."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from incentives import actions, queries
from incentives.models import Policy
from incentives.queries.documents import benefit_board_context, mask_name, payout_sheet_context
from tests.factories.incentives import make_policy, rule
from villages.models import SensitiveAccess
from villages.periods import Period
from villages.queries import OutOfScope

D = datetime.date
YEAR_2025 = Period.parse("2025")


@pytest.mark.parametrize(("name", "masked"),
                         [("张华", "张*"), ("张建华", "张*华"), ("欧阳建华", "欧**华"), ("王", "王")])
def test_names_are_masked_for_the_public(name, masked):
    assert mask_name(name) == masked


def _approved_and_paid(world, village):
    cycle = world["cycle"]
    actions.confirm_entitlements(cycle=cycle, village=village, by=None)
    actions.approve_cycle(cycle=cycle, by=None)
    actions.record_payment(cycle=cycle, village=village, paid_on=timezone.localdate(), method="card",
                           reference="R1", amount=world["mine"].amount, by=None)
    return cycle


def test_signature_sheet_lists_full_names_amounts_and_a_box_to_sign(specialist, world, village):
    cycle = _approved_and_paid(world, village)
    sheet = queries.signature_sheet(specialist, cycle_id=cycle.pk, village_id=village.pk)
    assert [(row["name"], row["amount"]) for row in sheet["rows"]] == [("王小一", world["mine"].amount)]
    html = render_to_string("pdf/incentives/signature_sheet_body.html", {"sheet": sheet})
    assert "王小一" in html and 'class="sign"' in html and "3,600.00" in html or "3600.00" in html


def test_signature_sheet_is_refused_to_leadership_and_for_another_village(leader, specialist, world, village,
                                                                           other_village):
    cycle = _approved_and_paid(world, village)
    with pytest.raises(OutOfScope):
        queries.signature_sheet(leader, cycle_id=cycle.pk, village_id=village.pk)
    with pytest.raises(OutOfScope):
        queries.signature_sheet(specialist, cycle_id=cycle.pk, village_id=other_village.pk)


def test_board_masks_names_and_suppresses_small_counts_of_sensitive_policies(specialist, world, village, town):
    _approved_and_paid(world, village)
    sensitive = make_policy(town=town, name="节育奖励", uses_sensitive_data=True,
                            conditions=[rule("self", "role", ["parent"]), rule("self", "sex", ["F"])])
    cycle = actions.open_cycle(policy=sensitive, period="2025", by=None)
    actions.compute_cycle(cycle=cycle, by=None)
    actions.confirm_entitlements(cycle=cycle, village=village, by=None)
    actions.approve_cycle(cycle=cycle, by=None)

    board = queries.recipients_board(specialist, village_id=village.pk, period=YEAR_2025)
    public, private = sorted(board["sections"], key=lambda s: s["policy"].uses_sensitive_data)
    assert [row["name"] for row in public["rows"]] == ["王*一"]
    assert private["rows"] == [] and private["suppressed"] is True
    html = render_to_string("pdf/incentives/recipients_board_body.html", {"board": board})
    assert "王*一" in html and "王小一" not in html and "李芳" not in html and "李*" not in html


def test_both_documents_print_in_the_pipelines_frame(specialist, world, village):
    from reports.documents.base import page_counter_css
    from reports.models import Document
    from reports.rendering import Part, assemble, html_to_pdf, qr_data_uri, render_html

    cycle = _approved_and_paid(world, village)
    document = Document(kind="status_sheet", title="大旗村发放签领表", town=village.town, village=village,
                        period="2025", requested_by=specialist, template_version="benefits/1")
    stamp = {"verify_url": "http://zizhi.example/verify/X", "qr": qr_data_uri("http://zizhi.example/verify/X"),
             "generated_on": timezone.localdate(), "page_counter": page_counter_css()}
    sheet = queries.signature_sheet(specialist, cycle_id=cycle.pk, village_id=village.pk)
    board = queries.recipients_board(specialist, village_id=village.pk, period=YEAR_2025)

    pages = render_html([
        Part("pdf/incentives/signature_sheet.html", {"document": document, "stamp": stamp, "sheet": sheet}),
        Part("pdf/incentives/recipients_board.html", {"document": document, "stamp": stamp, "board": board})])

    assert "王小一" in pages[0] and "合计" in pages[0]
    assert "王*一" in pages[1] and "王小一" not in pages[1]
    html = assemble(pages, {"document": document, "stamp": stamp})
    assert html_to_pdf(html, data_uris=[stamp["qr"]]).startswith(b"%PDF")


def test_reading_a_sheet_writes_no_log_but_its_preview_does(client, specialist, world, village):
    cycle = _approved_and_paid(world, village)
    Policy.objects.filter(pk=cycle.policy_id).update(uses_sensitive_data=True)
    payout_sheet_context(user=specialist, town=village.town, village=village, period=YEAR_2025)
    assert not SensitiveAccess.objects.exists()

    client.force_login(specialist)
    assert client.get(reverse("incentives:signature_sheet", args=[cycle.pk, village.pk])).status_code == 200
    logged = SensitiveAccess.objects.filter(user=specialist, action=SensitiveAccess.Action.DOCUMENT,
                                            record_type="cycle", record_id=cycle.pk, count=1)
    assert logged.count() == 1


def test_payout_sheets_are_one_part_per_cycle_of_the_period(specialist, world, village):
    cycle = _approved_and_paid(world, village)

    parts = payout_sheet_context(user=specialist, town=village.town, village=village, period=YEAR_2025)

    assert [part["sheet"]["cycle"] for part in parts] == [cycle]


def test_benefit_documents_of_another_village_are_out_of_scope(specialist, world, village, other_village):
    _approved_and_paid(world, village)
    for context in (payout_sheet_context, benefit_board_context):
        with pytest.raises(OutOfScope):
            context(user=specialist, town=village.town, village=other_village, period=YEAR_2025)


def test_a_period_without_approved_benefits_gives_no_sheets(specialist, world, village):
    _approved_and_paid(world, village)
    with pytest.raises(ValidationError):
        payout_sheet_context(user=specialist, town=village.town, village=village, period=Period.parse("2024"))
    board = benefit_board_context(user=specialist, town=village.town, village=village, period=Period.parse("2024"))
    assert board[0]["board"]["sections"] == []


def test_benefit_documents_are_of_one_village(town_office, town, world):
    for context in (payout_sheet_context, benefit_board_context):
        with pytest.raises(ValidationError) as refused:
            context(user=town_office, town=town, village=None, period=YEAR_2025)
        assert "village" in refused.value.message_dict


def _household_benefit_approved(town, village, family, *, households):
    """A household-level benefit of the rural households, approved for `households` of them: rows name the head."""
    for number in range(households):
        family(names=[f"户主{number}", f"妻子{number}"])
    cycle = actions.open_cycle(policy=make_policy(town=town, name="农村家庭补贴", beneficiary="household",
                                                  conditions=[rule("household", "hukou", ["rural"])]),
                               period="2025", by=None)
    actions.compute_cycle(cycle=cycle, by=None)
    actions.confirm_entitlements(cycle=cycle, village=village, by=None)
    actions.approve_cycle(cycle=cycle, by=None)


@pytest.mark.parametrize("households", [2, 6])
def test_sheets_and_board_name_household_heads_in_queries_that_do_not_grow(
        specialist, town, village, family, households, django_assert_num_queries):
    _household_benefit_approved(town, village, family, households=households)

    with django_assert_num_queries(3):
        [part] = payout_sheet_context(user=specialist, town=town, village=village, period=YEAR_2025)
    with django_assert_num_queries(3):
        [board] = benefit_board_context(user=specialist, town=town, village=village, period=YEAR_2025)

    assert sorted(row["name"] for row in part["sheet"]["rows"]) == [f"户主{n}" for n in range(households)]
    assert sorted(row["name"] for row in board["board"]["sections"][0]["rows"]) == [
        mask_name(f"户主{n}") for n in range(households)]
