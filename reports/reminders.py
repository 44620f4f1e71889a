"""The reminders' task, run every morning by the scheduler (CELERY_BEAT_SCHEDULE; the workers load this module
through CELERY_IMPORTS). Each reminder is sent once whatever the number of runs: the notification's unique key."""

from celery import shared_task
from django.utils import timezone

from reports.actions.notifications import send_daily_reminders


@shared_task(ignore_result=True)
def send_reminders_task() -> int:
    """The day's reminders: follow-ups and approvals weekly, members' feedback on the 25th and the 1st."""
    return len(send_daily_reminders(today=timezone.localdate()))
