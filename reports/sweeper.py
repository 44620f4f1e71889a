"""The sweeper's task: send again the documents left queued (scheduled in CELERY_BEAT_SCHEDULE, imported by the
workers through CELERY_IMPORTS). Apart from reports.tasks because it calls the actions, which queue that module's
builds."""

from celery import shared_task

from reports.actions import requeue_stale_documents


@shared_task(ignore_result=True)
def requeue_documents_task() -> int:
    return len(requeue_stale_documents())
