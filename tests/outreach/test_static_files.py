"""
Static files in production (README, "Styles" and "Production"): `collectstatic` writes hashed names with gzip and
brotli copies, and whitenoise answers a browser that accepts brotli with the brotli copy, cached for good.
"""

import gzip
import json

import brotli
import pytest
from django.core.management import call_command

from tests.helpers import html

FAR_FUTURE = "max-age=315360000, public, immutable"


@pytest.fixture
def collected(settings, tmp_path, db):
    """collectstatic as in production, into a temporary STATIC_ROOT."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "outreach.staticfiles.OutreachStaticFilesStorage"},
    }
    # The site's own files only (static/): the admin's and the libraries' are collected the same way, and
    # compressing all of them takes a minute on a small machine.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", "--noinput", verbosity=0)
    return tmp_path


def test_collectstatic_writes_the_stylesheet_hashed_with_gzip_and_brotli_copies(collected, settings):
    hashed = json.loads((collected / "staticfiles.json").read_text())["paths"]["css/main.css"]
    original = (settings.BASE_DIR / "static" / "css" / "main.css").read_bytes()

    assert hashed.startswith("css/main.") and hashed != "css/main.css"
    assert (collected / hashed).read_bytes() == original
    assert gzip.decompress((collected / f"{hashed}.gz").read_bytes()) == original
    assert brotli.decompress((collected / f"{hashed}.br").read_bytes()) == original


@pytest.mark.django_db
@pytest.mark.usefixtures("site_settings")
def test_pages_link_the_hashed_stylesheet_which_is_served_brotli_encoded_and_cached_for_good(client, collected):
    href = html(client.get("/es/")).select_one('link[rel="stylesheet"]')["href"]
    hashed = json.loads((collected / "staticfiles.json").read_text())["paths"]["css/main.css"]
    assert href == f"/static/{hashed}"

    response = client.get(href, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Content-Type"].startswith("text/css")
    assert response["Cache-Control"] == FAR_FUTURE
    assert "Accept-Encoding" in response["Vary"]
    body = b"".join(response.streaming_content)
    assert brotli.decompress(body) == (collected / hashed).read_bytes()


@pytest.mark.django_db
def test_a_browser_without_brotli_gets_gzip_and_an_unhashed_name_is_not_cached_for_good(client, collected):
    hashed = json.loads((collected / "staticfiles.json").read_text())["paths"]["css/main.css"]

    gzipped = client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip")
    unhashed = client.get("/static/css/main.css", HTTP_ACCEPT_ENCODING="br")

    assert gzipped["Content-Encoding"] == "gzip"
    assert gzipped["Cache-Control"] == FAR_FUTURE
    # The name without a hash can change content at the next release: cached briefly, never "immutable".
    assert unhashed.status_code == 200
    assert "immutable" not in unhashed["Cache-Control"]
