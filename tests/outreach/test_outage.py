"""
The outage page (outreach/outage.py): written into the static files by collectstatic, so the web server in front can
show it when the application cannot answer at all.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings as project_settings
from django.core.management import call_command

from tests.factories import PolicyFactory
from tests.helpers import html


@pytest.fixture
def collect(settings, tmp_path):
    def collect():
        settings.STATIC_ROOT = tmp_path
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "outreach.staticfiles.OutreachStaticFilesStorage"},
        }
        settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
        call_command("collectstatic", "--noinput", verbosity=0)
        return html_of(tmp_path / "outage.html")

    return collect


def html_of(path):
    class Page:
        content = path.read_bytes()

    return html(Page)


@pytest.mark.django_db
def test_collectstatic_writes_the_outage_page_with_the_sites_numbers_commitments_and_exception(collect, site_settings):
    PolicyFactory(is_key_commitment=True, title_en="Calling 911 is safe", title_es="Llamar al 911 es seguro")
    PolicyFactory(is_exception=True, title_en="The warrant exception", title_es="La excepción por órdenes de arresto")
    page = collect()
    sections = {section["lang"]: section.get_text(" ", strip=True) for section in page.select("section[lang]")}
    assert set(sections) == {"en", "es"}
    assert "Calling 911 is safe" in sections["en"] and "The warrant exception" in sections["en"]
    assert "Llamar al 911 es seguro" in sections["es"] and "La excepción por órdenes de arresto" in sections["es"]
    assert "temporarily unavailable" in sections["en"] and "no está disponible" in sections["es"]
    assert page.find("a", href="tel:911")
    assert page.find("a", href=f"tel:{site_settings.non_emergency_number.replace('-', '')}")


@pytest.mark.django_db
def test_the_outage_page_needs_no_script_no_inline_style_and_links_the_hashed_stylesheet(collect, site_settings):
    page = collect()
    assert not page.find("script") and not page.find("style") and not page.select("[style]")
    stylesheet = page.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith("/static/css/main.") and stylesheet != "/static/css/main.css"


def test_collectstatic_without_a_database_still_writes_the_outage_page_with_the_defaults(tmp_path):
    # The site's own static files only: collecting and compressing the admin's too takes a minute.
    (tmp_path / "own_static_settings.py").write_text(
        "from outreach.settings import *  # noqa\n"
        "STATICFILES_FINDERS = ['django.contrib.staticfiles.finders.FileSystemFinder']\n"
    )
    environment = {
        **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "DATABASE_URL"}},
        # No database can be opened there: as in an image build with no database around.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "NON_EMERGENCY_NUMBER": "555-0199",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "outreach.example.org",
        "DJANGO_SETTINGS_MODULE": "own_static_settings",
        "PYTHONPATH": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=project_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    page = html_of(tmp_path / "static" / "outage.html")
    text = page.get_text(" ", strip=True)
    assert "no one who calls will be reported" in text
    assert "nadie que llame será denunciado" in text
    assert "outstanding criminal warrant" in text
    assert page.find("a", href="tel:5550199")
