from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
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

        # The page cache must forget a page whenever anything it shows changes, however it changed: the admin's
        # forms and actions, history reverts, management commands and plain code all end in these signals, which
        # a hook in the admin or in one app would not. Connected for every model and filtered in the handler,
        # so content models added later (and their django-simple-history versions) are covered without a list.
        from . import helpful, login, pagecache

        user_logged_in.connect(login.remember_login_time, dispatch_uid="editorial-login-time")

        post_save.connect(pagecache.on_content_saved, dispatch_uid="editorial-pagecache-save")
        post_delete.connect(pagecache.on_content_saved, dispatch_uid="editorial-pagecache-delete")
        m2m_changed.connect(pagecache.on_content_related, dispatch_uid="editorial-pagecache-m2m")
        post_delete.connect(helpful.forget_counts, dispatch_uid="editorial-helpful-forget")


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site's AdminSite (translation queue, work counts) as `admin.site`."""

    default = False  # installed by its full path; "editorial" alone means EditorialConfig
    default_site = "editorial.sites.EditorialAdminSite"
