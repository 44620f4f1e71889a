"""What running a county takes besides its pages: exporting everyone, and backing up and restoring the lot.

Two measurements, each returning rows of (label, value) for a table (the side-by-side benchmark prints them):

- `export_rows`: the registry export of every person in the database (CSV or xlsx), asked for and built as a
  superuser, as the worker builds it, in a fresh Python process, so that the peak resident memory of that
  process is the export's own and not what the caller had used before. Rolled back and its file removed.
- `backup_restore`: a backup of the current database and stored files into a temporary folder, then the
  archive unpacked and loaded into a scratch database made for it (`zizhi_ops_restore_<pid>` on PostgreSQL, a
  temporary file on SQLite), with one and with two pg_restore jobs; every scratch database and file is removed.

Neither writes anything that outlives it. Both read settings at call time.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from villages import backups

EXPORT_LIMIT_MB = 300
SUPERUSER = "benchmark-county-superuser"
RESULT = "county-ops-result:"
JOBS = (1, 2)


def export_rows(stdout, *, fmt: str, database: dict | None = None) -> list[tuple]:
    """Build the export of every person in a child process and measure it there. `database`: the connection
    settings the child uses (default: this process's database; an in-memory SQLite cannot be shared)."""
    job = {"fmt": fmt, "database": database or connection.settings_dict,
           "documents_root": str(settings.DOCUMENTS_ROOT), "media_root": str(settings.MEDIA_ROOT)}
    stdout.write(f"export ({fmt}) of every person, in a child process ...")
    result = _run_child(job)
    peak_mb = result["peak_rss_kb"] / 1024
    return [
        ("format", fmt),
        ("people in the database", f"{result['people']:,}"),
        ("rows in the file", f"{result['rows']:,}"),
        ("seconds", f"{result['seconds']:.1f}"),
        ("rows/s", f"{result['rows'] / max(result['seconds'], 1e-9):,.0f}"),
        ("file MB", f"{result['size'] / 1e6:.1f}"),
        ("child RSS before the export MB", f"{result['start_rss_kb'] / 1024:.0f}"),
        ("child peak RSS MB", f"{peak_mb:.0f}"),
        (f"peak < {EXPORT_LIMIT_MB} MB", "yes" if peak_mb < EXPORT_LIMIT_MB else "NO"),
        ("load average (1 min) after", f"{os.getloadavg()[0]:.2f}"),
    ]


def _run_child(job: dict) -> dict:
    environment = {**os.environ, "ZIZHI_OPS_JOB": json.dumps(job, default=str),
                   "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")}
    code = "from demo.county_ops import export_in_this_process as run; run()"
    finished = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment,
                              capture_output=True, text=True)
    lines = [line for line in finished.stdout.splitlines() if line.startswith(RESULT)]
    if finished.returncode != 0 or not lines:
        raise RuntimeError(f"the export's process failed: {finished.stderr.strip()[-3000:]}")
    return json.loads(lines[-1].removeprefix(RESULT))


def export_in_this_process() -> None:
    """The child's side: set Django up on the parent's database and folders, build, print the result."""
    import django

    job = json.loads(os.environ["ZIZHI_OPS_JOB"])
    settings.DATABASES["default"] = {**settings.DATABASES["default"], **job["database"]}
    settings.DOCUMENTS_ROOT, settings.MEDIA_ROOT = Path(job["documents_root"]), Path(job["media_root"])
    django.setup()
    print(RESULT + json.dumps(_measured_export(job["fmt"])), flush=True)


def _measured_export(fmt: str) -> dict:
    from demo.benchmarks import acting_user, registry_export, rolled_back
    from members.models import Person
    from reports.storage import document_storage
    from villages.models import Town, User

    people = Person.objects.count()
    start_rss = _memory_kb("VmRSS")
    with rolled_back():
        # A superuser sees every person; the document needs a town to be filed under, any will do.
        user, _created = acting_user(SUPERUSER, User.Role.TOWN_OFFICE, town=Town.objects.order_by("pk").first(),
                                     is_superuser=True)
        with registry_export(user, fmt) as build:
            started = time.perf_counter()
            built = build()
            seconds = time.perf_counter() - started
            with document_storage().open(built.file.name) as stored:
                rows = _rows_in(stored, fmt)
            return {"people": people, "rows": rows, "seconds": seconds, "size": built.size,
                    "start_rss_kb": start_rss, "peak_rss_kb": _memory_kb("VmHWM")}


def _memory_kb(field: str) -> int:
    """This process's resident memory now (VmRSS) or at its peak (VmHWM), in kB. Not ru_maxrss: on Linux a child
    started by fork and exec begins with its parent's high-water mark there, so a child of a large process
    would report the parent's peak; VmHWM is the child's own address space's. ru_maxrss where /proc is not."""
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    for line in lines:
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rows_in(stored, fmt: str) -> int:
    """The data rows in the built file (headers not counted: one a sheet), read a block at a time."""
    if fmt == "csv":
        import csv
        import io

        return sum(1 for _row in csv.reader(io.TextIOWrapper(stored, encoding="utf-8-sig", newline=""))) - 1
    with zipfile.ZipFile(stored) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        return sum(_xml_rows(archive, name) - 1 for name in sheets)


def _xml_rows(archive: zipfile.ZipFile, name: str) -> int:
    rows, tail = 0, b""
    with archive.open(name) as sheet:
        for block in iter(lambda: sheet.read(1 << 20), b""):
            rows += (tail + block).count(b"<row ")
            tail = block[-4:]  # a tag cut between two blocks is counted once: 4 bytes cannot hold "<row "
    return rows


def backup_restore(stdout) -> list[tuple]:
    """Time a backup of this installation into a temporary folder, and its restore into scratch databases."""
    rows = [("database", str(connection.settings_dict["NAME"])), ("database size MB", _database_mb())]
    with tempfile.TemporaryDirectory(prefix="zizhi-ops-") as work:
        archive = Path(work) / "backup.tar.gz"
        stdout.write("backup ...")
        started = time.perf_counter()
        manifest = backups.backup(archive)
        rows += [("backup seconds", f"{time.perf_counter() - started:.1f}"),
                 ("archive MB", f"{archive.stat().st_size / 1e6:.1f}"),
                 ("stored files in the archive", f"{len(manifest['files']):,}")]
        stdout.write("restore ...")
        started = time.perf_counter()
        with backups.unpacked(archive) as (unpacked, _manifest):
            rows.append(("unpack and check seconds", f"{time.perf_counter() - started:.1f}"))
            dump = unpacked / backups.DUMPS[manifest["engine"]]
            for jobs in JOBS if connection.vendor == "postgresql" else JOBS[:1]:
                rows.append((f"load seconds ({jobs} job{'s' if jobs > 1 else ''})", f"{_timed_load(dump, jobs):.1f}"))
            started = time.perf_counter()
            backups.put_back_files(unpacked, {name: Path(work) / "files" / name for name in backups.folders()})
            rows.append(("files put back seconds", f"{time.perf_counter() - started:.1f}"))
    rows.append(("load average (1 min) after", f"{os.getloadavg()[0]:.2f}"))
    return rows


def _timed_load(dump: Path, jobs: int) -> float:
    """Seconds to load the dump into a scratch database, made for it and dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix="zizhi-ops-") as work, _scratch_database(Path(work)) as name:
        started = time.perf_counter()
        backups.load_database(dump, into=name, jobs=jobs)
        return time.perf_counter() - started


@contextmanager
def _scratch_database(folder: Path) -> Iterator[str]:
    """A database of its own for a restore: on PostgreSQL `zizhi_ops_restore_<pid>`, made empty and dropped at
    the end however the block ends; on SQLite a file in `folder`."""
    if connection.vendor != "postgresql":
        yield str(folder / "restored.sqlite3")
        return
    name = f"zizhi_ops_restore_{os.getpid()}"
    _execute(f'DROP DATABASE IF EXISTS "{name}"')
    _execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield name
    finally:
        _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:  # outside any transaction: CREATE and DROP DATABASE refuse one
        cursor.execute(sql)


def _database_mb() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return f"{cursor.fetchone()[0] / 1e6:,.0f}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return f"{cursor.fetchone()[0] / 1e6:,.1f}"
