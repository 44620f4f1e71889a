import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from villages import backups


class Command(BaseCommand):
    help = "Write one archive (tar.gz) with the database and the stored documents and uploads."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path,
                            help="the archive to write (default: var/backups/zizhi-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"zizhi-{stamp}.tar.gz"
        try:
            manifest = backups.backup(output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{output}: {manifest['engine']} database and {len(manifest['files'])} files.")
