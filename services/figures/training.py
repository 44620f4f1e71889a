"""Training: classes held, the post-holders invited and those who came, by post; the attendance rate. Counted by
the class's first day; withdrawn invitations and cancelled classes do not count. A village's figures count its own
invited (to the town's classes and its own); the town's own classes count at the town level.

The assessment item on training (参加镇组织的业务培训) reads the same records through the indicator
`training_attendance` (assessments.queries.indicators).
"""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy

from services.figures.common import LEVELS, TOPIC
from services.models import Invitation, TrainingClass
from services.queries.training import classes_for, invitations_for
from villages.catalogue import FLOW, Dimension, Figure, in_unit, register, register_years
from villages.models import Position
from villages.periods import Period

POST = Dimension("post", gettext_lazy("post"), dict(Position.Kind.choices))


def _held(period: Period, prefix: str = "") -> dict:
    return {f"{prefix}starts_on__range": (period.starts_on, period.ends_on), f"{prefix}cancelled": False}


def _classes(town_id: int, period: Period):
    rows = (TrainingClass.objects.filter(town_id=town_id, **_held(period)).values("village")
            .annotate(total=Count("pk")).order_by())
    return [(row["village"], None, None, row["total"]) for row in rows]


def _invitations(town_id: int, period: Period):
    return Invitation.objects.filter(training__town_id=town_id, withdrawn=False, **_held(period, "training__"))


def _people(condition: Q | None):
    def compute(town_id: int, period: Period):
        rows = _invitations(town_id, period)
        if condition is not None:
            rows = rows.filter(condition)
        rows = rows.values("village", "role").annotate(total=Count("pk")).order_by()
        return [(row["village"], None, {"post": row["role"]}, row["total"]) for row in rows]
    return compute


def _class_records(user, period: Period, level: str, unit: int | None):
    rows = classes_for(user).filter(**_held(period)).order_by("starts_on", "pk")
    return in_unit(rows, level, unit, group=None)


def _invitation_records(user, period: Period, level: str, unit: int | None):
    rows = (invitations_for(user).filter(withdrawn=False, **_held(period, "training__"))
            .order_by("training__starts_on", "village__code", "role", "pk"))
    return in_unit(rows, level, unit, group=None)


register(Figure(
    code="services.training_classes", name=gettext_lazy("Training classes"), unit=gettext_lazy("classes"),
    compute=_classes, kind=FLOW, levels=LEVELS, about_people=False,
    definition=gettext_lazy("Training classes whose first day is in the period, not cancelled. The town's own "
                            "classes count at the town level only."),
    records=_class_records, topic=TOPIC,
))
register(Figure(
    code="services.training_invited", name=gettext_lazy("Post-holders invited to training"),
    unit=gettext_lazy("people"), compute=_people(None), kind=FLOW, levels=LEVELS, breakdowns=(POST,),
    definition=gettext_lazy("Invitations to the training classes of the period, by the post the invited held on "
                            "the class's first day; someone invited to two classes counts twice. Withdrawn "
                            "invitations are not counted."),
    records=_invitation_records, topic=TOPIC,
))
register(Figure(
    code="services.training_attended", name=gettext_lazy("Post-holders who attended training"),
    unit=gettext_lazy("people"), compute=_people(Q(attended=True)), kind=FLOW, levels=LEVELS, breakdowns=(POST,),
    definition=gettext_lazy("Invitations to the training classes of the period recorded as attended, by post."),
    records=_invitation_records, topic=TOPIC,
))
register(Figure(
    code="services.training_attendance_rate", name=gettext_lazy("Training attendance"), unit="%", kind=FLOW,
    numerator="services.training_attended", denominator="services.training_invited", decimals=1,
    levels=LEVELS, breakdowns=(POST,), about_people=False,
    definition=gettext_lazy("Invitations recorded as attended, out of all invitations to the period's classes, by "
                            "post; an invitation whose attendance is not recorded counts as not attended."),
    records=_invitation_records, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    return set(TrainingClass.objects.filter(town_id=town_id).annotate(y=ExtractYear("starts_on"))
               .values_list("y", flat=True).distinct())
