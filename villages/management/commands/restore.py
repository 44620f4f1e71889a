from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from villages import backups


class Command(BaseCommand):
    help = "Restore the database and the stored files from an archive written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="replace a database that has records in it")

    def handle(self, *args, archive, yes=False, **options):
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        try:
            manifest = backups.restore(archive, overwrite=yes)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the {manifest['engine']} database of {manifest['created']} "
                          f"and {len(manifest['files'])} files.")
