import logging

from celery import shared_task
from celery.signals import worker_process_init
from django.core.cache import cache

from reports.building import TRANSIENT_ERRORS, DocumentBusy, build_document, warm_up_builder

logger = logging.getLogger(__name__)

WORKERS_ALIVE_KEY = "reports:workers-alive"
WORKERS_ALIVE_SECONDS = 30
PING_TIMEOUT = 1.0


@shared_task(bind=True, max_retries=5, acks_late=True, reject_on_worker_lost=True)
def build_document_task(self, document_id: int) -> None:
    """Build one document. Retries only on transient errors: the database, or another live worker
    still holding the document's build lock (a worker that was just killed releases it in a moment).
    A document already built (a message sent again by the sweeper) is left alone."""
    try:
        build_document(document_id=document_id)
    except DocumentBusy as busy:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=busy, countdown=3) from busy
        # Someone is still building it; that build finishes the document.
    except TRANSIENT_ERRORS as error:
        raise self.retry(exc=error, countdown=min(60, 2 ** (self.request.retries + 1))) from error


def workers_alive() -> bool:
    """Whether a worker answered a ping lately (asked at most every 30 s). Always so when tasks run in
    process (no broker configured)."""
    if build_document_task.app.conf.task_always_eager:
        return True
    alive = cache.get(WORKERS_ALIVE_KEY)
    if alive is None:
        try:
            alive = bool(build_document_task.app.control.ping(timeout=PING_TIMEOUT))
        except Exception:  # an unreachable broker: no worker can be reached either
            alive = False
        cache.set(WORKERS_ALIVE_KEY, alive, WORKERS_ALIVE_SECONDS)
    return alive


@shared_task(acks_late=True)
def compute_town_totals_task(town_id: int, period: str, codes: list[str]) -> None:
    """An open period's totals of one town for the county overview, into the shared cache (a second or two a town
    of the demo town's size: the county page shows the town as being computed meanwhile)."""
    from reports.queries.county import compute_town_totals
    from villages.periods import Period

    compute_town_totals(town_id, Period.parse(period), codes)


def town_totals_asker():
    """How the county overview asks for an open town's totals: of a worker, when there is one and it shares the
    cache (CACHE_URL); None (the page computes them itself) otherwise."""
    from django.conf import settings

    shared = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    if not shared or compute_town_totals_task.app.conf.task_always_eager or not workers_alive():
        return None
    return compute_town_totals_task.delay


@worker_process_init.connect
def warm_up_worker(**_kwargs) -> None:
    """Each worker process loads the fonts, the stylesheet, URL patterns and templates once when it starts, rather
    than in its first document's build time. A failure here is logged; the first document then loads them."""
    try:
        warm_up_builder()
    except Exception:
        logger.exception("The document renderer could not be warmed up")
