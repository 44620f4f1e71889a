"""The access matrix: every route × every role × own village / other village / another town of the county, generated
from the URL configuration.

The routes are walked from `get_resolver()` (the pages, the admin, the `/api/v1/` router); every operation of the API
schema must be among them. Each route's URL kwargs are filled from a world of two villages of one town, each with
records of every kind built by the factories: `OBJECTS` says which model a route's `pk` names, `KWARGS` what any other
kwarg takes. A route with a kwarg neither table knows FAILS the test — add its entry (one line) and it is covered.

Every route is asked for with GET by each role, about the objects of the role's own village (大旗村) and of the other
village (荀子村) — and, as the town office, the leadership and the county office, of the neighbour town's village where
it has the object (a household and its people); routes naming no village-bound object are asked once. Then POST with
an empty body. Asserted:

- nothing answers 500;
- an anonymous visitor gets the login page (a redirect), or 401/403 from the API, except on the public routes;
- a specialist or an association member asking about the other village's object gets 403/404 (never 200/3xx into it);
- a user with no jurisdiction, and the county office of another county, never get a 2xx about any village's object;
- the town office and the leadership asking about a village of another town of their county (芦村 of 芦义镇) get
  403/404, never 200/3xx into it; the county office of the county may read it;
- no body read by the county office (of this county or another) holds any identity number or phone;
- roles without write rights (anonymous, no jurisdiction, leadership; specialists and members on the other village)
  never get a 2xx for a POST;
- no body read by a village-bound role (specialist, member, no jurisdiction, anonymous) holds another village's
  identity number or phone.
"""

import datetime
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

from assessments.models import Assessment, Case, Deduction, ItemScore, LedgerEntry, ResponsibilityBook, SupervisionVisit
from association.models import (
    AssociationMember,
    ContactAssignment,
    EvaluationCriterion,
    Meeting,
    MemberEvaluation,
    MonthlyFeedback,
)
from incentives.models import Condition, Cycle, Entitlement, EvidenceItem, Fact, Hold, Policy
from members.models import Household, MaritalStatus, Person, Relation, VitalEvent
from reports.actions.boards import record_objection, request_board
from reports.actions.notifications import notify
from reports.models import BoardObjection, BoardPublication, Document, DocumentBatch, Notification
from services.models import (
    AppraisalResult,
    Assistance,
    AssistanceProject,
    CadreAppraisal,
    CampaignInvitation,
    Finding,
    FundEntry,
    Fundraising,
    HealthCampaign,
    Invitation,
    LeadingGroup,
    LeadingGroupMember,
    ModelFamily,
    PingAnVillage,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
    TrainingClass,
)
from villages.models import Appointment, Designation, PeriodClosing, Position, Town, User, Village, VillagerGroup

D = datetime.date

# --- What each URL kwarg takes ---------------------------------------------------------------------------------------
# `OBJECTS`: the model a route's `pk` (or the admin's `object_id`) names, by route name (the pattern itself for routes
# with no name, after its namespace: "assessments:assessments/periods/…"). `KWARGS`: any other kwarg, by
# "route:kwarg" first, then by kwarg name; a model takes the world's object of that model in the case's village,
# anything else is used as it is. Other branches add their routes here, one line each.
OBJECTS = {
    # villages
    "villages:village": Village, "villages:regulations_file": Village, "villages:declare": Village,
    "villages:regulations": Village, "villages:designate": Village, "villages:appoint": Village,
    "villages:end_appointment": Village, "villages:closing": PeriodClosing,
    # members
    "members:household": Household, "members:household_edit": Household, "members:household_move_out": Household,
    "members:household_history": Household, "members:record_event": Household, "members:void_event": VitalEvent,
    "members:correct_event": VitalEvent, "members:person": Person, "members:person_edit": Person,
    "members:person_health": Person, "members:person_move": Person, "members:person_deactivate": Person,
    # association
    "association:village": Village, "association:members": Village, "association:member_new": Village,
    "association:uncovered": Village, "association:feedback_month": Village, "association:meetings": Village,
    "association:meeting_new": Village, "association:evaluations": Village, "association:recheck": Village,
    "association:roster_print": Village, "association:member": AssociationMember,
    "association:member_edit": AssociationMember, "association:card": AssociationMember,
    "association:card_print": AssociationMember, "association:handover": AssociationMember,
    "association:feedback_enter": AssociationMember, "association:evaluate": AssociationMember,
    "association:feedback": MonthlyFeedback, "association:meeting": Meeting, "association:meeting_edit": Meeting,
    "association:award": MemberEvaluation,
    # incentives
    "incentives:policy": Policy, "incentives:policy_edit": Policy, "incentives:policy_end": Policy,
    "incentives:rate_add": Policy, "incentives:condition_add": Policy, "incentives:evidence_add": Policy,
    "incentives:cycle_open": Policy, "incentives:forecast": Policy, "incentives:condition_edit": Condition,
    "incentives:condition_remove": Condition, "incentives:evidence_remove": EvidenceItem, "incentives:cycle": Cycle,
    "incentives:cycle_compute": Cycle, "incentives:cycle_approve": Cycle, "incentives:cycle_village": Cycle,
    "incentives:cycle_village_confirm": Cycle, "incentives:cycle_village_pay": Cycle,
    "incentives:signature_sheet": Cycle, "incentives:entitlement_return": Entitlement,
    "incentives:entitlement_except": Entitlement, "incentives:entitlement_reopen": Entitlement,
    "incentives:household": Household, "incentives:fact_add": Household, "incentives:hold_add": Household,
    "incentives:fact_deactivate": Fact, "incentives:hold_resume": Hold,
    # services
    "services:site": ServiceSite, "services:site_edit": ServiceSite, "services:site_state": ServiceSite,
    "services:investment_new": ServiceSite, "services:investment_edit": SiteInvestment,
    "services:fund_entry_edit": FundEntry, "services:fundraising": Fundraising,
    "services:fundraising_edit": Fundraising,
    "services:donation_new": Fundraising, "services:leading_group": LeadingGroup,
    "services:leading_group_edit": LeadingGroup, "services:leading_group_member_new": LeadingGroup,
    "services:leading_group_member_end": LeadingGroupMember, "services:publicity_edit": PublicityActivity,
    "services:training": TrainingClass, "services:training_edit": TrainingClass,
    "services:training_invite": TrainingClass, "services:training_attendance": TrainingClass,
    "services:campaign": HealthCampaign, "services:campaign_edit": HealthCampaign,
    "services:campaign_invite": HealthCampaign, "services:invitation_attendance": CampaignInvitation,
    "services:invitation_withdraw": CampaignInvitation, "services:finding_new": CampaignInvitation,
    "services:finding": Finding, "services:finding_follow_up": Finding, "services:model_family_withdraw": ModelFamily,
    "services:appraisal": CadreAppraisal, "services:appraisal_criterion_new": CadreAppraisal,
    "services:appraisal_candidate_new": CadreAppraisal, "services:appraisal_decide": CadreAppraisal,
    "services:award_withdraw": AppraisalResult, "services:pingan_decide": PingAnVillage,
    "services:pingan_revoke": PingAnVillage, "services:assistance_household": Household,
    "services:assistance_new": Household, "services:assistance_out_of_poverty": Household,
    "services:assistance_edit": Assistance,
    "services:assistance_void": Assistance, "services:assistance_project": AssistanceProject,
    "services:assistance_project_edit": AssistanceProject, "services:assistance_project_join": AssistanceProject,
    # assessments
    "assessments:detail": Assessment, "assessments:score": Assessment, "assessments:self_score": Assessment,
    "assessments:submit": Assessment, "assessments:review": Assessment, "assessments:return": Assessment,
    "assessments:reopen": ItemScore, "assessments:withdraw_deduction": Deduction, "assessments:evidence": Deduction,
    "assessments:village": Village, "assessments:ledger_withdraw": LedgerEntry, "assessments:case": Case,
    "assessments:book": ResponsibilityBook, "assessments:rectification": Designation,
    # reports
    "reports:batch_detail": DocumentBatch, "reports:batch_status": DocumentBatch, "reports:batch_retry": DocumentBatch,
    "reports:document_detail": Document, "reports:document_status": Document, "reports:document_download": Document,
    "reports:document_retry": Document,
    "reports:board_detail": BoardPublication, "reports:board_review": BoardPublication,
    "reports:board_publish": BoardPublication, "reports:board_correct": BoardPublication,
    "reports:board_photo": BoardPublication, "reports:board_photo_download": BoardPublication,
    "reports:objection_detail": BoardObjection, "reports:notification_read": Notification,
    "reports:village_overview": Village, "reports:group_overview": VillagerGroup,
    "dashboard-village-detail": Village, "dashboard-group-detail": VillagerGroup,
    # API routes whose viewset's serializer names no model
    "association-meeting": Meeting, "document-batch": DocumentBatch,
}

KWARGS = {
    "village_pk": Village, "household_pk": Household, "position_pk": Position, "appointment_pk": Appointment,
    "policy_pk": Policy, "year": 2025, "month": 3, "period": "2025Q1", "fmt": "csv", "format": "json",
    "villages:figure:code": "registry.households", "reports:verify:code": "document-code",
    "reports:overview_chart:name": "ranking",
    "assessments:assessments/periods/<int:year>/<str:code>/:code": "Q1",
    "assessments:assessments/periods/<int:year>/<str:code>/compute/:code": "Q1",
    "assessments:assessments/periods/<int:year>/<str:code>/publish/:code": "Q1",
    "members:record_event:kind": "birth",
    "incentives:benefits/villages/<int:village_pk>/board/<str:spelling>/:spelling": "2025",
    # the admin
    "admin:app_list:app_label": "members", "admin:auth_user_password_change:id": User,
    "admin:view_on_site:content_type_id": "household-content-type", "admin:view_on_site:object_id": Household,
    "admin::url": "no-such-page/",
}

# Answers anyone gets, signed in or not.
PUBLIC = {"health", "login", "logout", "admin:login", "admin:logout", "set_language", "api-token", "api-schema",
          "api-docs", "api-root", "reports:verify", "reports:verify_lookup"}

# Where each model's records belong to a village: the lookup from the model to the village. Models not listed belong
# to the whole town (one case).
VILLAGE_OF = {
    Village: "pk", VillagerGroup: "village", Position: "village", Appointment: "position__village",
    Designation: "village", Household: "village", Person: "household__village", VitalEvent: "village",
    AssociationMember: "village", ContactAssignment: "member__village", MonthlyFeedback: "member__village",
    Meeting: "village", MemberEvaluation: "member__village", Entitlement: "village", Fact: "village", Hold: "village",
    ServiceSite: "village", SiteInvestment: "site__village", FundEntry: "village", Fundraising: "village",
    LeadingGroup: "village", LeadingGroupMember: "group__village", PublicityActivity: "village",
    TrainingClass: "village", Invitation: "village", CampaignInvitation: "village",
    Finding: "invitation__village", ModelFamily: "village", AppraisalResult: "village", PingAnVillage: "village",
    Assistance: "village", AssistanceProject: "village", Assessment: "village", ItemScore: "assessment__village",
    Deduction: "item_score__assessment__village", LedgerEntry: "village", Case: "village",
    ResponsibilityBook: "village", SupervisionVisit: "village", Document: "village",
    BoardPublication: "village", BoardObjection: "village",
}
# Models whose village may be empty (a town's record): the village's own record is chosen.
VILLAGE_OR_TOWN = {Policy: "village", ServiceSite: "village", FundEntry: "village", Fundraising: "village",
                   LeadingGroup: "village", PublicityActivity: "village", TrainingClass: "village"}

ROLES = ("town_office", "leadership", "county_office", "other_county", "specialist", "member", "no_jurisdiction",
         "anonymous")
VILLAGE_BOUND = {"specialist", "member", "no_jurisdiction", "anonymous"}
READ_ONLY = {"leadership", "county_office", "other_county", "no_jurisdiction", "anonymous"}
# Roles that never read a person's identity number or phone, in any village (county office staff read totals).
NO_SECRETS = {"county_office", "other_county", "no_jurisdiction", "anonymous"}
# Roles also asked about the neighbour town's village (a second town of the same county): the town's own office and
# leadership must not get in, the county office must.
NEIGHBOUR_ROLES = {"town_office", "leadership", "county_office"}


# --- The routes ------------------------------------------------------------------------------------------------------
@dataclass
class Route:
    patterns: list  # from the root resolver down to the pattern
    name: str  # "namespace:name", or "" when unnamed
    callback: object
    kwargs: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.name if self.name.split(":")[-1] else (self.name + self.text if self.name else self.text)

    @property
    def text(self) -> str:
        return "".join(str(p.pattern) for p in self.patterns)

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def is_api(self) -> bool:
        return self.text.startswith("api/v1/")


def walk(patterns, trail=(), namespace="") -> list[Route]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace and namespace else (
                pattern.namespace or namespace)
            routes += walk(pattern.url_patterns, (*trail, pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name or ''}" if namespace else (pattern.name or "")
            all_patterns = [*trail, pattern]
            kwargs = []
            for p in all_patterns:
                kwargs += list(p.pattern.regex.groupindex)
            routes.append(Route(all_patterns, name, pattern.callback, kwargs))
    return routes


def _fill(pattern, values: dict) -> str:
    text = str(pattern.pattern)
    if pattern.pattern.__class__.__name__ == "RoutePattern":
        return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), text)
    text = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: str(values[m.group(1)]), text)
    return text.lstrip("^").rstrip("$").replace("\\.", ".").replace("/?", "/")


def url_of(route: Route, values: dict) -> str:
    return "/" + "".join(_fill(p, values) for p in route.patterns)


def api_model(route: Route):
    cls = getattr(route.callback, "cls", None)
    basename = route.name.rsplit("-", 1)[0] if route.name else ""
    for key in (route.name, basename):
        if key in OBJECTS:
            return OBJECTS[key]
    serializer = getattr(cls, "serializer_class", None)
    return getattr(getattr(serializer, "Meta", None), "model", None)


def model_for_pk(route: Route):
    if route.key in OBJECTS:
        return OBJECTS[route.key]
    if route.is_admin:
        model_admin = getattr(route.callback, "model_admin", None)
        return getattr(model_admin, "model", None)
    if route.is_api:
        return api_model(route)
    return None


def kwarg_source(route: Route, kwarg: str):
    """What fills the kwarg: a model or a plain value; KeyError when no table knows it."""
    for key in (f"{route.key}:{kwarg}", f"{route.name}:{kwarg}"):
        if key in KWARGS:
            return KWARGS[key]
    if kwarg in ("pk", "object_id"):
        model = model_for_pk(route)
        if model is None:
            raise KeyError(kwarg)
        return model
    return KWARGS[kwarg]


# --- The world -------------------------------------------------------------------------------------------------------
def _person(name, sex, born, relation, phone, **extra):
    from tests.factories.members import person_fields

    return person_fields(name=name, sex=sex, born=born, relation=relation, phone=phone, **extra)


def build_world() -> dict:
    from association.actions import work
    from incentives import actions as incentive_actions
    from tests import factories
    from tests.factories.assessments import entered, make_scheme, open_assessment
    from tests.factories.association import make_card, make_criteria, make_member, submit
    from tests.factories.incentives import childcare_subsidy, make_policy, rule
    from tests.factories.members import make_household
    from tests.factories.reports import make_document
    from tests.factories.villages import make_appointment, make_designation
    from tests.services.conftest import invest, make_drive, make_entry, make_site

    town = factories.make_town()
    own = factories.make_village(town=town, name="大旗村")
    other = factories.make_village(town=town, name="荀子村")
    neighbour_town = factories.make_town(name="芦义镇", code=f"{town.county.code}101")
    neighbour = factories.make_village(town=neighbour_town, name="芦村")
    far_town = factories.make_town(name="远山镇", code="429902100")
    office = factories.make_user(role=User.Role.TOWN_OFFICE, town=town, username="matrix-office")
    users = {
        "town_office": office,
        "leadership": factories.make_user(role=User.Role.LEADERSHIP, town=town, username="matrix-leader"),
        "county_office": factories.make_user(role=User.Role.COUNTY_OFFICE, county=town.county,
                                             username="matrix-county"),
        "other_county": factories.make_user(role=User.Role.COUNTY_OFFICE, county=far_town.county,
                                            username="matrix-far-county"),
        "no_jurisdiction": User.objects.create_user(username="matrix-nobody", password="pass-zizhi-2026"),
    }
    neighbour_office = factories.make_user(role=User.Role.TOWN_OFFICE, town=neighbour_town,
                                           username="matrix-neighbour-office")
    make_household(group=factories.make_group(village=neighbour, number=1), people=[
        _person("芦强", "M", D(1980, 1, 1), Relation.HEAD, "13900005555"),
        _person("芦芳", "F", D(1982, 2, 2), Relation.WIFE, "13900006666"),
    ], by=neighbour_office)
    scheme = make_scheme(town=town)
    criteria_year = 2025
    make_criteria(town, criteria_year)
    policy = childcare_subsidy(town)
    phones = {own: ("13900001111", "13900002222"), other: ("13900003333", "13900004444")}
    for village in (own, other):
        group = factories.make_group(village=village, number=1)
        head_phone, wife_phone = phones[village]
        make_household(group=group, people=[
            _person(f"{village.name[:1]}强", "M", D(1985, 3, 1), Relation.HEAD, head_phone),
            _person(f"{village.name[:1]}芳", "F", D(1988, 6, 15), Relation.WIFE, wife_phone),
            _person(f"{village.name[:1]}小一", "M", D(2024, 2, 1), Relation.SON, "",
                    marital_status=MaritalStatus.SINGLE),
        ], by=office)
        member = make_member(group=group, name=f"{village.name[:1]}会员", by=office)
        make_card(member, 1, by=office)
        submit(member, D(2025, 3, 1), by=office)
        work.record_meeting(village=village, held_on=D(2025, 3, 10), agenda="例会",
                            attendance={member.pk: "present"}, by=office)
        criteria = EvaluationCriterion.objects.filter(town=town, year=criteria_year)
        work.evaluate_member(member=member, year=criteria_year, scores={c.pk: c.max_score for c in criteria},
                             by=office)
        make_designation(village=village)
        make_appointment(village=village, holder_name=f"{village.name[:1]}专干")
        make_policy(town=town, village=village, name=f"{village.name}村规奖励",
                    conditions=[rule("self", "role", ["child"])])
        site = make_site(town=town, village=village, name=f"{village.name}服务室")
        invest(site, 1000)
        make_entry(town=town, village=village)
        make_drive(town=town, village=village, donations=[100])
        assessment = open_assessment(scheme=scheme, village=village)
        entered(assessment)
        make_document(requested_by=office, village=village)
        board = request_board(village=village, requested_by=office, period="2025")
        BoardPublication.objects.filter(pk=board.pk).update(
            state=BoardPublication.State.PUBLISHED, published_from=datetime.date(2026, 1, 5),
            published_until=datetime.date(2026, 1, 20))
        board.refresh_from_db()
        record_objection(board=board, by=office, item="二、优待兑现 第1行", villager_name=f"{village.name}王强",
                         villager_contact="13900001111", content="金额不对")
        if village == own:
            users["specialist"] = factories.make_user(role=User.Role.SPECIALIST, village=village,
                                                      username="matrix-specialist")
            users["member"] = factories.make_user(role=User.Role.MEMBER, group=group, username="matrix-member")
            from association.actions.members import link_member_login

            link_member_login(member=member, user=users["member"], by=office)
    cycle = incentive_actions.open_cycle(policy=policy, period="2025", by=None)
    incentive_actions.compute_cycle(cycle=cycle, by=None)
    for user in users.values():
        notify(user=user, kind=Notification.Kind.APPROVALS_WAITING, subject="matrix", due_on=datetime.date(2026, 1, 1),
               title="提醒")
    return {"town": town, "own": own, "other": other, "neighbour": neighbour, "users": users}


def foreign_secrets(village) -> list[str]:
    """What a reader bound to another village must never read: this village's identity numbers and phones."""
    people = Person.objects.filter(household__village=village)
    return [value for pair in people.values_list("id_number", "phone") for value in pair if value]


def object_in(model, village, town):
    if model is Town:
        return town
    path = VILLAGE_OF.get(model) or VILLAGE_OR_TOWN.get(model)
    rows = model._default_manager.all()
    if path is not None:
        rows = rows.filter(**{path if path == "pk" else f"{path}__pk": village.pk})
    return rows.order_by("pk").first()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        built["secrets"] = {village: foreign_secrets(village)
                            for village in (built["own"], built["other"], built["neighbour"])}
        yield built
        transaction.set_rollback(True)


# --- The cases -------------------------------------------------------------------------------------------------------
@dataclass
class Case:
    route: Route
    village: str  # "own", "other", "neighbour" (another town of the county) or "town" (no village-bound object)
    url: str
    missing: list[str]  # kwargs whose object the world lacks (asked for with a number no row has)


def cases_for(route: Route, world, role: str = "") -> list[Case]:
    sources = {kwarg: kwarg_source(route, kwarg) for kwarg in route.kwargs}
    # The admin lets no role of the matrix in (none is staff): one case is enough there.
    village_bound = not route.is_admin and any(
        isinstance(s, type) and (s in VILLAGE_OF or s in VILLAGE_OR_TOWN) for s in sources.values())
    cases = []
    places = ("own", "other") if village_bound else ("town",)
    if village_bound and role in NEIGHBOUR_ROLES:
        places += ("neighbour",)
    for where in places:
        village = world[where] if where in ("other", "neighbour") else world["own"]
        values, missing = {}, []
        for kwarg, source in sources.items():
            if isinstance(source, type):
                obj = object_in(source, village, world["town"])
                if obj is None:
                    missing.append(f"{kwarg}={source.__name__}")
                values[kwarg] = obj.pk if obj is not None else 999999
            elif source == "household-content-type":
                from django.contrib.contenttypes.models import ContentType

                values[kwarg] = ContentType.objects.get_for_model(Household).pk
            elif source == "document-code":
                values[kwarg] = Document.objects.filter(village=village).order_by("pk").first().verification_code
            else:
                values[kwarg] = source
        if where == "neighbour" and missing:
            continue  # the neighbour town holds a household and its people only: asked where it has the object
        cases.append(Case(route, where, url_of(route, values), missing))
    return cases


def all_routes() -> list[Route]:
    return walk(get_resolver().url_patterns)


def test_every_route_has_its_kwargs_in_the_tables():
    unknown = []
    for route in all_routes():
        for kwarg in route.kwargs:
            try:
                kwarg_source(route, kwarg)
            except KeyError:
                unknown.append(f"{route.key} ({route.text}): {kwarg}")
    assert not unknown, "add these to OBJECTS or KWARGS in tests/config/test_access_matrix.py:\n" + "\n".join(unknown)


def test_every_operation_of_the_api_schema_is_a_route_of_the_matrix():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    routes = all_routes()
    missing = []
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{year\}", "2025", path)  # a year's route takes four digits
        url = re.sub(r"\{[^}]+\}", "1", url)
        try:
            match = resolve(url)
        except Exception:
            missing.append(path)
            continue
        assert any(route.callback is match.func for route in routes), path
        assert set(operations) - {"parameters"} <= {"get", "post", "put", "patch", "delete", "head", "options"}
    assert not missing


def _login(role, world) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and ("/accounts/login/" in response["Location"]
                                            or "/admin/login/" in response["Location"])


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _without_write_rights(role, case: Case) -> bool:
    return role in READ_ONLY or case.village == "neighbour" or (
        case.village == "other" and role in ("specialist", "member"))


def check(role, method, case: Case, response, world, writes=()) -> list[str]:
    status, route = response.status_code, case.route
    problems = []
    where = f"{method} {case.url} [{route.key}] as {role} ({case.village} village)"
    if status >= 500:
        return [f"{where}: {status}"]
    public = route.name in PUBLIC
    if role == "anonymous" and not public:
        # 301/308: an old address sent on to its new one, which asks for the login in turn.
        refused = _is_login_redirect(response) or status in (301, 308, 401, 403, 404, 405)
        if not refused:
            problems.append(f"{where}: {status}, not the login page")
    if case.village == "other" and role in ("specialist", "member") and not route.is_admin and 200 <= status < 400:
        if not (status == 302 and _is_login_redirect(response)):
            problems.append(f"{where}: {status} about the other village")
    if role in ("no_jurisdiction", "other_county") and case.village != "town" and 200 <= status < 300:
        problems.append(f"{where}: {status} with no jurisdiction here")
    if case.village == "neighbour" and role in ("town_office", "leadership") and not route.is_admin \
            and 200 <= status < 400 and not _is_login_redirect(response):
        problems.append(f"{where}: {status} about another town of the county")
    if method == "POST" and writes and _without_write_rights(role, case) and not public:
        problems.append(f"{where}: {status}, wrote {writes[:3]} for a role without write rights")
    if (role in VILLAGE_BOUND or role in NO_SECRETS or case.village == "neighbour") and status == 200:
        body = _body(response)
        foreign = world["secrets"][world["other"]] + world["secrets"][world["neighbour"]]
        if role in NO_SECRETS:
            foreign = foreign + world["secrets"][world["own"]]
        elif role not in VILLAGE_BOUND:
            foreign = world["secrets"][world["neighbour"]]  # the town's own office reads its own villages
        leaked = [value for value in foreign if value in body]
        if leaked:
            problems.append(f"{where}: shows {leaked}")
    return problems


# What a request may write whoever asks: the session, the login throttle's rows, the access log, and what is the
# user's own (their notifications read, their reminders switched off) — each user's alone, tested in
# tests/reports/test_notifications.py.
LOG_TABLES = ("django_session", "axes_", "villages_sensitiveaccess", "reports_notification",
              "reports_reminderpreference", "reports_historicalreminderpreference")


def _is_a_write(sql: str) -> bool:
    words = sql.lstrip().split(None, 3)
    if not words or words[0].upper() not in ("INSERT", "UPDATE", "DELETE"):
        return False
    return not any(table in sql[:200] for table in LOG_TABLES)


SKIP_POST = {"logout", "set_language", "api-token"}  # state of the session itself, no record


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, world, capsys, settings):
    started = time.monotonic()
    Path(settings.DOCUMENTS_ROOT).mkdir(parents=True, exist_ok=True)  # or /health/ rightly answers 503
    client = _login(role, world)
    problems, counted, missing, read_only_posts = [], {"GET": 0, "POST": 0}, set(), set()
    routes = all_routes()
    for route in routes:
        for case in cases_for(route, world, role):
            missing.update(f"{route.key}: {m}" for m in case.missing)
            methods = ["GET"] + ([] if route.name in SKIP_POST or not _without_write_rights(role, case) else ["POST"])
            for method in methods:
                with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                    response = client.get(case.url) if method == "GET" else client.post(case.url, {})
                    transaction.set_rollback(True)
                counted[method] += 1
                writes = [q["sql"][:60] for q in queries.captured_queries if _is_a_write(q["sql"])]
                if method == "POST" and 200 <= response.status_code < 300 and not writes:
                    read_only_posts.add(route.key)
                problems += check(role, method, case, response, world, writes)
            if role != "anonymous" and not client.session.get("_auth_user_id"):
                client = _login(role, world)  # a logout route ended the session
    with capsys.disabled():
        print(f"\naccess matrix as {role}: {len(routes)} routes, {counted['GET']} GET and {counted['POST']} POST cases "
              f"in {time.monotonic() - started:.1f} s; {len(missing)} kwargs with no object in the world; "
              f"{len(read_only_posts)} pages answered an empty POST with their page, writing nothing")
    if os.environ.get("ZIZHI_MATRIX_REPORT"):
        with open(os.environ["ZIZHI_MATRIX_REPORT"], "a") as report:
            report.write("\n".join([f"== {role}", *problems, "-- no object in the world:", *sorted(missing), ""]))
    assert len(routes) >= 800 and counted["GET"] >= 1000
    assert not problems, "\n".join(problems[:80]) + f"\n… {len(problems)} problems"
