"""The user's own notifications (nobody reads another's)."""

from django.db.models import QuerySet
from django.http import Http404

from reports.models.notifications import Notification, ReminderPreference
from villages.models import User


def notifications_for(user: User) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def notification_for_user(user: User, pk: int) -> Notification:
    try:
        return notifications_for(user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None


def unread_count(user: User) -> int:
    return notifications_for(user).unread().count()


def reminder_preference(user: User) -> bool:
    """Whether the user's reminders are on (the default without a row)."""
    return not ReminderPreference.objects.filter(user=user, reminders_on=False).exists()
