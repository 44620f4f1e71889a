from django.core.management.base import BaseCommand

from reports.actions import requeue_stale_documents


class Command(BaseCommand):
    help = ("Send again to the workers the documents left queued for more than a few minutes (for example "
            "because the queue could not be reached). Safe to run from cron every few minutes, also beside "
            "the scheduler: each document is sent once per sweep.")

    def handle(self, *args, **options):
        sent = requeue_stale_documents()
        self.stdout.write(f"{len(sent)} documents queued again.")
