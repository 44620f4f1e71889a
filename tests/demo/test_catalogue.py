"""The whole demo town, loaded once for the module (about a minute and a half): the seed's figures read through
the catalogue for the demo year, and the demo's workflow records dated inside it."""

import datetime
import io

import pytest
from django.core.management import call_command

from assessments.models import AssessmentEvent, LedgerEntry
from demo.town import TOWN_CODE
from incentives.models import Cycle, Entitlement, Fact, Payment
from villages import catalogue
from villages.catalogue import TOWN
from villages.models import Appointment, Position, Town, User
from villages.periods import Period

YEAR = Period.parse("2025")
END = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
# The seed's figures for the demo year, by figure of the catalogue. Add a line as the other apps' figures land
# (population 47,600, married women 9,344, 462 association members).
SEED = {
    "villages.villages": 41,
    "villages.groups": 469,
    "villages.declared_before": 26,
    "villages.regulations": 39,
    "villages.designated_demonstration": 8,
    "villages.designated_qualified": 8,
    "villages.rejected_candidates": 2,
    "villages.specialists_dismissed": 3,
    "association.members": 462,
    "members.population": 47_600,
    "members.married_women": 9_344,
    "services.site_investment": 350_000,
    "services.funds_raised": 7_350,
    "services.families_helped": 34,
    "services.children_helped": 49,
    "services.leading_groups": 42,
    "services.training_classes": 5,
    "services.training_invited": 2_327,
    "services.training_attended": 1_679,
    "services.health_examined": 551,
    "services.health_findings": 216,
    "services.top_ten_awarded": 10,
    "services.top_ten_withdrawn": 1,
    "services.out_of_poverty": 18,
    "services.school_fee_children": 49,
    "assessments.cases": 5,
    "assessments.villages_with_cases": 5,
    "assessments.party_discipline": 2,
    "assessments.economic_penalties": 35,
}
VILLAGE_POLICIES = {"two_daughter_pension": 35, "gave_up_birth": 23, "one_child": 20, "two_daughter_tuition": 13,
                    "timely_measures": 9}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_town", stdout=io.StringIO())
        town = Town.objects.get(code=TOWN_CODE)
        yield town, catalogue.values(town.pk, YEAR)
        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("code", "expected"), SEED.items())
def test_the_demo_years_catalogue_gives_the_seeds_figures(demo, code, expected):
    town, values = demo
    assert values.get(code) == expected


def test_villages_with_each_kind_of_village_policy(demo):
    town, values = demo
    kinds = catalogue.get("incentives.village_policy_adoptions").breakdowns[0]
    assert values.breakdown("incentives.village_policy_adoptions", kinds) == VILLAGE_POLICIES


def test_the_july_campaigns_findings_by_category_and_all_treated(demo):
    # "216 patients …, including 3 uterine fibroids, 21 endocrine disorders, 192 gynaecological inflammations".
    town, values = demo
    category = catalogue.get("services.health_findings").breakdowns[0]
    assert values.breakdown("services.health_findings", category) == {
        "uterine_fibroid": 3, "endocrine": 21, "inflammation": 192, "other": 0}
    assert values.get("services.health_findings_closed") == 216
    assert values.get("services.health_invited") > 551


def test_three_specialists_and_daqis_party_secretary_were_dismissed_in_the_demo_year(demo):
    # The seed's "three village planners dismissed" are specialists; Daqi's party secretary was dismissed too.
    town, values = demo
    office = User.objects.get(username="town-assessor")
    dismissed = catalogue.get("villages.dismissals").records(office, YEAR, TOWN, None)
    assert values.get("villages.dismissals") == 4
    assert values.get("villages.dismissals", category="post:party_secretary") == 1
    assert dismissed.filter(position__kind=Position.Kind.SPECIALIST).count() == 3
    assert values.get("assessments.sanctions", category="ledger_kind:dismissal") == 4
    assert not Appointment.objects.filter(end_reason="dismissal", ended_on__year=2024).exists()


def test_the_top_ten_withdrawal_is_an_appraisal_results_and_the_years_honours_are_counted(demo):
    # The ledger's one withdrawn "Top Ten Village Cadres" honour (Shiqiao's party secretary, 2024's appraisal) is
    # linked to its appraisal result; the demo year's appraisal integrates villager self-government.
    from services.figures.honours import CATEGORY
    from services.models import AppraisalResult, CadreAppraisal

    town, values = demo
    withdrawal = LedgerEntry.objects.get(kind="honour_withdrawn")
    result = AppraisalResult.objects.get(withdrawal=withdrawal)
    assert result.honour == withdrawal.withdraws and result.appraisal.year == 2024 and result.village.name == "石桥村"
    assert CadreAppraisal.objects.get(year=2025).criteria.filter(self_government=True).exists()
    assert values.breakdown("services.model_families", CATEGORY) == {
        "good_mother_in_law": 41, "good_daughter_in_law": 41, "family_planning_model": 41, "other": 0}
    assert values.get("services.pingan_villages") == 30
def test_xunzis_seedling_base_lifted_18_families_out_of_poverty_and_the_fundraising_paid_34_families_fees(demo):
    from services.figures.assistance import KIND
    from services.models import Assistance
    from villages.models import Village

    town, values = demo
    xunzi = Village.objects.get(town=town, name="荀子村")
    assert values.get("services.out_of_poverty", catalogue.VILLAGE, xunzi.pk) == 18
    assert values.get("services.out_of_poverty", category="helped:assisted") == 18
    assert values.breakdown("services.assistance_families", KIND)["school_fees"] == 34
    lifted = Assistance.objects.filter(project__village=xunzi, household__poverty="lifted",
                                       household__poverty_since__year=2025).values("household").distinct()
    assert lifted.count() == 18


def test_the_town_works_on_the_demo_year(demo):
    town, values = demo
    assert town.working_year == 2025


def test_workflow_records_are_dated_inside_the_demo_year(demo):
    town, values = demo
    for model, field in ((AssessmentEvent, "at"), (LedgerEntry, "recorded_at"), (Cycle, "created_at"),
                         (Payment, "recorded_at"), (Fact, "recorded_at"), (Entitlement, "computed_at")):
        assert not model.objects.filter(**{f"{field}__gte": END}).exists(), model
    for model in (Entitlement, Cycle, Payment, Appointment, LedgerEntry):
        assert not model.history.filter(history_date__gte=END).exists(), model
    steps = dict(AssessmentEvent.objects.filter(assessment__village__name="大旗村", assessment__period="Q2",
                                                assessment__scheme__year=2025).values_list("action", "at"))
    assert steps["opened"] < steps["submitted"] < steps["scored"] < steps["reviewed"] < steps["published"]
    assert steps["opened"].date() > datetime.date(2025, 6, 30)


# --- The 2025 figures stay true: 2026 changes do not move them, and closed 2025 takes only corrections ----------

DAY = datetime.date


def the_2026_changes(town, office) -> None:
    """Joiners and leavers of the association, a birth, a marriage, moves in and out, a death, a move between
    villages, and a correction dated 2026 — all recorded now, all dated in 2026."""
    from association.actions import members as association
    from association.models import AssociationMember
    from members import actions
    from members.models import Household, MaritalStatus, Person

    people = Person.objects.filter(town=town, status=Person.Status.ACTIVE, household__status="active")
    mother = people.filter(sex="F", marital_status=MaritalStatus.FIRST_MARRIAGE,
                           birth_date__range=(DAY(1991, 6, 2), DAY(2002, 6, 1))).first()
    actions.record_birth(mother=mother, child_name="新生儿", sex="F", born_on=DAY(2026, 6, 1), by=office)
    groom = people.filter(sex="M", marital_status=MaritalStatus.SINGLE, birth_date__lte=DAY(2000, 1, 1),
                          birth_date__gte=DAY(1995, 1, 1)).first()
    marriage = actions.record_marriage(person=groom, married_on=DAY(2026, 5, 1), spouse_name="外镇新娘", by=office)
    actions.correct_event(event=marriage, reason="结婚登记日期填错", by=office, married_on=DAY(2026, 5, 2))
    adults = list(people.filter(birth_date__range=(DAY(1980, 1, 1), DAY(1990, 1, 1))).exclude(pk=groom.pk)[:40])
    leaver, mover = adults[0], adults[-1]
    elder = people.filter(birth_date__lte=DAY(1950, 1, 1)).first()
    actions.record_move_out(person=leaver, moved_on=DAY(2026, 4, 1), place="外省", by=office)
    actions.record_death(person=elder, died_on=DAY(2026, 7, 1), by=office)
    household = Household.objects.filter(town=town, status="active").exclude(village=mover.household.village).first()
    actions.move_person(person=mover, to_household=household, moved_on=DAY(2026, 8, 1), relation="99", by=office)
    actions.record_move_in(household=household, moved_on=DAY(2026, 9, 1), place="外镇", by=office, name="新来者",
                           sex="M", birth_date=DAY(1990, 1, 1), relation="99", marital_status=MaritalStatus.SINGLE)
    group = household.group
    association.recruit_member(village=group.village, group=group, name="新会员", joined_on=DAY(2026, 1, 5),
                               by=office)
    member = AssociationMember.objects.filter(village__town=town, left_on__isnull=True).first()
    association.leave_association(member=member, left_on=DAY(2026, 2, 1), reason="moved_away", by=office)


def test_a_2025_figure_computed_today_reads_the_same_after_2026_changes(demo):
    town, _values = demo
    office = User.objects.create(username="figures-office", role=User.Role.TOWN_OFFICE, town=town)
    before = catalogue.compute(town.pk, YEAR).data
    the_2026_changes(town, office)
    after = catalogue.compute(town.pk, YEAR).data
    moved = {key: (before.get(key), after.get(key)) for key in before.keys() | after.keys()
             if before.get(key) != after.get(key)}
    assert moved == {}
    assert catalogue.compute(town.pk, Period.parse("2026"), ["members.births"]).get("members.births") >= 1


def test_a_change_dated_inside_closed_2025_needs_a_correction_reason(demo):
    from django.core.exceptions import ValidationError

    from members import actions
    from members.models import Person
    from villages import closing

    town, _values = demo
    office = User.objects.create(username="closing-office", role=User.Role.TOWN_OFFICE, town=town)
    closed = closing.close(town=town, period=YEAR, by=office)
    elder = Person.objects.filter(town=town, status="active", birth_date__lte=DAY(1945, 1, 1)).first()
    with pytest.raises(ValidationError) as refused:
        actions.record_death(person=elder, died_on=DAY(2025, 10, 1), by=office)
    assert "correction_reason" in refused.value.message_dict
    elder.refresh_from_db()
    assert elder.status == Person.Status.ACTIVE  # nothing saved
    actions.record_death(person=elder, died_on=DAY(2025, 10, 1), by=office, correction_reason="死亡补报")
    assert [c.reason for c in closing.corrections_since(closed)] == ["死亡补报"]
    stored = catalogue.values(town.pk, YEAR)
    assert stored.is_closed and stored.get("members.population") == 47_600  # the closed figure does not move
    changes = {c["figure"].code for c in closing.changes_since_closing(closed)}
    assert "members.deaths" in changes


def test_the_training_item_reads_the_quarters_absences(demo):
    # Each absence from the quarter's business training costs 0.5 of the item's 5 points, as the hand scores did.
    from decimal import Decimal

    from assessments.models import ItemScore
    from demo.training import ABSENT

    town, _values = demo
    scores = ItemScore.objects.filter(item__code="training", assessment__scheme__year=2025,
                                      assessment__scheme__subject="village", assessment__period__startswith="Q")
    lost = {(s.assessment.period, s.assessment.village.code[-3:]): 5 - s.points
            for s in scores.select_related("assessment__village")}
    expected = {(f"Q{quarter}", code): Decimal(count) / 2 for quarter, absent in enumerate(ABSENT, start=1)
                for code, count in absent.items()}
    assert {key: value for key, value in lost.items() if value} == expected
    assert scores.filter(item__method="computed").count() == scores.count() == 4 * 41
