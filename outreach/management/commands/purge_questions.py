from django.conf import settings
from django.core.management.base import BaseCommand

from outreach.services import purge_expired_questions


class Command(BaseCommand):
    help = (
        "Delete residents' questions past retention: all questions older than QUESTION_RETENTION_DAYS, and those "
        "marked spam older than SPAM_RETENTION_DAYS. Run it daily (see the README for a cron line)."
    )

    def handle(self, *args, **options):
        deleted = purge_expired_questions()
        self.stdout.write(
            f"Deleted {deleted} question(s) (retention {settings.QUESTION_RETENTION_DAYS} days, "
            f"spam {settings.SPAM_RETENTION_DAYS} days)."
        )
