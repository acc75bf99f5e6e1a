from django.db import migrations

CODENAME = "edit_source_content"


def move_permission(apps, schema_editor):
    """
    Hand the site-wide editing permission from the site settings to the editorial building blocks, keeping every
    group and user that holds it. The permission row itself moves, so nothing is granted or lost on the way.
    """
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    old = permission_model.objects.filter(content_type__app_label="outreach", codename=CODENAME).first()
    if old is None:
        return  # a fresh database: Django creates the new one after migrating
    content_type, _created = content_type_model.objects.get_or_create(app_label="editorial", model="contentpermission")
    new = permission_model.objects.filter(content_type=content_type, codename=CODENAME).first()
    if new is None:
        old.content_type = content_type
        old.save(update_fields=["content_type"])
        return
    # Both exist (the roles migration created the new one while migrating a fresh database): merge into the new.
    for group in old.group_set.all():
        group.permissions.add(new)
    for user in old.user_set.all():
        user.user_permissions.add(new)
    old.delete()


def move_permission_back(apps, schema_editor):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _created = content_type_model.objects.get_or_create(app_label="outreach", model="sitesettings")
    permission_model.objects.filter(content_type__app_label="editorial", codename=CODENAME).update(
        content_type=content_type
    )


class Migration(migrations.Migration):
    """The editing permission belongs to the editorial layer, which every content app builds on (issue 8)."""

    dependencies = [
        ("outreach", "0006_questions_and_privacy_notice"),
        ("editorial", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="sitesettings",
            options={"verbose_name": "site settings", "verbose_name_plural": "site settings"},
        ),
        migrations.RunPython(move_permission, move_permission_back),
    ]
