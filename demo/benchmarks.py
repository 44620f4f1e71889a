"""What the benchmark commands share: the demo town they measure, the users they act as, leaving nothing behind.

A benchmark runs on any database, any number of times. What it writes is either inside a transaction
rolled back at the end (`rolled_back`), or, where the documents are built by a task that runs when the
request commits, removed at the end of the run (`documents_office`).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction

from assessments.models import Assessment
from demo.town import TOWN_CODE
from reports.actions import request_registry_export
from reports.building import build_document
from reports.models import Document, DocumentBatch, DocumentNumber
from reports.storage import document_storage
from villages.models import Town, User

OFFICE = "benchmark-office"


def demo_town(stdout) -> Town:
    """The demo town, loaded first when it is not there (its assessments, built last, are the sign)."""
    town = Town.objects.filter(code=TOWN_CODE).first()
    if town is None or not Assessment.objects.filter(village__town=town).exists():
        call_command("load_demo_town", stdout=stdout)
        town = Town.objects.get(code=TOWN_CODE)
    return town


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a transaction that is rolled back at the end: the database is left as it was."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def acting_user(username: str, role: str, **jurisdiction) -> tuple[User, bool]:
    """The benchmark's own user, made (or set right, if an earlier run left it) now; True when made."""
    fields = {"role": role, "town": None, "village": None, "group": None, "is_active": True, **jurisdiction}
    return User.objects.update_or_create(username=username, defaults=fields)


@contextmanager
def documents_office(town: Town, *, keep: bool = False, username: str = OFFICE) -> Iterator[User]:
    """The town office user who asks for documents; at the end, unless `keep`, the documents, batches, files
    and document numbers it asked for in the block are removed, with their history, and the user too when this
    run made it. Several towns at once need one user each (`username`): a document is built as its asker."""
    last_user_change = _last_pk(User.history)
    user, created = acting_user(username, User.Role.TOWN_OFFICE, town=town)
    last_document, last_batch, last_number = _last_pk(Document), _last_pk(DocumentBatch), _last_pk(DocumentNumber)
    try:
        yield user
    finally:
        if not keep:
            documents = Document.objects.filter(requested_by=user, pk__gt=last_document)
            for document in documents:
                document.file.delete(save=False)
            documents.delete()
            DocumentBatch.objects.filter(requested_by=user, pk__gt=last_batch).delete()
            Document.history.filter(requested_by=user, id__gt=last_document).delete()
            DocumentBatch.history.filter(requested_by=user, id__gt=last_batch).delete()
            DocumentNumber.objects.filter(pk__gt=last_number, documents__isnull=True).delete()
            user_id = user.pk  # gone from the instance once deleted
            if created:
                user.delete()
            User.history.filter(id=user_id, history_id__gt=last_user_change).delete()


@contextmanager
def registry_export(user: User, fmt: str) -> Iterator[Callable[[], Document]]:
    """Ask, as `user`, for the whole registry export they may take; yield the function that builds it as the
    worker does (in this process) and returns the built document. The file is removed at the end; run it inside
    `rolled_back` so that the document's row goes too."""
    document = request_registry_export(requested_by=user, fmt=fmt, filters={})
    stored = []

    def build() -> Document:
        built = build_document(document_id=document.pk)
        if built.file:
            stored.append(built.file.name)
        if built.status != Document.Status.DONE:
            raise RuntimeError(f"the export failed: {built.error}")
        return built
    try:
        yield build
    finally:
        for name in stored:
            document_storage().delete(name)


def _last_pk(rows) -> int:
    """The last primary key of a model (or of a history manager's rows)."""
    manager = getattr(rows, "objects", rows)
    return manager.order_by("-pk").values_list("pk", flat=True).first() or 0
