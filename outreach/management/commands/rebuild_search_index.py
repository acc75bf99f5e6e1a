from django.core.management.base import BaseCommand

from outreach.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the content, in every language. Saves keep it current; run this after "
        "loading data with loaddata or writing content outside Django."
    )

    def handle(self, *args, **options):
        written = rebuild_index(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {written} entries."))
