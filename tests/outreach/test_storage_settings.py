"""
Uploads go to a storage every app server reaches, chosen by the environment alone (outreach/settings.py, README
"Several servers"): a folder at MEDIA_ROOT by default (a shared directory with several servers), an S3-compatible
bucket with MEDIA_STORAGE=s3.
"""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, InMemoryStorage, StorageHandler

SETTINGS_FILE = Path(settings.BASE_DIR) / "outreach" / "settings.py"
STORAGE_VARIABLES = [
    "MEDIA_STORAGE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_LOCATION",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_QUERYSTRING_AUTH",
]


def settings_from(monkeypatch, **variables):
    """outreach/settings.py read afresh, as a server started with these environment variables would read it."""
    for name in STORAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def default_storage_of(server_settings):
    return StorageHandler(server_settings["STORAGES"])["default"]


def test_without_media_storage_uploads_go_to_the_folder_at_media_root(monkeypatch, tmp_path):
    server = settings_from(monkeypatch, MEDIA_ROOT=str(tmp_path))

    assert server["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert server["MEDIA_ROOT"] == tmp_path
    storage = default_storage_of(server)
    assert type(storage) is FileSystemStorage
    # The storage's folder is MEDIA_ROOT, read when the storage is used.
    assert Path(storage.location) == Path(settings.MEDIA_ROOT)


def test_with_media_storage_s3_uploads_go_to_the_bucket_named_in_the_environment(monkeypatch):
    from storages.backends.s3 import S3Storage

    server = settings_from(
        monkeypatch,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="outreach-uploads",
        AWS_S3_ENDPOINT_URL="https://objects.example.org",
        AWS_S3_REGION_NAME="us-south-1",
        AWS_LOCATION="dallas",
        AWS_S3_CUSTOM_DOMAIN="media.outreach.example.org",
    )

    storage = default_storage_of(server)  # made, not connected: no request leaves the machine
    assert type(storage) is S3Storage
    assert storage.bucket_name == "outreach-uploads"
    assert storage.endpoint_url == "https://objects.example.org"
    assert storage.region_name == "us-south-1"
    assert storage.location == "dallas"
    # Pages link uploads at plain, lasting addresses: a signed one would expire inside a cached page.
    assert storage.querystring_auth is False
    assert storage.url("pictures/a.webp") == "https://media.outreach.example.org/dallas/pictures/a.webp"


def test_the_storage_keys_are_not_settings_of_the_site(monkeypatch):
    server = settings_from(monkeypatch, MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="outreach-uploads")

    options = server["STORAGES"]["default"]["OPTIONS"]
    assert not {"access_key", "secret_key", "security_token"} & set(options)
    assert options["endpoint_url"] is None  # Amazon S3 itself when no other store is named


def test_media_storage_s3_without_a_bucket_stops_the_settings(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        settings_from(monkeypatch, MEDIA_STORAGE="s3")


def test_an_unknown_media_storage_stops_the_settings(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE"):
        settings_from(monkeypatch, MEDIA_STORAGE="ftp")


def run_server(code, media_root):
    """One "server": a process of its own, configured by the environment only."""
    environment = {
        **{name: value for name, value in os.environ.items() if name not in STORAGE_VARIABLES},
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "MEDIA_ROOT": str(media_root),
    }
    script = f"import django\ndjango.setup()\nfrom django.core.files.storage import default_storage\n{code}"
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_an_upload_saved_by_one_server_is_read_by_another_sharing_the_media_folder(tmp_path):
    shared = tmp_path / "shared-media"

    name = run_server(
        "from django.core.files.base import ContentFile\n"
        "print(default_storage.save('documents/notice.pdf', ContentFile(b'%PDF-1.7 the notice')))",
        shared,
    )
    read = run_server(f"print(default_storage.open({name!r}).read().decode())", shared)

    assert read == "%PDF-1.7 the notice"
    assert (shared / name).exists()


def test_without_a_secret_key_the_production_web_server_does_not_start():
    environment = {name: value for name, value in os.environ.items() if name != "SECRET_KEY"}
    environment.update({"DEBUG": "false", "DJANGO_SETTINGS_MODULE": "outreach.settings"})
    result = subprocess.run(
        [sys.executable, "-c", "import outreach.wsgi"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_behind_a_transaction_pooler_server_side_cursors_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://outreach:secret@pgbouncer:6432/outreach")
    monkeypatch.setenv("DISABLE_SERVER_SIDE_CURSORS", "true")
    pooled = runpy.run_path(str(SETTINGS_FILE))["DATABASES"]["default"]
    monkeypatch.delenv("DISABLE_SERVER_SIDE_CURSORS")
    direct = runpy.run_path(str(SETTINGS_FILE))["DATABASES"]["default"]

    assert pooled["HOST"] == "pgbouncer"
    assert pooled["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert direct["DISABLE_SERVER_SIDE_CURSORS"] is False


# --- Nothing reads an upload by its file-system path ---------------------------------------------------------------


class PathlessStorage(InMemoryStorage):
    """Files kept in memory, with no file-system path, as in an S3 bucket: anything asking for one fails."""

    def path(self, name):
        # The in-memory storage names its files with paths itself; only callers outside it are refused.
        if not sys._getframe(1).f_globals["__name__"].startswith("django.core.files.storage"):
            raise NotImplementedError("an upload was asked for its file-system path")
        return super().path(name)


@pytest.fixture
def storage_without_paths(settings):
    backend = f"{__name__}.{PathlessStorage.__name__}"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}
    from django.core.files.storage import default_storage

    return default_storage


@pytest.mark.django_db
def test_uploads_and_their_renditions_need_no_file_system_path(storage_without_paths, client, site_settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import EventFactory, PolicyFactory, SuperuserFactory
    from tests.helpers import admin_path, form_data, image_upload, pdf_document

    with pytest.raises(NotImplementedError):
        storage_without_paths.path("anything")
    event = EventFactory(image=image_upload("church-hall.jpg"), image_alt_en="The hall", image_alt_es="El salón")
    policy = PolicyFactory()
    client.force_login(SuperuserFactory())
    change = admin_path(f"policies/policy/{policy.pk}/change/")
    data = {**form_data(client.get(change)), "change_note": "New PDF."}
    pdf = SimpleUploadedFile("policy.pdf", pdf_document(), content_type="application/pdf")
    assert client.post(change, {**data, "document_en": pdf}).status_code == 302
    policy.refresh_from_db()
    client.logout()

    assert storage_without_paths.exists(event.image.name)
    assert storage_without_paths.exists(policy.document_en.name)
    for language, events, policies in [("en", "events", "policies"), ("es", "eventos", "politicas")]:
        meeting = client.get(f"/{language}/{events}/{event.slug}/")
        assert meeting.status_code == 200
        renditions = re.findall(r"/media/(CACHE/images/\w+\.webp)", meeting.content.decode())
        assert renditions and all(storage_without_paths.exists(name) for name in renditions)
        page = client.get(f"/{language}/{policies}/{policy.slug}/")
        assert page.status_code == 200
        assert f"/media/{policy.document_en.name}" in page.content.decode()
