"""What staff may upload, what is stored, and what is left when a save does not happen (editorial/uploads.py)."""

import errno
import io
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from events.models import Event
from policies.models import Policy
from tests.factories import EventFactory, PolicyFactory, SuperuserFactory
from tests.helpers import admin_path, form_data, html, image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_client(client, site_settings):
    client.force_login(SuperuserFactory())
    return client


def stored_files(media_root):
    """The uploads in the media folder (not the renditions imagekit derives from them, under CACHE/)."""
    paths = (path.relative_to(media_root).as_posix() for path in media_root.rglob("*") if path.is_file())
    return sorted(path for path in paths if not path.startswith("CACHE/"))


def event_post(client, event, language="en", **files):
    url = admin_path(f"events/event/{event.pk}/change/")
    with translation.override(language):
        data = form_data(client.get(url))
        data.update(image_alt_en="The hall", image_alt_es="El salón")
        return client.post(url, {**data, **files}, HTTP_ACCEPT_LANGUAGE=language)


def image_errors(response):
    return " ".join(error.get_text(" ", strip=True) for error in html(response).select(".field-image .errorlist"))


def png_claiming(width, height):
    """A small PNG file whose header claims `width` × `height` pixels: a decompression bomb's calling card."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (32.0, 46.0, 0.0)
    gps[3], gps[4] = "W", (96.0, 48.0, 0.0)
    return exif


def pdf_bytes(change=None):
    document = pikepdf.new()
    document.add_blank_page()
    if change:
        change(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_upload(content, name="policy.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Pictures -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_jpeg_png_or_webp_picture_is_stored_under_a_generated_name(editor_client, media_root, image_format):
    event = EventFactory()
    upload = image_upload(name="Maria Lopez at home.jpg", size=(640, 400), image_format=image_format)
    assert event_post(editor_client, event, image=upload).status_code == 302
    event.refresh_from_db()
    extension = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[image_format]
    assert event.image.name.startswith("events/") and event.image.name.endswith(extension)
    assert "Maria" not in event.image.name
    assert stored_files(media_root) == [event.image.name]
    with Image.open(event.image.path) as stored:
        assert stored.format == image_format


def test_what_the_camera_recorded_is_not_stored(editor_client):
    event = EventFactory()
    upload = image_upload(size=(640, 400), exif=gps_exif().tobytes())
    with Image.open(upload) as sent:
        assert sent.getexif().get_ifd(0x8825), "the test picture carries a GPS position"
    upload.seek(0)
    assert event_post(editor_client, event, image=upload).status_code == 302
    event.refresh_from_db()
    with Image.open(event.image.path) as stored:
        assert not stored.getexif()
    with open(event.image.path, "rb") as stored:
        assert b"Phone maker" not in stored.read()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        ("moving.gif", None, "image/gif"),
        ("page.jpg", b"<html><body>not a picture</body></html>", "image/jpeg"),
        ("policy.pdf", b"%PDF-1.4 not a picture", "application/pdf"),
    ],
)
@pytest.mark.parametrize(("language", "message"), [("en", "JPEG, PNG or WebP"), ("es", "JPEG, PNG o WebP")])
def test_anything_but_a_jpeg_png_or_webp_picture_is_refused_beside_the_field(
    editor_client, media_root, name, content, content_type, language, message
):
    if content is None:
        content = image_upload(image_format="GIF", mode="P", size=(40, 40)).read()
    event = EventFactory()
    response = event_post(editor_client, event, language, image=SimpleUploadedFile(name, content, content_type))
    assert response.status_code == 200
    assert message in image_errors(response)
    event.refresh_from_db()
    assert not event.image
    assert stored_files(media_root) == []


def test_a_decompression_bomb_is_a_message_not_a_server_error(editor_client, media_root):
    event = EventFactory()
    bomb = SimpleUploadedFile("bomb.png", png_claiming(50_000, 50_000), content_type="image/png")
    response = event_post(editor_client, event, image=bomb)
    assert response.status_code == 200
    assert "megapixels" in image_errors(response) or "too large" in image_errors(response)
    assert stored_files(media_root) == []


def test_a_picture_over_the_pixel_limit_is_refused(editor_client, settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100
    response = event_post(editor_client, EventFactory(), image=image_upload(size=(200, 200), image_format="PNG"))
    assert "200 × 200 pixels" in image_errors(response)


@pytest.mark.parametrize(("language", "message"), [("en", "the largest allowed is"), ("es", "el máximo permitido")])
def test_a_picture_over_the_size_limit_is_refused_in_each_language(editor_client, settings, language, message):
    settings.MAX_IMAGE_BYTES = 1000
    response = event_post(editor_client, EventFactory(), language, image=image_upload(size=(640, 400)))
    assert message in image_errors(response)


@pytest.mark.parametrize(("language", "message"), [("en", "Describe the image"), ("es", "Describa la imagen")])
def test_a_picture_without_a_description_is_told_beside_the_description_in_each_language(
    editor_client, media_root, language, message
):
    event = EventFactory()
    url = admin_path(f"events/event/{event.pk}/change/")
    data = form_data(editor_client.get(url))
    data.update(image_alt_en="", image_alt_es="")
    response = editor_client.post(url, {**data, "image": image_upload()}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    errors = html(response).select(".field-image_alt_en .errorlist")
    assert errors and message in errors[0].get_text()
    assert stored_files(media_root) == [], "the picture written while checking the form is taken back"


# --- Documents ----------------------------------------------------------------------------------------------------


def policy_post(client, policy, language="en", **files):
    url = admin_path(f"policies/policy/{policy.pk}/change/")
    data = form_data(client.get(url))
    data["change_note"] = "New PDF."  # the policy is published: a change says why
    return client.post(url, {**data, **files}, HTTP_ACCEPT_LANGUAGE=language)


def document_errors(response):
    return " ".join(error.get_text(" ", strip=True) for error in html(response).select(".field-document_en .errorlist"))


def test_a_plain_pdf_is_stored_under_a_generated_name(editor_client, media_root):
    policy = PolicyFactory()
    response = policy_post(editor_client, policy, document_en=pdf_upload(pdf_bytes(), "Chief Garcia draft v2.pdf"))
    assert response.status_code == 302, document_errors(response)
    policy.refresh_from_db()
    assert policy.document_en.name.startswith("policies/") and policy.document_en.name.endswith(".pdf")
    assert "Garcia" not in policy.document_en.name
    assert stored_files(media_root) == [policy.document_en.name]


def add_javascript(document):
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    document.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["x", action])))


def add_open_action(document):
    document.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://evil.example/"))


def add_launch(document):
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 10, 10],
        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")),
    )
    document.pages[0].Annots = document.make_indirect(pikepdf.Array([link]))


def add_attachment(document):
    document.attachments["payload.exe"] = pikepdf.AttachedFileSpec(document, b"MZ...")


def add_xfa_form(document):
    document.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=pikepdf.String("<xdp:xdp/>"))


@pytest.mark.parametrize("change", [add_javascript, add_open_action, add_launch, add_attachment, add_xfa_form])
def test_a_pdf_that_runs_something_or_carries_a_file_is_refused(editor_client, media_root, change):
    policy = PolicyFactory()
    response = policy_post(editor_client, policy, document_en=pdf_upload(pdf_bytes(change)))
    assert response.status_code == 200
    assert "scripts, actions or attached files" in document_errors(response)
    assert stored_files(media_root) == []


@pytest.mark.parametrize(("language", "message"), [("en", "is not a PDF"), ("es", "no es un documento PDF")])
def test_an_html_page_named_pdf_is_refused_in_each_language(editor_client, media_root, language, message):
    page = b"<!doctype html><html><script>document.cookie</script></html>"
    response = policy_post(editor_client, PolicyFactory(), language, document_en=pdf_upload(page))
    assert response.status_code == 200
    assert message in document_errors(response)
    assert stored_files(media_root) == []


def test_a_pdf_over_the_size_limit_is_refused(editor_client, settings):
    settings.MAX_PDF_BYTES = 100
    response = policy_post(editor_client, PolicyFactory(), document_en=pdf_upload(pdf_bytes()))
    assert "the largest allowed is" in document_errors(response)


# --- When the save does not happen --------------------------------------------------------------------------------


class FullDisk(FileSystemStorage):
    """Writes half of a file, then fails the way a full disk does."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as half:
            half.write(content.read()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(("language", "message"), [("en", "no room to store"), ("es", "no tiene espacio")])
def test_a_full_disk_is_a_message_beside_the_field_and_leaves_nothing_half_written(
    editor_client, media_root, monkeypatch, language, message
):
    policy = PolicyFactory()
    for field in ("document_en", "document_es", "document"):
        monkeypatch.setattr(Policy._meta.get_field(field), "storage", FullDisk(location=media_root))
    before = Policy.objects.get(pk=policy.pk).title_en
    data = form_data(editor_client.get(admin_path(f"policies/policy/{policy.pk}/change/")))
    data.update(title_en="Changed while the disk was full", change_note="New title and PDF.")
    response = editor_client.post(
        admin_path(f"policies/policy/{policy.pk}/change/"),
        {**data, "document_en": pdf_upload(pdf_bytes())},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert message in document_errors(response)
    assert html(response).select_one("[name=title_en]")["value"] == "Changed while the disk was full"
    assert Policy.objects.get(pk=policy.pk).title_en == before
    assert stored_files(media_root) == []


def test_a_save_that_fails_after_the_file_was_written_leaves_no_orphan(editor_client, media_root, monkeypatch):
    event = EventFactory()

    def fail(*args, **kwargs):
        raise RuntimeError("the database refused the save")

    monkeypatch.setattr(Event, "save", fail)
    editor_client.raise_request_exception = False
    response = event_post(editor_client, event, image=image_upload(size=(640, 400)))
    assert response.status_code == 500
    assert stored_files(media_root) == []
