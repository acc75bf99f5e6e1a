"""
Meeting images (README, "Images"): shown only as imagekit renditions, WebP and JPEG at three widths, made when
the image is saved, in a <picture> that does not move the page as it loads. The upload itself is never linked.
"""

import io
import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.views.static import serve
from PIL import Image

from events.models import IMAGE_WIDTHS
from tests.factories import EventFactory
from tests.helpers import html, image_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

DETAIL = {"en": "/en/events/{slug}/", "es": "/es/eventos/{slug}/"}
KINDS = {"jpeg": ("JPEG", "image/jpeg"), "webp": ("WEBP", "image/webp")}


@pytest.fixture
def event():
    return EventFactory(image=image_upload("church-hall.jpg"), image_alt_en="The hall", image_alt_es="El salón")


def srcset_urls(srcset):
    """{width: url} from a srcset of `url 480w` candidates."""
    return {int(width): url for url, width in re.findall(r"(\S+) (\d+)w", srcset)}


def media_path(url):
    return url.removeprefix("/").removeprefix(settings.MEDIA_URL.strip("/") + "/")


def test_saving_a_meeting_image_makes_every_rendition_at_once(event):
    # Before any page is viewed: no resident waits for an image to be made.
    for kind, (image_format, _content_type) in KINDS.items():
        for file, width, height in event.image_renditions(kind):
            assert default_storage.exists(file.name), file.name
            with default_storage.open(file.name) as stored, Image.open(stored) as image:
                assert (image.format, image.size) == (image_format, (width, height))


@pytest.mark.parametrize("language", ["en", "es"])
def test_meeting_page_shows_a_picture_of_renditions_with_its_size_and_description(client, event, language):
    page = html(client.get(DETAIL[language].format(slug=event.slug)))

    picture = page.select_one("main picture")
    source, image = picture.select_one("source"), picture.select_one("img")
    assert source["type"] == "image/webp"
    webp, jpeg = srcset_urls(source["srcset"]), srcset_urls(image["srcset"])
    assert sorted(webp) == sorted(jpeg) == list(IMAGE_WIDTHS)
    assert all(url.endswith(".webp") for url in webp.values())
    assert all(url.endswith(".jpg") for url in jpeg.values())
    assert source["sizes"] == image["sizes"] and "100vw" in image["sizes"]
    assert image["src"] == jpeg[960]
    assert (image["width"], image["height"]) == ("960", "540")
    assert image["alt"] == {"en": "The hall", "es": "El salón"}[language]
    # The one image at the top of a meeting page loads at once.
    assert not image.has_attr("loading")


def test_untranslated_description_is_the_english_one_marked_as_such(client):
    event = EventFactory(image=image_upload(), image_alt_en="The hall", image_alt_es="")
    image = html(client.get(DETAIL["es"].format(slug=event.slug))).select_one("main picture img")
    assert image["alt"] == "The hall"
    assert image["lang"] == "en" and image.has_attr("data-fallback")


def test_an_image_below_the_fold_loads_only_when_scrolled_near(event, rf):
    template = Template("{% load events_tags %}{% event_picture event %}|{% event_picture event above_the_fold=True %}")
    below, top = template.render(Context({"event": event, "request": rf.get("/")})).split("|")
    assert 'loading="lazy"' in below and 'decoding="async"' in below
    assert "loading=" not in top and "decoding=" not in top


def test_a_meeting_without_an_image_has_no_picture(client):
    event = EventFactory()
    assert html(client.get(DETAIL["en"].format(slug=event.slug))).select_one("main picture") is None


def test_no_public_page_links_the_uploaded_original(client, event):
    original = Path(event.image.name).stem  # the renditions are named by a hash, never like the upload
    pages = [
        DETAIL["en"].format(slug=event.slug),
        DETAIL["es"].format(slug=event.slug),
        f"/en/events/{event.slug}/flyer/",
        "/en/",
        "/es/",
        "/en/events/",
        "/es/eventos/",
        "/en/events/feed/",
        "/en/events/calendar.ics",
        f"/en/events/{event.slug}/calendar.ics",
        "/en/search/?q=meeting",
        "/sitemap-events.xml",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert event.image.url not in response.content.decode(), path
        assert original not in response.content.decode(), path


def test_each_rendition_address_answers_with_its_type_and_size(client, event):
    picture = html(client.get(DETAIL["en"].format(slug=event.slug))).select_one("main picture")
    for kind, element in [("webp", picture.select_one("source")), ("jpeg", picture.select_one("img"))]:
        image_format, content_type = KINDS[kind]
        for width, url in srcset_urls(element["srcset"]).items():
            # The view `make run` serves uploads with; in production the web server in front serves the same files.
            response = serve(RequestFactory().get(url), media_path(url), document_root=settings.MEDIA_ROOT)
            assert response.status_code == 200
            assert response["Content-Type"] == content_type
            with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
                assert (image.format, image.size) == (image_format, (width, width * 9 // 16))


def test_showing_a_meeting_page_reads_no_image_file(client, event):
    # Optimistic cache files: the addresses are computed, never looked up in storage on a page view, so a page
    # stays as fast with images (and with storage shared by several servers) as without.
    untouchable = mock.patch.multiple(
        FileSystemStorage, exists=mock.DEFAULT, open=mock.DEFAULT, save=mock.DEFAULT, size=mock.DEFAULT
    )
    with untouchable as calls:
        response = client.get(DETAIL["es"].format(slug=event.slug))
    assert html(response).select_one("main picture") is not None
    assert not [name for name, call in calls.items() if call.called]


def test_a_phone_photo_is_shown_upright_and_without_its_location_data():
    # Stored sideways (red left, blue right) with "rotate 90° clockwise" (EXIF orientation 6) and a GPS tag:
    # shown upright, the red is on top.
    photo = Image.new("RGB", (1600, 900), "red")
    photo.paste("blue", (800, 0, 1600, 900))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x8825] = {1: "N", 2: (32.0, 46.0, 0.0)}  # GPS: latitude
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif)

    event = EventFactory(image=SimpleUploadedFile("phone.jpg", buffer.getvalue()), image_alt_en="A photo")

    for kind in KINDS:
        for file, _width, height in event.image_renditions(kind):
            with default_storage.open(file.name) as stored, Image.open(stored) as image:
                assert not image.getexif()
                image = image.convert("RGB")
                top, bottom = image.getpixel((5, 5)), image.getpixel((5, height - 5))
                assert top[0] > 200 and top[2] < 60, top  # red
                assert bottom[2] > 200 and bottom[0] < 60, bottom  # blue


def test_a_transparent_png_becomes_jpeg_and_webp_renditions():
    event = EventFactory(image=image_upload("logo.png", image_format="PNG", mode="RGBA"), image_alt_en="A logo")
    for kind, (image_format, _content_type) in KINDS.items():
        file, width, height = event.image_renditions(kind)[0]
        with default_storage.open(file.name) as stored, Image.open(stored) as image:
            assert (image.format, image.size) == (image_format, (width, height))
