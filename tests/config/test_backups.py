"""`backup` and `restore`: one archive with the database and the stored files; backed up, wiped and restored,
the catalogue gives the same figures and the stored files the same SHA-256. On SQLite here; on PostgreSQL
too when DATABASE_URL points there (pg_dump and pg_restore).

Transactional tests: the archive copies what is committed.
"""

import hashlib
import io
import tarfile

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories.small_town import build_small_town
from villages import catalogue
from villages.models import Town
from villages.periods import Period

YEAR = Period.parse("2025")
FILES = {"documents/2025/status-sheet.pdf": b"%PDF-1.7 a built document\n",
         "documents/2025/q4/report.pdf": b"%PDF-1.7 a quarterly report\n" * 500,
         "media/regulations/大旗村.pdf": b"%PDF-1.7 an upload\n"}


def _stored() -> dict[str, str]:
    found = {}
    for name, folder in {"documents": settings.DOCUMENTS_ROOT, "media": settings.MEDIA_ROOT}.items():
        for path in folder.rglob("*"):
            if path.is_file():
                found[f"{name}/{path.relative_to(folder).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _figures(town_code: str) -> dict:
    return catalogue.values(Town.objects.get(code=town_code).pk, YEAR).data


def _back_up_wipe_and_restore(tmp_path):
    town = build_small_town()
    for name, content in FILES.items():
        root = settings.DOCUMENTS_ROOT if name.startswith("documents/") else settings.MEDIA_ROOT
        path = root / name.split("/", 1)[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    figures, files = _figures(town.code), _stored()
    assert figures.get(("villages.villages", "town", town.pk, "")) == 2
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    for root in (settings.DOCUMENTS_ROOT, settings.MEDIA_ROOT):
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    assert not Town.objects.exists() and _stored() == {}

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    ContentType.objects.clear_cache()

    assert "3 files" in out.getvalue()
    assert _figures(town.code) == figures
    assert _stored() == files
    with tarfile.open(archive) as opened:
        assert {"manifest.json", *FILES} <= set(opened.getnames())


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup")
def test_sqlite_backup_wipe_restore_gives_the_same_figures_and_files(tmp_path):
    _back_up_wipe_and_restore(tmp_path)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL")
def test_postgresql_backup_wipe_restore_gives_the_same_figures_and_files(tmp_path):
    _back_up_wipe_and_restore(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_that_is_not_a_backup_or_was_tampered_with(tmp_path):
    stray = tmp_path / "stray.tar.gz"
    with tarfile.open(stray, "w:gz") as archive:
        archive.add(__file__, arcname="notes.py")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(stray), stdout=io.StringIO())

    with pytest.raises(CommandError, match="No archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stdout=io.StringIO())
