from django.core.management.base import BaseCommand, CommandError

from outreach.backup import BackupError, import_content


class Command(BaseCommand):
    help = (
        "Restore a zip written by export_content into this (freshly migrated) database and its media storage, then "
        "rebuild the search index (README, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="the zip file export_content wrote")
        parser.add_argument("--force", action="store_true", help="load even though the database already holds content")

    def handle(self, *args, source, force, **options):
        try:
            manifest = import_content(source, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {rows} rows and {manifest['files']} files from {manifest['created']}.")
        )
