from django.core.management.base import BaseCommand

from outreach.backup import export_content


class Command(BaseCommand):
    help = (
        "Write every piece of content (all languages), its history, the staff accounts and the uploaded files into "
        "one zip file, for import_content to restore (README, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="the zip file to write, such as outreach-2026-12-05.zip")

    def handle(self, *args, destination, **options):
        manifest = export_content(destination)
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"Wrote {destination}: {rows} rows, {manifest['files']} files."))
