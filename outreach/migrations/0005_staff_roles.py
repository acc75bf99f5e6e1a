from django.db import migrations


def create_roles(apps, schema_editor):
    from outreach.roles import sync_roles

    sync_roles(apps)


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
