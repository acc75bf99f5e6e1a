from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    default = True
    name = "editorial"
    verbose_name = _("Editorial")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
        from .roles import sync_roles

        # Keep the staff roles' permissions complete as models are added (the data migration made the groups).
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="editorial-sync-roles")


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site's AdminSite (translation queue, work counts) as `admin.site`."""

    default = False  # installed by its full path; "editorial" alone means EditorialConfig
    default_site = "editorial.sites.EditorialAdminSite"
