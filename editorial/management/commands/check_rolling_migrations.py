from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.loader import MigrationLoader

from editorial import rolling


class Command(BaseCommand):
    help = (
        "Fail when a migration added since the previous release (deploy/previous-release, or --since) would break "
        "that release's code while both run during a rolling deploy: a dropped or renamed column or table it uses, "
        "a column made NOT NULL or shorter, a NOT NULL column added without db_default."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="The previous release's commit (default: deploy/previous-release).")

    def handle(self, *args, since=None, **options):
        root = Path(settings.BASE_DIR)
        try:
            revision = since or rolling.release_revision(root)
            previous = rolling.previous_release(revision, root)
        except (OSError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        loader = MigrationLoader(None, ignore_no_migrations=True)
        added = rolling.new_migrations(loader, previous)
        problems, marked = rolling.check(added, previous)
        for name, reason in marked:
            self.stdout.write(f"{name}: marked safe: {reason}")
        if problems:
            listed = "\n".join(f"  {problem}" for problem in problems)
            raise CommandError(
                f"{len(problems)} migration operation(s) since {revision[:12]} would break the previous release "
                f"while it still serves:\n{listed}\n"
                "Expand now and contract a release later; a contract step says why it is safe with "
                f'{rolling.SAFE_MARKER} = "..." in its module (README, "Rolling deploys").'
            )
        self.stdout.write(f"{len(added)} migration(s) since {revision[:12]}: safe for a rolling deploy.")
