"""One archive (tar.gz) with everything an installation keeps: the database and the stored files.

    manifest.json          what the archive holds: format, database engine, when, each file's SHA-256
    database.dump          PostgreSQL: pg_dump's custom format, restored with pg_restore
    database.sqlite3       SQLite: the file, copied through SQLite's online backup API
    documents/...          the built documents (DOCUMENTS_ROOT)
    media/...              uploaded files (MEDIA_ROOT)

Both ways run outside any transaction; a restore refuses to overwrite a database with records in it unless
told so, and checks every restored file against the manifest.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

FORMAT = 1
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Tables that `migrate` itself fills: a database with rows only in these is empty.
FILLED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "auth.group", "sessions.session"}


class BackupError(Exception):
    pass


def folders() -> dict[str, Path]:
    return {"documents": Path(settings.DOCUMENTS_ROOT), "media": Path(settings.MEDIA_ROOT)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups know PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_environment() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _dump_database(target: Path) -> None:
    if _engine() == "postgresql":
        args, env = _pg_environment()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
              "--file", str(target), settings.DATABASES["default"]["NAME"]], env)
        return
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def load_database(source: Path, *, into: str | None = None, jobs: int = 1) -> None:
    """Load a dump of this installation's engine into the database `into` (default: this installation's own;
    on SQLite a file name), replacing what it holds. On PostgreSQL `jobs` > 1 runs pg_restore's parallel
    jobs, which cannot run in one transaction: a failed load then leaves the database half loaded."""
    if _engine() == "postgresql":
        args, env = _pg_environment()
        if into is None:
            connection.close()  # pg_restore --clean drops tables this process may hold open
        once = ["--single-transaction"] if jobs == 1 else [f"--jobs={jobs}"]
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", *once,
              "--exit-on-error", *args, "--dbname", into or settings.DATABASES["default"]["NAME"], str(source)], env)
        return
    stored = sqlite3.connect(source)
    try:
        if into is None:
            connection.ensure_connection()
            stored.backup(connection.connection)
        else:
            target = sqlite3.connect(into)
            try:
                stored.backup(target)
            finally:
                target.close()
    finally:
        stored.close()


def backup(target: Path) -> dict:
    """Write the archive to `target`; return its manifest."""
    engine = _engine()
    target.parent.mkdir(parents=True, exist_ok=True)
    manifest = {"format": FORMAT, "engine": engine,
                "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"), "files": {}}
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMPS[engine]
        _dump_database(dump)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            for name, folder in folders().items():
                if not folder.is_dir():
                    continue
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    arcname = f"{name}/{path.relative_to(folder).as_posix()}"
                    manifest["files"][arcname] = _sha256(path)
                    archive.add(path, arcname=arcname)
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
        partial.replace(target)  # a half-written archive never carries the final name
    return manifest


def database_is_empty() -> bool:
    for model in apps.get_models():
        if model._meta.label_lower in FILLED_BY_MIGRATE or model._meta.proxy or not model._meta.managed:
            continue
        if model._meta.db_table not in connection.introspection.table_names():
            continue
        if model._base_manager.exists():
            return False
    return True


def restore(source: Path, *, overwrite: bool) -> dict:
    """Put the database and the stored files back as they were in the archive at `source`."""
    engine = _engine()
    if not overwrite and not database_is_empty():
        raise BackupError("The database has records in it; restoring would replace them. Pass --yes to do so.")
    with unpacked(source) as (work, manifest):
        load_database(work / DUMPS[engine])
        put_back_files(work, folders())
    return manifest


@contextmanager
def unpacked(source: Path) -> Iterator[tuple[Path, dict]]:
    """The archive at `source` extracted into a temporary folder (removed at the end), its manifest read and
    every file checked against it: the folder and the manifest."""
    engine = _engine()
    with tempfile.TemporaryDirectory() as work, tarfile.open(source, "r:gz") as archive:
        archive.extractall(work, filter="data")  # refuses absolute paths, "..", links out of the folder
        work = Path(work)
        try:
            manifest = json.loads((work / "manifest.json").read_text())
        except (FileNotFoundError, ValueError):
            raise BackupError("This is not a backup archive (no manifest).") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        if manifest["engine"] != engine:
            raise BackupError(f"The archive holds a {manifest['engine']} database; this installation runs {engine}.")
        for arcname, digest in manifest["files"].items():
            if _sha256(work / arcname) != digest:
                raise BackupError(f"{arcname} in the archive does not match its checksum.")
        yield work, manifest


def put_back_files(work: Path, into: dict[str, Path]) -> None:
    """Replace each folder of `into` (documents, media) with its copy in the unpacked archive `work`."""
    for name, folder in into.items():
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        if (work / name).is_dir():
            shutil.copytree(work / name, folder, dirs_exist_ok=True)
