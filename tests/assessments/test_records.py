import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import actions
from assessments.models import Case, LedgerEntry, ResponsibilityBook, ResponsibilityTarget
from tests.factories.assessments import adopt_regulations, publish_scored
from villages.models import Appointment, Designation, Position

DAY = datetime.date(2025, 9, 20)


@pytest.fixture
def secretary(village):
    position = Position.objects.create(village=village, kind=Position.Kind.PARTY_SECRETARY)
    return Appointment.objects.create(position=position, holder_name="王建国", started_on=datetime.date(2021, 1, 1))


def _honour(village, secretary, town_office):
    return actions.record_ledger_entry(
        village=village, kind=LedgerEntry.Kind.HONOUR, title="十佳村干部", reason="成绩突出", decision="授予称号",
        decided_on=datetime.date(2024, 12, 30), decided_by="镇党委", recorded_by=town_office, appointment=secretary,
        amount=Decimal(1000))


def test_ledger_entry_for_a_cadre_takes_name_and_post_from_the_appointment(village, secretary, town_office):
    entry = _honour(village, secretary, town_office)
    assert entry.person_name == "王建国"
    assert entry.person_role


def test_ledger_entry_with_a_cadre_of_another_village_is_refused(other_village, secretary, town_office):
    with pytest.raises(ValidationError):
        _honour(other_village, secretary, town_office)
    assert not LedgerEntry.objects.exists()


def test_only_the_town_office_records_ledger_entries(village, secretary, specialist):
    with pytest.raises(PermissionDenied):
        _honour(village, secretary, specialist)


def test_withdrawing_an_honour_recovers_certificate_and_bonus_and_notifies_the_town(village, secretary, town_office):
    honour = _honour(village, secretary, town_office)
    withdrawal = actions.withdraw_honour(
        honour=honour, reason="隐瞒违法生育", decision="取消资格，收回证书，追回奖金", decided_on=DAY,
        decided_by="镇党委", recorded_by=town_office, amount_recovered=Decimal(1000), notify_town=True)
    assert withdrawal.withdraws == honour and withdrawal.certificate_recovered
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.TOWN_NOTICE, person_name="王建国").exists()
    with pytest.raises(ValidationError):
        actions.withdraw_honour(honour=honour, reason="再次", decision="再次", decided_on=DAY, decided_by="镇党委",
                                recorded_by=town_office)


def test_recovering_more_than_the_bonus_is_refused(village, secretary, town_office):
    honour = _honour(village, secretary, town_office)
    with pytest.raises(ValidationError):
        actions.withdraw_honour(honour=honour, reason="r", decision="d", decided_on=DAY, decided_by="镇党委",
                                recorded_by=town_office, amount_recovered=Decimal(5000))


def test_case_goes_from_report_to_decision(village, secretary, town_office):
    case = actions.open_case(village=village, kind=Case.Kind.CONCEALMENT, title="隐瞒违法生育", description="群众反映",
                             reported_on=datetime.date(2025, 8, 6), reported_by="群众来信", appointment=secretary,
                             recorded_by=town_office)
    actions.start_investigation(case=case, started_by=town_office)
    decided = actions.decide_case(case=case, founded=True, finding="属实", decision="党内警告", decided_on=DAY,
                                  decided_by="镇党委", recorded_by=town_office)
    assert decided.status == Case.Status.DECIDED
    with pytest.raises(ValidationError):
        actions.decide_case(case=case, founded=False, finding="x", decision="x", decided_on=DAY, decided_by="x",
                            recorded_by=town_office)


def test_case_decided_before_it_was_reported_is_refused(village, town_office):
    case = actions.open_case(village=village, kind=Case.Kind.OTHER, title="t", description="d",
                             reported_on=DAY, reported_by="r", recorded_by=town_office)
    with pytest.raises(ValidationError):
        actions.decide_case(case=case, founded=True, finding="f", decision="d", decided_on=datetime.date(2025, 1, 1),
                            decided_by="镇党委", recorded_by=town_office)
    case.refresh_from_db()
    assert case.status == Case.Status.REPORTED


def test_supervision_visit_and_its_follow_up(village, town_office):
    visit = actions.record_supervision_visit(village=village, visited_on=DAY, visitors="镇计生办",
                                             findings="公开栏未更新", follow_up="一个月内更新", recorded_by=town_office)
    with pytest.raises(ValidationError):
        actions.record_supervision_follow_up(visit=visit, done_on=datetime.date(2025, 1, 1), result="已更新",
                                             recorded_by=town_office)
    done = actions.record_supervision_follow_up(visit=visit, done_on=datetime.date(2025, 10, 1), result="已更新",
                                                recorded_by=town_office)
    assert done.follow_up_done_on == datetime.date(2025, 10, 1)


def _book(village, scheme):
    book = ResponsibilityBook.objects.create(village=village, year=2025, scheme=scheme, title="目标管理责任书")
    ResponsibilityTarget.objects.create(book=book, order=1, title="80分以上", measure="total_at_least", threshold=12)
    ResponsibilityTarget.objects.create(book=book, order=2, title="无一票否决", measure="no_veto")
    return book


def test_signing_a_book_needs_both_signatories(village, scheme, town_office):
    book = _book(village, scheme)
    with pytest.raises(ValidationError):
        actions.sign_responsibility_book(book=book, town_signatory="镇长", village_signatory=" ",
                                         signed_on=datetime.date(2025, 1, 15), recorded_by=town_office)
    signed = actions.sign_responsibility_book(book=book, town_signatory="镇长", village_signatory="村支书",
                                              signed_on=datetime.date(2025, 1, 15), recorded_by=town_office)
    assert signed.status == ResponsibilityBook.Status.SIGNED


def test_year_end_publication_checks_each_target(village, scheme, town_office):
    book = _book(village, scheme)
    adopt_regulations(village)
    publish_scored(scheme=scheme, village=village, period="YEAR", by=town_office, lost="4")
    met = dict(book.targets.values_list("title", "met"))
    assert met == {"80分以上": False, "无一票否决": True}


def test_follow_up_only_for_a_lagging_village(village, town_office):
    designation = Designation.objects.create(village=village, year=2024, kind="qualified",
                                             decided_on=datetime.date(2024, 12, 28))
    with pytest.raises(ValidationError):
        actions.record_rectification_follow_up(designation=designation, followed_up_on=DAY, progress="on_track",
                                               note="n", recorded_by=town_office)
