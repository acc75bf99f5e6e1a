"""
The staff roles. Groups and their permissions are created by a data migration (so a fresh database has them)
and brought up to date after every `migrate`, so a model added later is covered without another migration.
"""

from django.utils.translation import gettext_noop

EDITORS = gettext_noop("Outreach editors")
TRANSLATORS = gettext_noop("Translators")

# Every model staff work on, as app_label.model_name.
CONTENT_MODELS = [
    "outreach.sitesettings",
    "outreach.faqcategory",
    "outreach.faqentry",
    "outreach.resource",
    "outreach.alert",
    "outreach.factcheck",
    "events.venue",
    "events.event",
    "policies.policytopic",
    "policies.policy",
]
# Residents' questions: editors answer them; translators do not see them.
INBOX_MODELS = ["outreach.question"]
SOURCE_PERMISSION = "outreach.edit_source_content"


def role_permissions(apps):
    """{group name: [(app_label, codename), ...]} for the models that exist in `apps`."""
    installed = {f"{model._meta.app_label}.{model._meta.model_name}" for model in apps.get_models()}
    editors, translators = [], []
    for label in CONTENT_MODELS + INBOX_MODELS:
        if label not in installed:
            continue
        app_label, model_name = label.split(".")
        editors += [(app_label, f"{action}_{model_name}") for action in ("add", "change", "delete", "view")]
        if label in CONTENT_MODELS:
            translators += [(app_label, f"{action}_{model_name}") for action in ("change", "view")]
    editors += [("admin", "view_logentry"), tuple(SOURCE_PERMISSION.split("."))]
    return {EDITORS: editors, TRANSLATORS: translators}


def sync_roles(apps=None, **kwargs):
    """Create the groups and set exactly their permissions. Safe to run any number of times."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    apps = apps or global_apps
    for app_config in apps.get_app_configs():
        if apps is not global_apps:
            # A migration's historical registry: on a fresh database the permissions do not exist yet, and
            # Django only creates them for app configs that say they have a models module.
            app_config.models_module = True
        if app_config.models_module:
            create_contenttypes(app_config, verbosity=0, apps=apps)
            create_permissions(app_config, verbosity=0, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions(apps).items():
        group, _created = group_model.objects.get_or_create(name=name)
        permissions = [
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)
