from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent-insensitive search on PostgreSQL. The operation does nothing on other databases."""

    dependencies = [
        ("outreach", "0002_alert_faqcategory_resource_factcheck_faqentry"),
    ]

    operations = [UnaccentExtension()]
