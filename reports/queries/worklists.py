"""Each role's worklist ("to do"): what is due or overdue in the user's jurisdiction, computed from the records at
request time (never a stored copy).

The worklist is a registry of item kinds. A kind is a code, a label, the roles it is for and a function
`(user, today) -> iterable of Item` that answers in a fixed number of queries whatever the size of the town.
Adding a kind is one function and one `@register(...)` line (below, after the registry).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Assessment
from association.models import AssociationMember, AssociationYearRules, MonthlyFeedback
from association.queries import card_households, members_for, year_rules
from incentives.models import Cycle, Entitlement
from incentives.queries.scoping import cycles_for, entitlements_for
from members.models import Person
from members.queries import people_for
from reports.models.documents import Document
from reports.queries.boards import boards_ending, objections_due
from reports.queries.documents import documents_for
from services.models import Finding
from services.queries.health import findings_for
from villages.models import User
from villages.periods import month_end
from villages.queries import scoped, town_id_of
from villages.roles import is_association_member, is_specialist, is_town_office

SPECIALIST = "specialist"
MEMBER = "member"
OFFICE = "office"


@dataclass(frozen=True)
class Item:
    """One thing to do: what, where, by when, and the page where it is done."""

    title: str
    url: str
    due_on: datetime.date | None = None
    overdue: bool = False
    village: str = ""
    household: str = ""


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    roles: frozenset[str]
    items: Callable[[User, datetime.date], Iterable[Item]]
    # Kinds that list what the user looks after (a member's contact households) rather than what is due are not
    # counted in the badge.
    counted: bool = True
    # Kinds whose items name a person's sensitive data (pregnancy, contraception, health findings): logged.
    sensitive: bool = False


@dataclass
class Section:
    kind: Kind
    items: list[Item] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)


KINDS: dict[str, Kind] = {}


def register(code: str, label, roles: Iterable[str], *, counted: bool = True, sensitive: bool = False):
    """Register the decorated function `(user, today) -> iterable of Item` as a worklist kind."""
    def decorate(function: Callable[[User, datetime.date], Iterable[Item]]):
        KINDS[code] = Kind(code, label, frozenset(roles), function, counted=counted, sensitive=sensitive)
        return function
    return decorate


def role_of(user: User) -> str | None:
    """The worklist a user has: the town office's, a specialist's, a member's; none for the leadership."""
    if is_town_office(user):
        return OFFICE
    if is_specialist(user):
        return SPECIALIST
    if is_association_member(user):
        return MEMBER
    return None


def kinds_for(user: User) -> list[Kind]:
    role = role_of(user)
    return [kind for kind in KINDS.values() if role in kind.roles]


def sort_key(item: Item):
    return (not item.overdue, item.due_on or datetime.date.max, item.village, item.household, item.title)


def worklist(user: User, today: datetime.date) -> list[Section]:
    """The user's worklist, one section per kind (empty ones included, so the page can say "nothing")."""
    return [Section(kind, sorted(kind.items(user, today), key=sort_key)) for kind in kinds_for(user)]


def count(sections: list[Section]) -> int:
    return sum(len(section.items) for section in sections if section.kind.counted)


# ---- The kinds --------------------------------------------------------------------------------------------------

WEEK = datetime.timedelta(days=7)
# A pregnancy is seen again every month; a birth is expected about 40 weeks after the pregnancy was noted.
PREGNANCY_CHECK = datetime.timedelta(days=30)
BIRTH_EXPECTED = datetime.timedelta(days=280)
# Short-acting measures are renewed (and checked) every quarter: `contraception_since` is the last renewal.
SHORT_ACTING = (Person.Contraception.INJECTION, Person.Contraception.PILL, Person.Contraception.CONDOM)
CONTRACEPTION_CHECK = datetime.timedelta(days=90)
# A health finding still open or referred is followed up within a month of its last step.
FINDING_CHECK = datetime.timedelta(days=30)
# A member's feedback for the month shows from this day of the month.
FEEDBACK_SHOWN_FROM_DAY = 25


def _person_item(person: Person, url: str, due_on: datetime.date, today: datetime.date) -> Item:
    return Item(title=person.name, url=url, due_on=due_on, overdue=due_on < today,
                village=person.household.village.name, household=person.household.number)


def _pregnant(user: User):
    return (people_for(user).active().filter(pregnancy=Person.Pregnancy.PREGNANT)
            .select_related("household__village"))


@register("pregnancy_follow_up", gettext_lazy("Pregnancy follow-ups"), [SPECIALIST], sensitive=True)
def pregnancy_follow_ups(user: User, today: datetime.date) -> Iterable[Item]:
    """Pregnant women last seen a month ago or more (or by the end of the week), birth not yet expected."""
    horizon = today + WEEK
    rows = _pregnant(user).filter(pregnancy_noted_on__lte=horizon - PREGNANCY_CHECK,
                                  pregnancy_noted_on__gt=horizon - BIRTH_EXPECTED)
    for person in rows:
        yield _person_item(person, reverse("members:person_health", args=[person.pk]),
                           person.pregnancy_noted_on + PREGNANCY_CHECK, today)


@register("contraception_follow_up", gettext_lazy("Contraception follow-ups"), [SPECIALIST], sensitive=True)
def contraception_follow_ups(user: User, today: datetime.date) -> Iterable[Item]:
    """Short-acting measures last renewed a quarter ago or more (or by the end of the week)."""
    rows = (people_for(user).active().filter(contraception__in=SHORT_ACTING,
                                             contraception_since__lte=today + WEEK - CONTRACEPTION_CHECK)
            .select_related("household__village"))
    for person in rows:
        yield _person_item(person, reverse("members:person_health", args=[person.pk]),
                           person.contraception_since + CONTRACEPTION_CHECK, today)


@register("birth_to_register", gettext_lazy("Births to register"), [SPECIALIST], sensitive=True)
def births_to_register(user: User, today: datetime.date) -> Iterable[Item]:
    """Women whose birth is expected (40 weeks after the pregnancy was noted) and no child born since is registered."""
    born_since = Person.objects.filter(mother=OuterRef("pk"), birth_date__gte=OuterRef("pregnancy_noted_on"))
    rows = _pregnant(user).filter(pregnancy_noted_on__lte=today + WEEK - BIRTH_EXPECTED).exclude(Exists(born_since))
    for person in rows:
        yield _person_item(person, reverse("members:record_event", args=[person.household_id, "birth"]),
                           person.pregnancy_noted_on + BIRTH_EXPECTED, today)


def feedback_month_due(town_id: int | None, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The latest month whose feedback was due before today, and its due date (the town's rules)."""
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    due_day = year_rules(town_id, month.year).feedback_due_day if town_id else AssociationYearRules.DEFAULT_DUE_DAY
    due_on = AssociationYearRules.due_on(month, due_day)
    if due_on >= today:
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        due_on = AssociationYearRules.due_on(month, due_day)
    return month, due_on


def _missing_feedback(user: User, month: datetime.date):
    """Members on the roll in the month (until its end) with no feedback for it."""
    end = month_end(month)
    filed = MonthlyFeedback.objects.filter(member=OuterRef("pk"), month=month)
    return (members_for(user).filter(Q(left_on__isnull=True) | Q(left_on__gt=end), joined_on__lte=end)
            .exclude(Exists(filed)))


@register("member_feedback_overdue", gettext_lazy("Members' monthly feedback overdue"), [SPECIALIST])
def members_feedback_overdue(user: User, today: datetime.date) -> Iterable[Item]:
    month, due_on = feedback_month_due(town_id_of(user), today)
    for member in _missing_feedback(user, month).select_related("village", "group"):
        yield Item(title=_("%(name)s, feedback for %(month)s") % {"name": member.name, "month": f"{month:%Y-%m}"},
                   url=reverse("association:feedback_enter", args=[member.pk, month.year, month.month]),
                   due_on=due_on, overdue=True, village=member.village.name, household=member.group.name)


@register("eligibility_change", gettext_lazy("Households newly eligible or no longer eligible"), [SPECIALIST])
def eligibility_changes(user: User, today: datetime.date) -> Iterable[Item]:
    """The latest computed cycle of each policy against the one before: households entitled now and not before
    (while the village has not reviewed them), and households entitled before and not now (while the cycle is open)."""
    latest: dict[int, list[dict]] = {}
    for cycle in (cycles_for(user).filter(computed_at__isnull=False).order_by("policy_id", "-starts_on")
                  .values("pk", "policy_id", "policy__name", "period", "status")):
        if len(latest.setdefault(cycle["policy_id"], [])) < 2:
            latest[cycle["policy_id"]].append(cycle)
    cycles = {cycle["pk"]: cycle for pair in latest.values() for cycle in pair}
    entitled: dict[int, dict[int, dict]] = {pk: {} for pk in cycles}
    for row in (entitlements_for(user).filter(cycle_id__in=cycles)
                .values("cycle_id", "household_id", "household__number", "village__name", "status")):
        entitled[row["cycle_id"]].setdefault(row["household_id"], row)
    for pair in latest.values():
        now, before = pair[0], (pair[1] if len(pair) > 1 else None)
        if before is None:
            continue
        yield from _eligibility_items(now, before, entitled)


def _eligibility_items(now: dict, before: dict, entitled: dict) -> Iterable[Item]:
    current, previous = entitled[now["pk"]], entitled[before["pk"]]
    for household_id, row in current.items():
        if household_id not in previous and row["status"] == Entitlement.Status.PENDING:
            yield Item(title=_("%(policy)s %(period)s: newly eligible") % {"policy": now["policy__name"],
                                                                          "period": now["period"]},
                       url=reverse("incentives:household", args=[household_id]),
                       village=row["village__name"], household=row["household__number"])
    if now["status"] != Cycle.Status.OPEN:
        return
    for household_id, row in previous.items():
        if household_id not in current:
            yield Item(title=_("%(policy)s %(period)s: no longer eligible") % {"policy": now["policy__name"],
                                                                              "period": now["period"]},
                       url=reverse("incentives:household", args=[household_id]),
                       village=row["village__name"], household=row["household__number"])


@register("campaign_follow_up", gettext_lazy("Health campaign follow-ups"), [SPECIALIST], sensitive=True)
def campaign_follow_ups(user: User, today: datetime.date) -> Iterable[Item]:
    """Findings of the health campaigns still open or referred."""
    rows = (findings_for(user).filter(state__in=[Finding.State.OPEN, Finding.State.REFERRED])
            .select_related("invitation__person__household"))
    for finding in rows:
        due_on = finding.state_since + FINDING_CHECK
        yield Item(title=f"{finding.invitation.person.name} · {finding.get_category_display()}",
                   url=reverse("services:finding_follow_up", args=[finding.pk]), due_on=due_on,
                   overdue=due_on < today, village=finding.invitation.village.name,
                   household=finding.invitation.person.household.number)


@register("own_feedback", gettext_lazy("My monthly feedback"), [MEMBER])
def own_feedback(user: User, today: datetime.date) -> Iterable[Item]:
    """The member's feedback for last month when not filed, and for this month from the 25th."""
    member = AssociationMember.objects.current().filter(user=user).select_related("village", "group").first()
    if member is None:
        return
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    months = [month for month in (last_month, this_month) if member.joined_on <= month_end(month)]
    if today.day < FEEDBACK_SHOWN_FROM_DAY and this_month in months:
        months.remove(this_month)
    filed = set(member.feedback.filter(month__in=months).values_list("month", flat=True))
    due_days = {year: year_rules(member.village.town_id, year).feedback_due_day for year in {m.year for m in months}}
    for month in months:
        if month in filed:
            continue
        due_on = AssociationYearRules.due_on(month, due_days[month.year])
        yield Item(title=_("Feedback for %(month)s") % {"month": f"{month:%Y-%m}"},
                   url=reverse("association:my_feedback", args=[month.year, month.month]), due_on=due_on,
                   overdue=today > due_on, village=member.village.name, household=member.group.name)


@register("contact_household", gettext_lazy("My contact households"), [MEMBER], counted=False)
def contact_households(user: User, today: datetime.date) -> Iterable[Item]:
    member = AssociationMember.objects.current().filter(user=user).first()
    if member is None:
        return
    for assignment in card_households(member):
        household = assignment.household
        yield Item(title=assignment.head_name or household.number, url=reverse("members:household",
                                                                               args=[household.pk]),
                   household=household.number, village=household.group.name)


@register("assessment_to_review", gettext_lazy("Assessments to review"), [OFFICE])
def assessments_to_review(user: User, today: datetime.date) -> Iterable[Item]:
    rows = (scoped(Assessment.objects.all(), user).filter(status=Assessment.Status.SELF_SCORED)
            .select_related("village", "scheme"))
    for assessment in rows:
        yield Item(title=_("%(period)s assessment, self-scored") % {"period": assessment.get_period_display()},
                   url=reverse("assessments:detail", args=[assessment.pk]), village=assessment.village.name)


@register("cycle_to_approve_or_pay", gettext_lazy("Benefit cycles to approve or pay"), [OFFICE])
def cycles_to_approve_or_pay(user: User, today: datetime.date) -> Iterable[Item]:
    unpaid = Count("entitlements", filter=Q(entitlements__status=Entitlement.Status.APPROVED))
    rows = (cycles_for(user).filter(status__in=[Cycle.Status.OPEN, Cycle.Status.APPROVED], computed_at__isnull=False)
            .annotate(unpaid=unpaid).select_related("policy"))
    for cycle in rows:
        if cycle.status == Cycle.Status.OPEN:
            title = _("%(cycle)s: to approve") % {"cycle": cycle}
        elif cycle.unpaid:
            title = _("%(cycle)s: %(count)d to pay") % {"cycle": cycle, "count": cycle.unpaid}
        else:
            continue
        yield Item(title=title, url=reverse("incentives:cycle", args=[cycle.pk]), due_on=cycle.ends_on,
                   village=cycle.policy.village.name if cycle.policy.village else "")


@register("village_feedback_late", gettext_lazy("Villages late with members' feedback"), [OFFICE])
def villages_late_with_feedback(user: User, today: datetime.date) -> Iterable[Item]:
    month, due_on = feedback_month_due(town_id_of(user), today)
    rows = (_missing_feedback(user, month).values("village_id", "village__name").annotate(missing=Count("pk"))
            .order_by("village__code"))
    for row in rows:
        yield Item(title=_("%(count)d members without feedback for %(month)s") % {
                       "count": row["missing"], "month": f"{month:%Y-%m}"},
                   url=reverse("association:feedback_month", args=[row["village_id"]]) + f"?month={month:%Y-%m}",
                   due_on=due_on, overdue=True, village=row["village__name"])


@register("document_failed", gettext_lazy("Documents that failed"), [OFFICE])
def documents_failed(user: User, today: datetime.date) -> Iterable[Item]:
    for document in documents_for(user).filter(status=Document.Status.FAILED):
        yield Item(title=document.title, url=reverse("reports:document_detail", args=[document.pk]),
                   village=document.village.name if document.village else "")


@register("board_ending", gettext_lazy("Disclosure boards whose publication ends"), [OFFICE])
def board_windows_ending(user: User, today: datetime.date) -> Iterable[Item]:
    """Published boards whose window ends within a week: to take down, or to publish the next period's."""
    for board in boards_ending(user, today=today).select_related("village"):
        yield Item(title=_("%(board)s, published until %(until)s") % {"board": board, "until": board.published_until},
                   url=reverse("reports:board_detail", args=[board.pk]), due_on=board.published_until,
                   village=board.village.name)


@register("objection_due", gettext_lazy("Objections to answer"), [SPECIALIST, OFFICE])
def objections_to_answer(user: User, today: datetime.date) -> Iterable[Item]:
    """Villagers' objections not yet answered whose deadline is near or past."""
    for objection in objections_due(user, today=today).select_related("village"):
        yield Item(title=_("Objection to %(item)s") % {"item": objection.item},
                   url=reverse("reports:objection_detail", args=[objection.pk]), due_on=objection.respond_by,
                   overdue=objection.respond_by < today, village=objection.village.name)
