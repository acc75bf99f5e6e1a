"""
The staff roles. A data migration creates the groups (so a fresh database has them); after every `migrate` they
are brought up to date from the models that exist, so a content model added later is covered without a list to
edit or another migration.

- Content models (every `TranslatedContent`): editors may add, change, delete and view them; translators may
  change (their languages only, enforced by the admin) and view them.
- Editor-only models (marked with `@editors_only`, such as residents' questions): editors only.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_noop

EDITORS = gettext_noop("Outreach editors")
TRANSLATORS = gettext_noop("Translators")
SOURCE_PERMISSION = "editorial.edit_source_content"

_editor_only_models = set()


def editors_only(model):
    """Class decorator: staff work on this model, but only editors (never translators) may see it."""
    _editor_only_models.add(model._meta.label_lower)
    return model


def content_models():
    from .models import TranslatedContent

    return [model for model in global_apps.get_models() if issubclass(model, TranslatedContent)]


def editor_only_models():
    return [model for model in global_apps.get_models() if model._meta.label_lower in _editor_only_models]


def role_permissions():
    """{group name: [(app_label, codename), ...]}."""
    editors, translators = [], []
    for model in content_models() + editor_only_models():
        opts = model._meta
        editors += [(opts.app_label, f"{action}_{opts.model_name}") for action in ("add", "change", "delete", "view")]
        if model in content_models():
            translators += [(opts.app_label, f"{action}_{opts.model_name}") for action in ("change", "view")]
    editors += [("admin", "view_logentry"), tuple(SOURCE_PERMISSION.split("."))]
    return {EDITORS: editors, TRANSLATORS: translators}


def sync_roles(using=DEFAULT_DB_ALIAS, **kwargs):
    """Create the groups and give each exactly its permissions. Safe to run any number of times.

    Connected to `post_migrate`, which Django sends app by app: the permissions of apps that come later may not
    exist yet, so they are created here first (Django's own idempotent functions).
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in global_apps.get_app_configs():
        if app_config.models_module:
            create_contenttypes(app_config, verbosity=0, using=using)
            create_permissions(app_config, verbosity=0, using=using)
    for name, wanted in role_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = [
            Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)
