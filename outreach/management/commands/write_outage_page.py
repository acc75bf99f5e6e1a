from django.core.management.base import BaseCommand

from outreach.outage import write_outage_page


class Command(BaseCommand):
    help = (
        "Write the outage page (outage.html) into STATIC_ROOT again, with the current numbers and commitments. "
        "collectstatic writes it too; run this after changing them if static files are not collected again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", help="where to write it (STATIC_ROOT by default)")

    def handle(self, *args, folder=None, **options):
        path = write_outage_page(folder)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
