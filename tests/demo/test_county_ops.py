"""The county's operations measured (demo.county_ops): the export of everyone in a child process, and a backup
restored into a scratch database. Both report their figures and leave every table, file and database as they
found them.

Transactional tests: the export's child process and the backup read what is committed. On SQLite the test
database lives in memory, which no other process can open, so the export's child reads a file copy of it.
"""

import io
import sqlite3
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from demo.county_ops import backup_restore, export_rows
from members.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def _database_the_child_reads(tmp_path, row_counts) -> tuple[dict | None, callable]:
    """The connection settings the export's child uses, and how to count the rows of every table there."""
    if connection.vendor != "sqlite":
        return None, row_counts
    copy = tmp_path / "copy.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)

    def counts() -> dict[str, int]:
        with sqlite3.connect(copy) as opened:
            tables = [name for (name,) in opened.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {table: opened.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
    return {**connection.settings_dict, "NAME": str(copy)}, counts


def _figures(rows) -> dict[str, str]:
    return dict(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_of_everyone_counts_every_person_and_leaves_nothing_behind(tmp_path, fmt, small_town, row_counts,
                                                                         stored_files):
    people = Person.objects.count()
    database, counts = _database_the_child_reads(tmp_path, row_counts)
    before = counts()

    figures = _figures(export_rows(io.StringIO(), fmt=fmt, database=database))

    assert figures["people in the database"] == figures["rows in the file"] == str(people)
    assert int(figures["child peak RSS MB"]) > 0 and figures["peak < 300 MB"] == "yes"
    assert counts() == before
    assert stored_files() == []


def test_the_exports_peak_memory_is_its_own_process_and_not_its_callers(tmp_path, small_town, row_counts):
    database, _counts = _database_the_child_reads(tmp_path, row_counts)
    ballast = b"x" * (400 << 20)  # the caller holds 400 MB; a child started by fork and exec inherits ru_maxrss

    figures = _figures(export_rows(io.StringIO(), fmt="csv", database=database))

    assert len(ballast) and int(figures["child peak RSS MB"]) < 300


def test_backup_restore_times_each_step_and_leaves_nothing_behind(small_town, row_counts, stored_files):
    document = settings.DOCUMENTS_ROOT / "2025" / "board.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.7 a built document\n")
    before, scratch = row_counts(), set(Path(tempfile.gettempdir()).glob("zizhi-ops-*"))

    figures = _figures(backup_restore(io.StringIO()))

    assert {"backup seconds", "archive MB", "unpack and check seconds", "load seconds (1 job)",
            "files put back seconds"} <= set(figures)
    assert figures["stored files in the archive"] == "1"
    assert row_counts() == before
    assert set(Path(tempfile.gettempdir()).glob("zizhi-ops-*")) == scratch
    assert stored_files() == [document]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'zizhi_ops_restore_%%'")
            assert cursor.fetchone()[0] == 0
