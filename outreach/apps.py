from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach program")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
        from .roles import sync_roles
        from .search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="outreach-sqlite-fold")
        # Keep the staff roles' permissions complete as models are added (the data migration made the groups).
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="outreach-sync-roles")
