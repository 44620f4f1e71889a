"""Training classes a user may see and their invitations: the town's classes for every reader of the town, a
village's for those who read the village; the invited of the user's villages only (a specialist sees their own
village's). A year's attendance by post, and a class's by village and post."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from services.models import Invitation, TrainingClass
from services.queries.scope import in_scope, reader_town
from villages.models import Position
from villages.roles import is_association_member


def classes_for(user) -> QuerySet[TrainingClass]:
    """The town's own classes (whoever reads the town reads them: the specialists are invited to them) and the
    classes of the villages the user reads."""
    rows = TrainingClass.objects.select_related("town", "village")
    if not user.is_authenticated:
        return rows.none()
    town = reader_town(user)
    if town is None or is_association_member(user):
        return rows.none()
    own = Q(pk__in=in_scope(TrainingClass.objects.all(), user).values("pk"))
    if not user.is_superuser:
        own |= Q(town=town, village__isnull=True)
    return rows.filter(own)


def invitations_for(user) -> QuerySet[Invitation]:
    """Invitations of the villages in the user's scope (withdrawn ones included)."""
    return in_scope(Invitation.objects.select_related("training", "village"), user, town="training__town")


def class_for_user(user, pk: int) -> TrainingClass:
    try:
        return classes_for(user).get(pk=pk)
    except TrainingClass.DoesNotExist:
        raise Http404 from None


def invitation_for_user(user, pk: int) -> Invitation:
    try:
        return invitations_for(user).get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404 from None


def classes_of_year(user, year: int) -> QuerySet[TrainingClass]:
    """The year's classes with the counts of the user's invitations to each (one query)."""
    mine = invitations_for(user).filter(withdrawn=False)
    return (classes_for(user).filter(starts_on__year=year)
            .annotate(invited=Count("invitations", filter=Q(invitations__in=mine)),
                      came=Count("invitations", filter=Q(invitations__in=mine, invitations__attended=True)),
                      absent=Count("invitations", filter=Q(invitations__in=mine, invitations__attended=False)))
            .order_by("-starts_on", "-pk"))


@dataclass
class RoleRow:
    role: str
    label: str
    invited: int
    came: int
    absent: int

    @property
    def rate(self) -> str:
        recorded = self.came + self.absent
        return f"{self.came * 100 / recorded:.1f}%" if recorded else "—"


def _by_role(invitations: QuerySet) -> list[RoleRow]:
    rows = (invitations.filter(withdrawn=False).order_by().values("role")
            .annotate(invited=Count("pk"), came=Count("pk", filter=Q(attended=True)),
                      absent=Count("pk", filter=Q(attended=False))))
    labels = dict(Position.Kind.choices)
    found = {row["role"]: row for row in rows}
    return [RoleRow(role, str(labels[role]), found[role]["invited"], found[role]["came"], found[role]["absent"])
            for role in Position.Kind.values if role in found]


def attendance_by_role(user, year: int) -> list[RoleRow]:
    """Per post: the year's invitations, those who came and those absent (one query); the rate is of those
    recorded."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return _by_role(invitations_for(user).filter(training__starts_on__range=(start, end),
                                                 training__in=classes_for(user)))


def class_page(user, pk: int) -> TrainingClass:
    """A class with the user's invitations (by village and post), the attendance by post and its history."""
    training = class_for_user(user, pk)
    invitations = invitations_for(user).filter(training=training)
    training.invitation_rows = list(invitations.order_by("village__code", "role", "pk"))
    training.role_rows = _by_role(invitations)
    training.history_rows = list(training.history.select_related("history_user").order_by("-history_date")[:50])
    return training
