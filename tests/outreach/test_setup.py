"""
Setting up works as the README says: `.env.example` copied to `.env` is a working development setup, and
`make run-prod` serves the production profile locally, with the site's own error pages.
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from tests.helpers import copy_project, free_port

ROOT = Path(settings.BASE_DIR)
# What a developer's shell does not have: the suite's own settings (pytest-env) and service addresses.
SUITE_ONLY = {"DEBUG", "SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SECURE_SSL_REDIRECT"}


def developer_environment(**extra):
    return {**{name: value for name, value in os.environ.items() if name not in SUITE_ONLY}, **extra}


def test_env_example_copied_to_env_is_a_working_development_site(tmp_path):
    copy_project(tmp_path)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    environment = developer_environment(PYTHONPATH=str(tmp_path))
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    # What the browser asks `make run` for: the home page on 127.0.0.1:8000.
    request = (
        "from django.test import Client; from django.conf import settings; "
        "print(settings.DEBUG, Client().get('/es/', HTTP_HOST='127.0.0.1:8000').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", request],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split()[-2:] == ["True", "200"]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_make_run_prod_serves_the_production_profile_with_the_sites_own_error_pages(tmp_path):
    port = free_port()
    environment = developer_environment(
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    server = subprocess.Popen(
        ["make", "--no-print-directory", "run-prod"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode()[-3000:]
            try:
                status, page = fetch(f"http://127.0.0.1:{port}/es/no-existe/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            raise AssertionError("make run-prod did not answer")
        assert status == 404
        assert "Traceback" not in page and "Page not found at" not in page  # not Django's debug page
        assert 'href="tel:911"' in page
        assert (tmp_path / "static" / "outage.html").exists()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
