"""
Backups a department can restore: `manage.py export_content backup.zip` writes every piece of content, in every
language, with its history and its uploaded files, into one zip; `manage.py import_content backup.zip` puts it into
a freshly migrated database (README, "Backups").

The zip holds `content.json` (Django's serialized data, with natural keys so users, groups and content types are
matched by name rather than by numbers that differ between databases), `media/...` (every uploaded file, not the
renditions derived from them) and `manifest.json` (when, which migrations, how many rows).
"""

import datetime
import io
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.db.migrations.recorder import MigrationRecorder

from editorial.pagecache import content_changed

from .search import rebuild_index

# What a backup leaves out, and why each is safe to lose:
KEPT_OUT = [
    "contenttypes",  # recreated by migrate; everything else refers to them by natural key (app and model)
    "auth.permission",  # the same
    "sessions",  # staff sign in again after a restore
    "editorial.pagecachestamp",  # the page cache starts afresh
    "editorial.sharedcounter",  # failed sign-ins and question rate limits: short-lived by design
    "outreach.searchentry",  # the search index is rebuilt from the content after an import
    "outreach.searchtext",
]

# Made again on demand from the uploads (imagekit renditions). Files made from the content (preview pictures, flyer
# PDFs) live outside MEDIA_ROOT, in GENERATED_ROOT, which is not backed up.
DERIVED_MEDIA = ("CACHE/",)


class BackupError(Exception):
    pass


def export_content(destination):
    """Write the backup zip to `destination` (a path or a binary file). Returns the manifest."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        exclude=KEPT_OUT,
        natural_foreign=True,
        natural_primary=True,
        format="json",
        indent=1,
        stdout=data,
    )
    content = data.getvalue()
    files = list(uploaded_files())
    counts = {}
    for row in json.loads(content):
        counts[row["model"]] = counts.get(row["model"], 0) + 1
    manifest = {
        "format": 1,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "migrations": latest_migrations(),
        "rows": counts,
        "files": len(files),
    }
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        archive.writestr("content.json", content)
        for name in files:
            with default_storage.open(name, "rb") as file:
                archive.writestr(f"media/{name}", file.read())
    return manifest


def import_content(source, *, force=False):
    """Load the backup zip at `source` into this database and its files into storage. Returns the manifest."""
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != 1:
            raise BackupError("This file is not a backup made by export_content.")
        if not force and has_content():
            # Commands speak to the operator in English, like Django's own.
            raise BackupError(
                "This database already holds content. Restore into a new, migrated database, or pass --force "
                "to load the backup on top of what is there."
            )
        media = [name for name in archive.namelist() if name.startswith("media/") and not name.endswith("/")]
        for member in media:
            name = str(PurePosixPath(member).relative_to("media"))
            # The storage refuses names that would leave the media folder ("../", absolute paths).
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(archive.read(member)))
        content = archive.read("content.json")
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "content.json"
        fixture.write_bytes(content)
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
    rebuild_index()
    content_changed()
    return manifest


def uploaded_files():
    """Every file in media storage but the derived renditions, as storage names."""
    pending = [""]
    while pending:
        folder = pending.pop()
        directories, files = default_storage.listdir(folder)
        for directory in directories:
            path = f"{folder}{directory}/"
            if not path.startswith(DERIVED_MEDIA):
                pending.append(path)
        for file in files:
            yield f"{folder}{file}"


def has_content():
    content_apps = {"events", "policies", "outreach"}
    return any(
        model.objects.exists()
        for model in apps.get_models()
        if model._meta.app_label in content_apps
        and f"{model._meta.app_label}.{model._meta.model_name}" not in KEPT_OUT
        and model._meta.model_name != "sitesettings"  # the one row a migration makes
    )


def latest_migrations():
    applied = MigrationRecorder.Migration.objects.order_by("app", "name").values_list("app", "name")
    latest = {}
    for app, name in applied:
        latest[app] = name
    return latest
