"""Every disclosure board of the demo town's 2025Q4 (41 villages), built and read back from the PDFs: no identity
number, no personal phone, no recipient's full name and no count of people below five. Slow: it loads the demo
town (about a minute and a half) and builds 41 boards."""

import io
import re

import pytest
from django.core.management import call_command

from config.celery import app as celery_app
from demo.town import TOWN_CODE
from incentives.models import Entitlement
from reports.actions.boards import request_all_boards
from reports.models import BoardPublication, Document
from tests import factories
from tests.reports.test_rendering import pdf_text
from villages.models import Town, User
from villages.periods import Period

PERIOD = Period.parse("2025Q4")
IDENTITY_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
SMALL_COUNT = re.compile(r"(?<![\d<.,])[0-4]\s*(人|户)")


@pytest.fixture(scope="module")
def demo_boards(django_db_setup, django_db_blocker):
    # Built in this process, as every test's tasks are (tests/conftest.py), though CI names a broker: a
    # module's fixture is set up before the per-test switch.
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, True
    with django_db_blocker.unblock():
        call_command("load_demo_town", stdout=io.StringIO())
        town = Town.objects.get(code=TOWN_CODE)
        office = factories.make_user(role=User.Role.TOWN_OFFICE, town=town, username="board-office")
        batch = request_all_boards(requested_by=office, period=str(PERIOD), paper_size="A3")
        boards = list(BoardPublication.objects.filter(document__batch=batch).select_related("document", "village"))
        texts = {board.village_id: pdf_text(board.document) for board in boards
                 if board.document.status == Document.Status.DONE}
        celery_app.conf.task_always_eager = eager
        yield town, boards, texts
        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def test_every_village_gets_its_board(demo_boards):
    town, boards, texts = demo_boards
    assert len(boards) == 41
    assert [b.document.error for b in boards if b.document.status != Document.Status.DONE] == []
    assert all("村务公开栏" in text for text in texts.values())


def test_no_identity_number_phone_full_name_or_small_count(demo_boards):
    town, boards, texts = demo_boards
    recipients = {}
    for entitlement in (Entitlement.objects.filter(village__town=town, status__in=["approved", "paid"],
                                                   cycle__starts_on__gte=PERIOD.starts_on,
                                                   cycle__ends_on__lte=PERIOD.ends_on)
                        .select_related("person")):
        if entitlement.person_id and len(entitlement.person.name) >= 2:
            recipients.setdefault(entitlement.village_id, set()).add(entitlement.person.name)
    for village_id, text in texts.items():
        assert not IDENTITY_NUMBER.search(text)
        assert not PHONE.search(text)
        assert not SMALL_COUNT.search(text), SMALL_COUNT.search(text).group(0)
        shown = [name for name in recipients.get(village_id, ()) if name in text]
        assert shown == []
