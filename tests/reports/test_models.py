import pytest
from django.db import IntegrityError, transaction

from reports.models import CODE_ALPHABET, Document, new_verification_code, normalize_verification_code
from tests.factories.reports import make_document


def test_verification_code_is_twelve_characters_easy_to_type():
    code = new_verification_code()

    assert len(code) == 12
    assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)


def test_typed_code_is_normalized():
    assert normalize_verification_code(" abcd-efgh jkmn ") == "ABCDEFGHJKMN"


def test_database_refuses_done_document_without_hash(town_office):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(requested_by=town_office, status=Document.Status.DONE, progress=100)


def test_database_refuses_progress_above_one_hundred(town_office):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(requested_by=town_office, progress=101)


def test_database_refuses_unknown_status(town_office):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(requested_by=town_office, status="lost")


def test_database_refuses_failure_without_reason(town_office):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(requested_by=town_office, status=Document.Status.FAILED)


def test_display_code_is_grouped_by_four(town_office):
    document = make_document(requested_by=town_office, verification_code="ABCDEFGHJKMN")

    assert document.display_code == "ABCD-EFGH-JKMN"
