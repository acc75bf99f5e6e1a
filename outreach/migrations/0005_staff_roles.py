from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

# The roles as they stood when this migration was written. A migration is history: it carries what it needs
# instead of importing the project's code, which changes after it (today's roles live in editorial/roles.py and
# are brought up to date after every migrate).
EDITORS = "Outreach editors"
TRANSLATORS = "Translators"
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
INBOX_MODELS = ["outreach.question"]
SOURCE_PERMISSION = ("outreach", "edit_source_content")


def role_permissions(apps):
    installed = {f"{model._meta.app_label}.{model._meta.model_name}" for model in apps.get_models()}
    editors, translators = [], []
    for label in CONTENT_MODELS + INBOX_MODELS:
        if label not in installed:
            continue
        app_label, model_name = label.split(".")
        editors += [(app_label, f"{action}_{model_name}") for action in ("add", "change", "delete", "view")]
        if label in CONTENT_MODELS:
            translators += [(app_label, f"{action}_{model_name}") for action in ("change", "view")]
    editors += [("admin", "view_logentry"), SOURCE_PERMISSION]
    return {EDITORS: editors, TRANSLATORS: translators}


def create_roles(apps, schema_editor):
    # On a fresh database the permissions do not exist yet: Django makes them after all migrations, and only
    # for app configs that say they have a models module.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions(apps).items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            [
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in wanted
            ]
        )


class Migration(migrations.Migration):
    """The "Outreach editors" and "Translators" groups, so a fresh database has the roles DESIGN.md names."""

    dependencies = [
        ("outreach", "0004_site_permissions"),
        ("events", "0001_initial"),
        ("policies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
