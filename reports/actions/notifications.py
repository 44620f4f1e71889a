"""Notifications and reminders: a reminder is sent once (the database's unique key decides), recorded, e-mailed
when the user has an address, and skipped for whoever switched reminders off."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from reports.models.notifications import Notification, ReminderPreference
from reports.queries.worklists import FEEDBACK_SHOWN_FROM_DAY, KINDS
from villages.models import User

logger = logging.getLogger(__name__)

# The worklist kinds a specialist's weekly reminder counts, and the office's.
FOLLOW_UP_KINDS = ("pregnancy_follow_up", "contraception_follow_up", "birth_to_register", "campaign_follow_up")
APPROVAL_KINDS = ("assessment_to_review", "cycle_to_approve_or_pay")


def reminders_on(user: User) -> bool:
    preference = ReminderPreference.objects.filter(user=user).first()
    return preference is None or preference.reminders_on


@transaction.atomic
def set_reminders(*, user: User, on: bool) -> ReminderPreference:
    """Switch the user's reminders on or off."""
    preference, _created = ReminderPreference.objects.get_or_create(user=user)
    preference.reminders_on = on
    preference.save(update_fields=["reminders_on", "updated_at"])
    return preference


@transaction.atomic
def notify(*, user: User, kind: str, subject: str, due_on: datetime.date, title: str,
           link: str = "") -> Notification | None:
    """Send one notification, once: None when it was sent before (by this run or another) or reminders are off."""
    if not reminders_on(user):
        return None
    notification, created = Notification.objects.get_or_create(
        user=user, kind=kind, subject=subject, due_on=due_on, defaults={"title": title[:200], "link": link})
    if not created:
        return None
    if user.email and _email(user, notification):
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return notification


def _email(user: User, notification: Notification) -> bool:
    link = f"{settings.PUBLIC_BASE_URL}{notification.link}" if notification.link else settings.PUBLIC_BASE_URL
    try:
        send_mail(notification.title, f"{notification.title}\n\n{link}\n", None, [user.email])
    except OSError:
        logger.warning("Reminder %s not e-mailed to user %s", notification.pk, user.pk, exc_info=True)
        return False
    return True


@transaction.atomic
def mark_read(*, user: User, pks: list[int] | None = None) -> int:
    """Mark the user's notifications read (these, or all); returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.update(read_at=timezone.now())


def _recipients(role_filter: dict) -> QuerySet[User]:
    return (User.objects.filter(is_active=True, **role_filter)
            .exclude(reminder_preference__reminders_on=False).select_related("village", "group"))


def _end_of_week(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=6 - today.weekday())


def _count_due(user: User, today: datetime.date, kinds: tuple[str, ...], until: datetime.date | None) -> int:
    return sum(1 for code in kinds for item in KINDS[code].items(user, today)
               if until is None or item.due_on is None or item.due_on <= until)


def send_follow_up_reminders(*, today: datetime.date) -> list[Notification]:
    """Each specialist, once a week: the follow-ups due by the end of the week (or overdue)."""
    sent, until = [], _end_of_week(today)
    for user in _recipients({"role": User.Role.SPECIALIST, "village__isnull": False}):
        count = _count_due(user, today, FOLLOW_UP_KINDS, until)
        if count:
            with override(settings.LANGUAGE_CODE):
                title = _("%(count)d follow-ups due this week") % {"count": count}
            sent.append(notify(user=user, kind=Notification.Kind.FOLLOW_UPS_DUE, subject="follow-ups", due_on=until,
                               title=title, link="/todo/"))
    return [notification for notification in sent if notification]


def send_approval_reminders(*, today: datetime.date) -> list[Notification]:
    """The town office, once a week: assessments to review and benefit cycles to approve or pay."""
    sent, until = [], _end_of_week(today)
    for user in _recipients({"role": User.Role.TOWN_OFFICE, "town__isnull": False}):
        count = _count_due(user, today, APPROVAL_KINDS, None)
        if count:
            with override(settings.LANGUAGE_CODE):
                title = _("%(count)d approvals waiting") % {"count": count}
            sent.append(notify(user=user, kind=Notification.Kind.APPROVALS_WAITING, subject="approvals",
                               due_on=until, title=title, link="/todo/"))
    return [notification for notification in sent if notification]


def send_feedback_reminders(*, today: datetime.date) -> list[Notification]:
    """Members, on the 25th: this month's feedback is due; on the 1st: last month's is not yet filed."""
    if today.day not in (1, FEEDBACK_SHOWN_FROM_DAY):
        return []
    kind = Notification.Kind.FEEDBACK_DUE if today.day != 1 else Notification.Kind.FEEDBACK_OVERDUE
    sent = []
    for user in _recipients({"role": User.Role.MEMBER, "group__isnull": False}):
        for item in KINDS["own_feedback"].items(user, today):
            sent.append(notify(user=user, kind=kind, subject=item.url, due_on=item.due_on, title=item.title,
                               link=item.url))
    return [notification for notification in sent if notification]


def send_daily_reminders(*, today: datetime.date) -> list[Notification]:
    return [*send_follow_up_reminders(today=today), *send_approval_reminders(today=today),
            *send_feedback_reminders(today=today)]
