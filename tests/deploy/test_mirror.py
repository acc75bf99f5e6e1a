"""
The static mirror behind the real front (README, "Static mirror"): nginx from deploy/nginx.conf, an app server of
its own on the seeded site of the other front tests, and a mirror written by `manage.py export_static`. With the
app server stopped, nginx still serves the public pages from the mirror, as of the last export.
"""

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import free_port

from .conftest import ROOT, Front, front_environment, run, start_nginx, stop, wait_for_port

PAGES = {
    "home": ("/en/", "/es/"),
    "a meeting": ("/en/events/{meeting}/", "/es/eventos/{meeting}/"),
    "a policy": ("/en/policies/calling-911/", "/es/politicas/calling-911/"),
    "the faq": ("/en/faq/", "/es/preguntas-frecuentes/"),
    "a guide": ("/en/guides/report-a-crime-anonymously/", "/es/guias/report-a-crime-anonymously/"),
}


@pytest.fixture(scope="module")
def mirror_front(front_site, tmp_path_factory):
    """
    A folder of its own (so the other front tests never see a mirror) sharing the seeded site's database, static
    files and certificate; an app server that the test stops and starts; nginx in front of it.
    """
    site = front_site["folder"]
    folder = tmp_path_factory.mktemp("mirror-front")
    for name in ("staticfiles", "media"):
        (site / name).mkdir(exist_ok=True)
        (folder / name).symlink_to(site / name)
    for name in ("site.pem", "site.key"):
        shutil.copy(site / name, folder / name)
    http_port, https_port, app_port = free_port(), free_port(), free_port()
    environment = {**front_environment(site, https_port), "STATIC_MIRROR_ROOT": str(folder / "mirror")}
    nginx = start_nginx(folder, http_port=http_port, https_port=https_port, app_port=app_port)
    state = {"gunicorn": None}

    def start_app(**changes):
        state["gunicorn"] = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{app_port}",
                "--workers",
                "1",
                "--error-logfile",
                str(folder / "gunicorn-error.log"),
                "outreach.wsgi",
            ],
            cwd=ROOT,
            env={**environment, **changes},
        )
        wait_for_port(app_port, state["gunicorn"])

    def stop_app():
        stop([state["gunicorn"]])

    def manage(*arguments):
        return run([sys.executable, "manage.py", *arguments], environment, folder)

    front = Front(folder, front_site["ca"], http_port, https_port, [nginx])
    front.start_app, front.stop_app, front.manage = start_app, stop_app, manage
    try:
        yield front
    finally:
        if state["gunicorn"] is not None:
            stop_app()
        stop([nginx])


def a_meeting(front):
    return (
        front.manage(
            "shell",
            "-v0",
            "-c",
            "from events.models import Event; print(Event.objects.published().order_by('pk').last().slug)",
        )
        .stdout.strip()
        .splitlines()[-1]
    )


def test_with_the_app_server_stopped_nginx_serves_the_public_pages_from_the_mirror_in_both_languages(mirror_front):
    meeting = a_meeting(mirror_front)
    mirror_front.start_app()
    live = {}
    for english, spanish in PAGES.values():
        for path in (english.format(meeting=meeting), spanish.format(meeting=meeting)):
            status, _headers, body = mirror_front.get(path)
            assert status == 200, path
            live[path] = body.decode()
    mirror_front.manage("export_static")
    mirror_front.stop_app()

    for path, page in live.items():
        status, headers, body = mirror_front.get(path)
        assert status == 200, path
        assert headers["Content-Type"].startswith("text/html")
        assert "Set-Cookie" not in headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        title = page.split("<title>")[1].split("</title>")[0]
        assert f"<title>{title}</title>" in body.decode(), path

    # A list's other pages are its first page; the question form says it is unavailable and gives 911.
    assert mirror_front.get("/en/events/?page=2")[2] == mirror_front.get("/en/events/")[2]
    status, _headers, body = mirror_front.get("/es/preguntar/")
    assert status == 200
    assert "no está disponible" in body.decode() and "911" in body.decode()
    status, _headers, body = mirror_front.get("/en/events/feed/")
    assert status == 200 and b"<rss" in body
    status, _headers, body = mirror_front.get("/en/events/calendar.ics")
    assert status == 200 and b"BEGIN:VCALENDAR" in body

    # What the mirror cannot answer (a search, a question sent) gets the outage page.
    status, _headers, body = mirror_front.get("/en/search/?q=911")
    assert status == 502
    assert "The site is temporarily unavailable" in body.decode()
    request = urllib.request.Request(mirror_front.url("/en/ask/"), data=b"text=hello", method="POST")
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, context=mirror_front.context, timeout=30)
    assert answer.value.code == 502
    assert 'href="tel:911"' in answer.value.read().decode()


def test_after_an_edit_and_a_new_export_the_stopped_site_shows_the_new_title(mirror_front):
    meeting = a_meeting(mirror_front)
    mirror_front.start_app()
    mirror_front.manage(
        "shell",
        "-v0",
        "-c",
        f"from events.models import Event; event = Event.objects.get(slug={meeting!r}); "
        "event.title_en = 'Meeting moved to the library'; event.title_es = 'Reunión en la biblioteca'; "
        "event.save()",
    )
    assert "Meeting moved to the library" in mirror_front.get(f"/en/events/{meeting}/")[2].decode()
    mirror_front.manage("export_static")
    mirror_front.stop_app()

    assert "Meeting moved to the library" in mirror_front.get(f"/en/events/{meeting}/")[2].decode()
    assert "Reunión en la biblioteca" in mirror_front.get(f"/es/eventos/{meeting}/")[2].decode()
    assert "Meeting moved to the library" in mirror_front.get("/en/events/feed/")[2].decode()


def test_with_the_database_gone_nginx_serves_the_mirror_instead_of_the_apps_503(mirror_front):
    meeting = a_meeting(mirror_front)
    mirror_front.manage("export_static")
    mirror_front.start_app(DATABASE_URL=f"sqlite:///{mirror_front.folder / 'gone' / 'db.sqlite3'}")
    try:
        status, _headers, body = mirror_front.get(f"/es/eventos/{meeting}/")
        assert status == 200
        assert meeting in body.decode()
        # Not in the mirror: the outage page.
        assert mirror_front.get("/es/buscar/?q=911")[0] == 502
    finally:
        mirror_front.stop_app()
