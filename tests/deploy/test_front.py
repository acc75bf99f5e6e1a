"""The example front (deploy/nginx.conf and gunicorn.conf.py), run for real: README, "Deployment"."""

import json
import os
import re
import shutil
import socket
import subprocess

import pytest

from .conftest import OBSERVATORY, ROOT, require

pytestmark = pytest.mark.deploy

# One page of every type a resident or staff member reaches, in both languages where the type has a page.
PAGES = [
    "/en/",
    "/es/",
    "/en/events/",
    "/es/eventos/",
    "{meeting}",
    "/en/policies/",
    "{policy}",
    "/es/preguntas-frecuentes/",
    "/en/resources/",
    "/en/search/?q=911",
    "/es/preguntar/",
    "/en/privacy/",
    "/en/events/calendar.ics",
    "/sitemap.xml",
    "{admin}login/",
]


def first_link(front, listing, prefix):
    status, _headers, body = front.get(listing)
    assert status == 200
    # A page of one item: a slug, not the list's own feed, archive or filters.
    links = re.findall(rf'href="({re.escape(prefix)}(?!feed/|past/|archive/)[a-z0-9-]+/)"', body.decode())
    assert links, f"no link under {prefix} on {listing}"
    return links[0]


@pytest.fixture(scope="module")
def pages(front):
    from django.conf import settings

    return [
        page.format(
            meeting=first_link(front, "/en/events/", "/en/events/"),
            policy=first_link(front, "/en/policies/", "/en/policies/"),
            admin=f"/{settings.ADMIN_URL}",
        )
        for page in PAGES
    ]


def observatory(front, paths):
    node = shutil.which("node")
    require(node, "Node.js")
    require((OBSERVATORY / "node_modules" / "@mdn" / "mdn-http-observatory").exists(), "the Observatory's npm package")
    result = subprocess.run(
        [node, "scan.mjs", "localhost", str(front.http_port), str(front.https_port), *paths],
        cwd=OBSERVATORY,
        env={**os.environ, "NODE_EXTRA_CA_CERTS": str(front.ca)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_every_page_type_and_the_admin_login_get_an_a_plus_from_the_http_observatory(front, pages):
    grades = observatory(front, pages)
    assert [grade["path"] for grade in grades] == pages
    below = [grade for grade in grades if grade["grade"] != "A+"]
    assert not below, below


def test_plain_http_redirects_to_the_sites_https_address(front):
    status, headers, _body = front.get("/en/events/?city=irving", https=False)
    assert status == 301
    assert headers["Location"] == front.url("/en/events/?city=irving")


def test_static_files_are_served_by_nginx_cached_for_good_and_not_sniffed(front):
    _status, _headers, body = front.get("/en/")
    stylesheet = re.search(r'href="(/static/css/main\.[0-9a-f]+\.css)"', body.decode()).group(1)
    status, headers, _body = front.get(stylesheet)
    assert status == 200
    assert headers["Content-Type"] == "text/css"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "Server: nginx/" not in str(headers)


@pytest.fixture
def media_files(front):
    folder = front.folder / "media" / "test"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (folder / "page.html").write_text("<script>alert(document.cookie)</script>")
    (folder / "script.js").write_text("alert(1)")
    yield
    shutil.rmtree(folder)


@pytest.mark.usefixtures("media_files")
def test_uploads_are_never_executed_and_pdfs_come_with_their_type_and_disposition(front):
    status, headers, _body = front.get("/media/test/policy.pdf")
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == "inline"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    for name in ("page.html", "script.js"):
        status, headers, _body = front.get(f"/media/test/{name}")
        assert headers["Content-Type"] == "application/octet-stream", name
        assert "sandbox" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_front_accepts_an_upload_as_large_as_the_largest_pdf_allowed(front):
    from django.conf import settings

    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1)) * 1024 * 1024
    assert settings.MAX_PDF_BYTES < limit <= settings.MAX_PDF_BYTES + 2 * 1024 * 1024


def test_when_the_app_server_is_down_the_front_serves_the_bilingual_outage_page(front_without_app):
    status, headers, body = front_without_app.get("/es/")
    assert status == 502
    page = body.decode()
    assert 'href="tel:911"' in page
    assert "The site is temporarily unavailable" in page and "El sitio no está disponible" in page
    assert "warrant" in page and "orden de arresto" in page
    assert headers["Retry-After"] == "60"
    assert headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "max-age=31536000" in headers["Strict-Transport-Security"]


def test_no_client_address_reaches_a_log_of_nginx_or_gunicorn(front, front_site):
    front.get("/en/")
    front.get("/en/search/?q=my+own+name")
    # A malformed request straight to gunicorn: its error log would name the sender's address.
    _http, _https, app_port = front_site["ports"]
    with socket.create_connection(("127.0.0.1", app_port)) as raw:
        raw.sendall(b"NOT A REQUEST\r\n\r\n")
        raw.recv(1024)
    folder = front.folder
    logs = {path.name: path.read_text() for path in [*(folder / "logs").glob("*.log"), *folder.glob("gunicorn-*.log")]}
    assert "GET /en/ HTTP" in logs["outreach-access.log"]
    assert "Invalid request" in logs["gunicorn-error.log"]
    for name, text in logs.items():
        assert "127.0.0.1" not in text, name
        assert "my+own+name" not in text and "my own name" not in text, name
