import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from editorial import pagecache
from outreach import scale
from outreach.models import SiteSettings


class Command(BaseCommand):
    help = (
        "Fill the database with the demo program: site settings, meetings and the rest, in every configured "
        "language. Safe to run again: it updates the demo items instead of adding copies."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the site has already been set up (used by `make run`).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            metavar="N",
            help=(
                "Also add a large synthetic site: N meetings (past and upcoming, some cancelled or untranslated), "
                "N/5 policies and FAQ entries, N/10 resources and fact checks. Not idempotent: run it once."
            ),
        )

    def handle(self, *args, **options):
        if options["if_empty"] and SiteSettings.objects.exists():
            self.stdout.write("The database already has content; demo content not loaded.")
            return
        with transaction.atomic():
            # Each app seeds its own content from its `demo` module. The site core goes last: its FAQ and fact
            # checks link to the other apps' content.
            app_configs = sorted(apps.get_app_configs(), key=lambda config: config.name == "outreach")
            for app_config in app_configs:
                module_name = f"{app_config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                summary = importlib.import_module(module_name).seed()
                self.stdout.write(f"{app_config.verbose_name}: {summary}")
            if options["scale"]:
                facts = scale.build_site(scale.scaled(options["scale"]), progress=self.stdout.write)
                # bulk_create sends no signals: say so to the page cache, as every save does.
                pagecache.content_changed()
                self.stdout.write(f"Scale: {facts.counts}")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
