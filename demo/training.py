"""The demo town's training in its year: the training class for the villages' party branch secretaries, family
planning specialists and association executive vice presidents the seed tells of (February, before villager
self-government is rolled out; everyone came), and the quarterly business training of the specialists with the
birth information liaisons and the villager group leaders.

Who missed a quarter's business training is the record the assessment item on training reads (each absence costs
a tenth of its points): ABSENT gives, per quarter and village (the last digits of its code), how many were absent
— the specialist first, then the liaison, then group leaders — and so the points each village lost for training
in its quarterly assessments. Deterministic and idempotent; written through the actions, attendance set-based.
"""

import datetime

from django.db import transaction

from demo.dating import aware, date_history, day_of
from demo.town import DEMO_YEAR, current_profile
from services.actions import training as actions
from services.models import Invitation, TrainingClass
from villages.models import Position, Town

Kind = Position.Kind
EXECUTIVE = ("村党支部书记、计生专干、计生协会常务副会长培训班", datetime.date(DEMO_YEAR, 2, 20),
             datetime.date(DEMO_YEAR, 2, 21), (Kind.PARTY_SECRETARY, Kind.SPECIALIST, Kind.EXECUTIVE_VICE_PRESIDENT))
QUARTERLY = [(f"第{number}季度计生业务培训", datetime.date(DEMO_YEAR, month, day))
             for number, (month, day) in zip("一二三四", ((3, 12), (6, 11), (9, 10), (11, 12)), strict=True)]
BUSINESS = (Kind.SPECIALIST, Kind.BIRTH_LIAISON, Kind.GROUP_LEADER)
ABSENT = [
    {"201": 10, "203": 2, "206": 10, "207": 10, "209": 1, "211": 3, "212": 10, "214": 10, "216": 6, "217": 2,
     "218": 4, "222": 3, "223": 10, "224": 3, "225": 10, "226": 1, "227": 1, "228": 7, "229": 10, "230": 5,
     "231": 10, "232": 10, "235": 7, "236": 10, "237": 4, "238": 7, "239": 1, "240": 4, "241": 2},
    {"201": 5, "203": 2, "206": 10, "207": 2, "209": 2, "210": 7, "212": 10, "214": 7, "215": 2, "216": 4,
     "217": 10, "218": 6, "222": 10, "224": 10, "225": 2, "229": 2, "230": 2, "231": 10, "232": 4, "235": 2,
     "236": 6, "237": 10, "238": 4, "241": 1},
    {"201": 10, "204": 4, "205": 3, "206": 5, "207": 6, "209": 10, "210": 6, "212": 6, "213": 1, "214": 7,
     "215": 6, "216": 10, "217": 2, "218": 6, "219": 3, "220": 4, "221": 6, "222": 4, "223": 4, "224": 2,
     "225": 7, "226": 6, "228": 2, "229": 6, "230": 6, "231": 6, "232": 6, "233": 6, "235": 4, "236": 10,
     "237": 9, "238": 2, "239": 7, "240": 4, "241": 2},
    {"201": 2, "206": 2, "209": 10, "210": 3, "212": 3, "213": 3, "214": 9, "215": 10, "216": 8, "217": 8,
     "218": 6, "219": 3, "221": 4, "222": 8, "223": 2, "224": 6, "225": 10, "226": 6, "228": 10, "229": 2,
     "230": 6, "232": 6, "233": 4, "234": 4, "235": 5, "236": 8, "238": 6, "239": 2, "241": 1},
]
NOTES = {Kind.SPECIALIST: "未请假缺席", Kind.BIRTH_LIAISON: "外出务工", Kind.GROUP_LEADER: "农忙请假"}
ORDER = {kind: index for index, kind in enumerate(BUSINESS)}


@transaction.atomic
def build(town: Town) -> int:
    """The year's classes, invitations and attendance; returns the invitations written (0 if already there)."""
    if TrainingClass.objects.filter(town=town, starts_on__year=DEMO_YEAR).exists():
        return 0
    topic, starts_on, ends_on, roles = EXECUTIVE
    executive = actions.record_class(town=town, village=None, topic=topic, starts_on=starts_on, ends_on=ends_on,
                                     trainer="镇党委副书记、县计生委宣教股", place="镇党校", by=None,
                                     note="统一思想认识，部署计划生育村民自治工作")
    written = len(actions.invite(training=executive, roles=list(roles), by=None))
    Invitation.objects.filter(training=executive).update(attended=True)
    for (topic, day), absent in zip(QUARTERLY, ABSENT, strict=True):
        training = actions.record_class(town=town, village=None, topic=topic, starts_on=day, ends_on=day,
                                        trainer="镇计生办", place="镇计生服务站培训室", by=None)
        invited = actions.invite(training=training, roles=list(BUSINESS), by=None)
        written += len(invited)
        _attendance(training, invited, absent)
    date_history(TrainingClass, day_of("starts_on"), town=town)
    for training in TrainingClass.objects.filter(town=town, starts_on__year=DEMO_YEAR):
        date_history(Invitation, aware(training.starts_on), training=training)
    return written


def _attendance(training: TrainingClass, invited: list[Invitation], absent: dict[str, int]) -> None:
    by_village: dict[str, list[Invitation]] = {}
    for invitation in invited:
        by_village.setdefault(invitation.appointment.position.village.code[-3:], []).append(invitation)
    missed = []
    present = {v.code[-3:] for v in training.town.villages.all()}
    for code, count in absent.items():
        if code not in present:
            continue
        people = sorted(by_village.get(code, []),
                        key=lambda i: (ORDER[i.role], i.appointment.position.group_id or 0, i.pk))
        if count > len(people):
            if current_profile().seed is None:  # Hongshandian's absences are the source's: they must all fit
                raise ValueError(f"{training.topic}: {count} absent from village {code}, {len(people)} invited")
            count = len(people)  # a generated town's village may have fewer posts than Hongshandian's
        missed += people[:count]
    Invitation.objects.filter(training=training).update(attended=True)
    for role, note in NOTES.items():
        Invitation.objects.filter(pk__in=[i.pk for i in missed if i.role == role]).update(attended=False, note=note)
