from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

HELP_TEXT = (
    "The page's web address, the same in every language. Leave it empty to make one from the text; do not change it "
    "once shared."
)

# {model: the translated field its slug is made from}, as the models said when this migration was written.
SOURCES = {"faqentry": "question", "resource": "name", "factcheck": "claim"}
BASE_LENGTH = 80


def slug_text(row, field):
    """The source-language text, else the first translation there is (a copy of the rule at the time)."""
    codes = [settings.LANGUAGE_CODE, *(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)]
    for code in codes:
        text = getattr(row, f"{field}_{code.replace('-', '_')}", "")
        if text:
            return text
    return ""


def fill_slugs(apps, schema_editor):
    """Give every existing FAQ entry, resource and fact check its slug, numbered when two read the same."""
    for model_name, field in SOURCES.items():
        model = apps.get_model("outreach", model_name)
        rows = list(model.objects.order_by("pk"))
        taken = {row.slug for row in rows if row.slug}
        for row in rows:
            if row.slug:
                continue
            base = slugify(slug_text(row, field)) or model_name
            if len(base) > BASE_LENGTH:
                base = base[:BASE_LENGTH].rsplit("-", 1)[0]
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            row.slug = slug
            taken.add(slug)
        model.objects.bulk_update(rows, ["slug"], batch_size=500)


def slug_field(**options):
    return models.SlugField(blank=True, help_text=HELP_TEXT, max_length=120, verbose_name="slug", **options)


class Migration(migrations.Migration):
    """FAQ entries, resources and fact checks get pages of their own, addressed by a slug (issue 9)."""

    dependencies = [
        ("outreach", "0008_search_index"),
    ]

    operations = [
        # Added empty and not unique, filled, then made unique: existing rows need their slugs first.
        *(
            migrations.AddField(model_name=name, name="slug", field=slug_field(default="", db_index=False))
            for name in SOURCES
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        *(migrations.AlterField(model_name=name, name="slug", field=slug_field(unique=True)) for name in SOURCES),
    ]
