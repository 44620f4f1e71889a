"""Builders for documents and the rows a status sheet prints."""

import datetime
from decimal import Decimal

import pytest
from django.db import OperationalError
from django.test import TestCase

from reports import building
from reports.actions import request_document
from reports.models import Document
from villages.models import Appointment, Designation, Position


def make_team(*, village, secretary="王喆", specialist="李玥", director="张龑") -> None:
    """A party secretary, a committee director and a specialist, each currently in office."""
    for kind, name, amount in ((Position.Kind.PARTY_SECRETARY, secretary, "1800"),
                               (Position.Kind.COMMITTEE_DIRECTOR, director, "1500"),
                               (Position.Kind.SPECIALIST, specialist, "1200")):
        position = Position.objects.create(village=village, kind=kind)
        Appointment.objects.create(position=position, holder_name=name, started_on=datetime.date(2024, 1, 5),
                                   pay_kind=Appointment.PayKind.WAGE, monthly_amount=Decimal(amount))


def make_designation(*, village, year=2025, kind=Designation.Kind.LAGGING, plan="整顿班子，如实上报计生信息。"):
    return Designation.objects.create(village=village, year=year, kind=kind, decided_on=datetime.date(year, 12, 28),
                                      reason="班子软弱。", rectification_plan=plan)


def build_requested(*, kind=Document.Kind.STATUS_SHEET, requested_by, village=None, period="2025") -> Document:
    """Ask for a document and let the queued build run, as it does when the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = request_document(kind=kind, requested_by=requested_by, village=village, period=period)
    document.refresh_from_db()
    return document


def make_document(*, requested_by, village=None, town=None, status=Document.Status.QUEUED,
                  kind=Document.Kind.STATUS_SHEET, period="2025", **fields) -> Document:
    """A document row without building it."""
    town = town or (village.town if village else requested_by.town)
    return Document.objects.create(kind=kind, title=f"{(village or town).name}村民自治情况表",
                                   town=town, village=village, period=period, requested_by=requested_by,
                                   status=status, **fields)


def build_after_a_lost_connection(document: Document, monkeypatch) -> Document:
    """Build the document once with the database connection lost mid-render, then again as the retry does."""
    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(building, "html_to_pdf", database_gone)
    with pytest.raises(OperationalError):
        building.build_document(document_id=document.pk)
    monkeypatch.undo()
    return building.build_document(document_id=document.pk)
