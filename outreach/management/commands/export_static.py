from django.core.management.base import BaseCommand, CommandError

from outreach.mirror import MirrorError, export, mirror_root


class Command(BaseCommand):
    help = (
        "Write every public page in every language as plain files into STATIC_MIRROR_ROOT (or the folder given), "
        "rewriting only what changed since the last run (README, Static mirror)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the folder to write (default: STATIC_MIRROR_ROOT)")
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="do nothing when the site's content stamp is the one the mirror was made from (for cron)",
        )

    def handle(self, *args, output=None, if_changed=False, **options):
        root = output or mirror_root()
        try:
            result = export(root, if_changed=if_changed)
        except MirrorError as error:
            raise CommandError(f"{root} not brought up to date: {error}") from error
        if result.skipped:
            self.stdout.write(f"{root}: unchanged since the last export.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{root}: {result.files} files, {len(result.written)} written, {len(result.deleted)} deleted."
            )
        )
