from celery import shared_task

from reports.building import TRANSIENT_ERRORS, DocumentBusy, build_document


@shared_task(bind=True, max_retries=5, acks_late=True, reject_on_worker_lost=True)
def build_document_task(self, document_id: int) -> None:
    """Build one document. Retries only on transient errors: the database, or another live worker
    still holding the document's build lock (a worker that was just killed releases it in a moment)."""
    try:
        build_document(document_id=document_id)
    except DocumentBusy as busy:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=busy, countdown=3) from busy
        # Someone is still building it; that build finishes the document.
    except TRANSIENT_ERRORS as error:
        raise self.retry(exc=error, countdown=min(60, 2 ** (self.request.retries + 1))) from error
