"""Training classes: invitations built from who held a post on the class's first day, attendance, pages, API,
admin, the figures, the assessment item that reads the attendance, and the demo."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import actions as assessment_actions
from assessments.models import Block, Item, ItemScore
from assessments.queries.indicators import read_one
from demo import training as training_demo
from services.actions import training as actions
from services.figures.training import POST
from services.models import Invitation, TrainingClass
from tests.factories import make_group, make_village
from tests.factories.assessments import make_scheme, open_assessment
from tests.services.conftest import api
from villages.catalogue import VILLAGE, compute
from villages.models import Appointment, Position
from villages.periods import Period

API = "/api/v1/training-classes/"
INVITATIONS = "/api/v1/training-invitations/"
CODES = ["services.training_classes", "services.training_invited", "services.training_attended",
         "services.training_attendance_rate"]
Kind = Position.Kind
DAY = datetime.date(2025, 3, 12)


def hold(village, kind, name, started_on=datetime.date(2020, 1, 1), ended_on=None, group=None) -> Appointment:
    position = Position.objects.filter(village=village, kind=kind, group=group).first() \
        or Position.objects.create(village=village, kind=kind, group=group)
    return Appointment.objects.create(position=position, holder_name=name, started_on=started_on, ended_on=ended_on,
                                      end_reason=Appointment.EndReason.TERM_END if ended_on else "")


@pytest.fixture
def posts(village, other_village):
    hold(village, Kind.SPECIALIST, "王专干", ended_on=datetime.date(2025, 3, 10))
    hold(village, Kind.SPECIALIST, "李专干", started_on=datetime.date(2025, 3, 11))
    hold(village, Kind.PARTY_SECRETARY, "赵书记")
    hold(other_village, Kind.SPECIALIST, "荀专干")
    hold(other_village, Kind.PARTY_SECRETARY, "荀书记")
    for number in (1, 2):
        hold(village, Kind.GROUP_LEADER, f"大旗组长{number}", group=make_group(village=village, number=10 + number))


def make_class(town, *, village=None, day=DAY, topic="季度业务培训", roles=(Kind.SPECIALIST,)) -> TrainingClass:
    training = actions.record_class(town=town, village=village, topic=topic, starts_on=day, ends_on=None, by=None,
                                    trainer="镇计生办", place="镇服务站")
    actions.invite(training=training, roles=list(roles), by=None)
    return training


@pytest.fixture
def training(town, posts):
    return make_class(town)


def invitation(training, name) -> Invitation:
    return training.invitations.get(name=name)


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


# --- The invitations, as of the class's first day ---------------------------------------------------------------

def test_the_invited_are_who_held_the_post_on_the_first_day(town, posts, village):
    before = make_class(town, day=datetime.date(2025, 3, 5), topic="三月初")
    assert set(before.invitations.values_list("name", flat=True)) == {"王专干", "荀专干"}
    after = make_class(town, roles=(Kind.SPECIALIST, Kind.PARTY_SECRETARY, Kind.GROUP_LEADER))
    assert set(after.invitations.values_list("name", flat=True)) == {"李专干", "赵书记", "荀专干", "荀书记",
                                                                     "大旗组长1", "大旗组长2"}
    assert after.invitations.get(name="大旗组长1").role == Kind.GROUP_LEADER
    assert actions.invite(training=after, roles=[Kind.SPECIALIST], by=None) == []  # nobody twice
    own = make_class(town, village=village, topic="村培训", roles=(Kind.SPECIALIST, Kind.PARTY_SECRETARY))
    assert set(own.invitations.values_list("name", flat=True)) == {"李专干", "赵书记"}
    assert after.invitations.first().history.count() == 1


def test_the_first_day_cannot_move_once_people_are_invited_and_attendance_waits_for_the_class(
        town, training, set_today):
    with pytest.raises(Exception) as refused:
        actions.update_class(training=training, version=1, by=None, starts_on=datetime.date(2025, 3, 13))
    assert "starts_on" in refused.value.message_dict
    set_today(datetime.date(2025, 3, 1))
    with pytest.raises(Exception) as refused:
        actions.record_attendance(invitation=invitation(training, "李专干"), attended=True, version=1, by=None)
    assert "attended" in refused.value.message_dict


# --- Pages ------------------------------------------------------------------------------------------------------

def test_the_years_page_gives_attendance_by_post_with_a_fixed_number_of_queries(
        signed_in, town_office, town, training, django_assert_max_num_queries):
    actions.record_attendance(invitation=invitation(training, "李专干"), attended=True, version=1, by=None)
    actions.record_attendance(invitation=invitation(training, "荀专干"), attended=False, version=1, by=None,
                              note="生病请假")
    client = signed_in(town_office)
    with django_assert_max_num_queries(36):
        response = client.get(reverse("services:trainings") + "?year=2025")
    body = response.content.decode()
    assert "季度业务培训" in body
    [line] = response.context["roles"]
    assert (line.invited, line.came, line.absent, line.rate) == (2, 1, 1, "50.0%")
    for index in range(5):
        other = make_village(town=town, number=600 + index)
        hold(other, Kind.SPECIALIST, f"专干{index}")
        make_class(town, topic=f"培训{index}")
    with django_assert_max_num_queries(36):
        assert client.get(reverse("services:trainings") + "?year=2025").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("services:training", args=[training.pk])).status_code == 200


def test_a_specialist_sees_the_towns_classes_and_their_own_villages_invited(
        signed_in, specialist, town, other_village, training):
    client = signed_in(specialist)
    body = client.get(reverse("services:training", args=[training.pk])).content.decode()
    assert "李专干" in body and "荀专干" not in body
    [line] = client.get(reverse("services:trainings") + "?year=2025").context["roles"]
    assert line.invited == 1
    theirs = make_class(town, village=other_village, topic="荀子村培训")
    assert client.get(reverse("services:training", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("services:training_attendance", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("services:training_edit", args=[training.pk])).status_code == 403


def test_leadership_reads_and_members_find_nothing(signed_in, leader, member, training):
    client = signed_in(leader)
    assert client.get(reverse("services:training", args=[training.pk])).status_code == 200
    assert client.get(reverse("services:training_attendance", args=[training.pk])).status_code == 403
    assert client.get(reverse("services:training_new")).status_code == 403
    assert signed_in(member).get(reverse("services:trainings")).status_code == 404


def test_record_a_class_invite_and_take_attendance(signed_in, town_office, posts, village):
    client = signed_in(town_office)
    data = {"village": "", "topic": "村干部培训班", "starts_on": "2025-02-20", "ends_on": "2025-02-21",
            "trainer": "县计生委", "place": "镇党校", "note": ""}
    assert client.post(reverse("services:training_new"), data).status_code == 302
    training = TrainingClass.objects.get()
    response = client.post(reverse("services:training_invite", args=[training.pk]),
                           {"roles": [Kind.SPECIALIST, Kind.PARTY_SECRETARY]})
    assert response.status_code == 302
    assert set(training.invitations.values_list("name", flat=True)) == {"王专干", "赵书记", "荀专干", "荀书记"}
    url = reverse("services:training_attendance", args=[training.pk])
    page = client.get(url, {"village": village.pk})
    assert [line[0].name for line in page.context["form"].lines] == ["赵书记", "王专干"]
    rows = {i.name: i for i in training.invitations.filter(village=village)}
    post = {f"a{rows['赵书记'].pk}": "yes", f"n{rows['赵书记'].pk}": "", f"v{rows['赵书记'].pk}": "1",
            f"a{rows['王专干'].pk}": "no", f"n{rows['王专干'].pk}": "外出开会", f"v{rows['王专干'].pk}": "1"}
    assert client.post(f"{url}?village={village.pk}", post).status_code == 302
    assert dict(training.invitations.values_list("name", "attended")) == {"赵书记": True, "王专干": False,
                                                                          "荀专干": None, "荀书记": None}
    assert training.invitations.get(name="王专干").note == "外出开会"
    # Saved from a stale page: nothing of it is saved.
    stale = {**post, f"a{rows['赵书记'].pk}": "no", f"a{rows['王专干'].pk}": "yes"}
    response = client.post(f"{url}?village={village.pk}", stale)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert dict(training.invitations.filter(village=village).values_list("name", "attended")) == {
        "赵书记": True, "王专干": False}


def test_bad_input_comes_back_on_the_form(signed_in, town_office, specialist, training, village):
    client = signed_in(town_office)
    response = client.post(reverse("services:training_new"), {"village": "", "topic": "", "starts_on": "x"})
    assert set(response.context["form"].errors) >= {"topic", "starts_on"}
    response = client.post(reverse("services:training_new"), {"village": "", "topic": "培训", "trainer": "",
                                                              "starts_on": "2025-05-02", "ends_on": "2025-05-01"})
    assert response.context["form"].errors["ends_on"]
    response = client.post(reverse("services:training_invite", args=[training.pk]), {"roles": ["astronaut"]})
    assert response.context["form"].errors["roles"]
    url = reverse("services:training_attendance", args=[training.pk])
    own = invitation(training, "李专干")
    response = client.post(url, {f"a{own.pk}": "maybe", f"v{own.pk}": "1"})
    assert response.status_code == 200 and response.context["form"].errors
    assert TrainingClass.objects.count() == 1 and own.attended is None
    response = signed_in(specialist).post(reverse("services:training_new"), {
        "village": "", "topic": "x", "starts_on": "2025-05-02"})
    assert response.status_code == 200 and "village" in response.context["form"].errors


# --- API --------------------------------------------------------------------------------------------------------

def test_api_lists_in_scope_and_writes(town_office, specialist, member, town, village, other_village, training,
                                       django_assert_max_num_queries):
    theirs = make_class(town, village=other_village, topic="荀子村培训")
    office = api(town_office)
    assert {row["topic"] for row in office.get(API).json()["results"]} == {"季度业务培训", "荀子村培训"}
    client = api(specialist)
    assert {row["topic"] for row in client.get(API).json()["results"]} == {"季度业务培训"}
    assert {row["name"] for row in client.get(INVITATIONS).json()["results"]} == {"李专干"}
    assert client.get(f"{API}{theirs.pk}/").status_code == 404
    assert api(member).get(API).status_code == 404
    response = office.post(API, {"topic": "第二季度业务培训", "starts_on": "2025-06-11", "trainer": "镇计生办"},
                           format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["ends_on"] == "2025-06-11"
    assert office.post(f"{API}{pk}/invite/", {"roles": ["specialist"]}, format="json").json() == {"invited": 2}
    response = office.patch(f"{API}{pk}/", {"place": "镇服务站", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2 and response.json()["invited"] == 2
    assert office.patch(f"{API}{pk}/", {"place": "x", "version": 1}, format="json").status_code == 409
    invited = Invitation.objects.get(training_id=pk, village=village)
    response = office.post(f"{API}{pk}/attendance/", {"invitation": invited.pk, "attended": False, "note": "病假",
                                                      "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["attended"] is False
    assert office.delete(f"{API}{pk}/").status_code == 405
    with django_assert_max_num_queries(8):
        assert office.get(API).status_code == 200
    with django_assert_max_num_queries(8):
        assert office.get(INVITATIONS).status_code == 200


def test_api_bad_input_answers_400_and_other_villages_404(town_office, specialist, town, other_village, training):
    office = api(town_office)
    response = office.post(API, {"topic": "", "starts_on": "x"}, format="json")
    assert response.status_code == 400 and {"topic", "starts_on"} <= set(response.json())
    response = office.post(API, {"topic": "x", "starts_on": "2025-05-02", "ends_on": "2025-05-01"}, format="json")
    assert response.status_code == 400 and "ends_on" in response.json()
    response = office.post(f"{API}{training.pk}/invite/", {"roles": ["astronaut"]}, format="json")
    assert response.status_code == 400 and "roles" in response.json()
    own = invitation(training, "李专干")
    response = office.post(f"{API}{training.pk}/attendance/", {"invitation": own.pk, "attended": "perhaps"},
                           format="json")
    assert response.status_code == 400 and {"attended", "version"} <= set(response.json())
    theirs = invitation(training, "荀专干")
    response = api(specialist).post(f"{API}{training.pk}/attendance/", {"invitation": theirs.pk, "attended": True,
                                                                        "version": 1}, format="json")
    assert response.status_code in (403, 404)
    assert api(specialist).get(f"{INVITATIONS}{theirs.pk}/").status_code == 404
    assert not Invitation.objects.filter(attended__isnull=False).exists()


# --- Admin ------------------------------------------------------------------------------------------------------

def test_admin_is_scoped(client, office_staff, staff_specialist, town, other_village, training):
    make_class(town, village=other_village, topic="荀子村培训")
    client.force_login(office_staff)
    page = client.get(reverse("admin:services_trainingclass_changelist"))
    assert {t.topic for t in page.context["cl"].result_list} == {"季度业务培训", "荀子村培训"}
    client.force_login(staff_specialist)
    page = client.get(reverse("admin:services_trainingclass_changelist"))
    assert {t.topic for t in page.context["cl"].result_list} == {"季度业务培训"}
    page = client.get(reverse("admin:services_invitation_changelist"))
    assert {i.name for i in page.context["cl"].result_list} == {"李专干"}


# --- Figures ----------------------------------------------------------------------------------------------------

def test_the_figures_count_the_years_invited_and_attended_by_post(town, village, posts, training):
    actions.record_attendance(invitation=invitation(training, "李专干"), attended=True, version=1, by=None)
    actions.record_attendance(invitation=invitation(training, "荀专干"), attended=False, version=1, by=None)
    executive = make_class(town, day=datetime.date(2025, 2, 20), topic="培训班",
                           roles=(Kind.PARTY_SECRETARY, Kind.SPECIALIST))
    Invitation.objects.filter(training=executive).update(attended=True)
    before = compute(town.pk, Period.parse("2025"), CODES)
    assert before.get("services.training_classes") == 2
    assert before.get("services.training_invited") == 6
    assert before.get("services.training_attended") == 5
    assert before.breakdown("services.training_invited", POST)["specialist"] == 4
    assert before.get("services.training_attendance_rate") == Decimal("83.3")
    assert before.get("services.training_attended", VILLAGE, village.pk) == 3
    make_class(town, day=datetime.date(2026, 3, 2), topic="明年")
    after = compute(town.pk, Period.parse("2025"), CODES)
    assert dict(after.data) == dict(before.data)
    assert compute(town.pk, Period.parse("2026"), CODES).get("services.training_invited") == 2


# --- The assessment item on training reads the attendance -------------------------------------------------------

def test_the_training_item_loses_a_tenth_for_each_absence_with_the_reason(town, town_office, village, posts):
    first = make_class(town, roles=(Kind.SPECIALIST, Kind.GROUP_LEADER))
    Invitation.objects.filter(training=first).update(attended=True)
    actions.record_attendance(invitation=invitation(first, "李专干"), attended=False, version=1, by=None,
                              note="未请假缺席")
    span = Period.parse("2025Q1")
    reading = read_one("training_attendance", village, span)
    assert reading.points(Decimal(5)) == Decimal("4.5")
    assert "李专干" in reading.records and "未请假缺席" in reading.records and "季度业务培训" in reading.records
    second = make_class(town, day=datetime.date(2025, 3, 20), topic="补训", roles=(Kind.GROUP_LEADER,))
    Invitation.objects.filter(training=second).update(attended=False)
    assert read_one("training_attendance", village, span).points(Decimal(5)) == Decimal("3.5")
    assert read_one("training_attendance", village, Period.parse("2025Q2")).figure == 1

    scheme = make_scheme(town=town)
    block = Block.objects.get(scheme=scheme)
    Item.objects.create(scheme=scheme, block=block, code="training", order=3, title="参加镇组织的业务培训",
                        max_points=5, method=Item.Method.COMPUTED, indicator_key="training_attendance")
    assessment = open_assessment(scheme=scheme, village=village, period="Q1")
    assessment_actions.compute_indicators_for_period(scheme=scheme, period="Q1", computed_by=town_office)
    score = ItemScore.objects.get(assessment=assessment, item__code="training")
    assert score.points == Decimal("3.5") and "李专干" in score.records


# --- The demo ---------------------------------------------------------------------------------------------------

def test_the_demo_holds_the_executive_class_and_four_quarterly_trainings(town, posts):
    assert training_demo.build(town) > 0
    assert training_demo.build(town) == 0
    classes = TrainingClass.objects.filter(town=town).order_by("starts_on")
    assert [c.starts_on.month for c in classes] == [2, 3, 6, 9, 11]
    executive = classes[0]
    assert set(executive.invitations.values_list("role", flat=True)) == {Kind.PARTY_SECRETARY, Kind.SPECIALIST}
    assert not executive.invitations.exclude(attended=True).exists()
