"""
A throwaway copy of the site in its production profile, for the tools that look at it from outside (`make audit`,
`make screenshots`): the settings of `make run-prod` (DEBUG off, static files collected and served by whitenoise)
on a SQLite database and folders of the run's own, filled by `seed_demo`, served by gunicorn with
gunicorn.conf.py on a free port.
"""

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import PROJECT_ROOT


def site_environment(workdir, port):
    """The production profile of `make run-prod`, on a database and folders of the run's own."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "PAGE_CACHE_SECONDS"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="outreach.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=f"sqlite:///{workdir / 'site.sqlite3'}",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        GENERATED_ROOT=str(workdir / "generated"),
    )
    return environment


def manage(environment, *arguments):
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")


def prepare(environment):
    """The demo content and the collected static files, then this process pointed at them (to name pages)."""
    manage(environment, "migrate", "--noinput")
    manage(environment, "seed_demo", "--if-empty")
    manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
    os.environ.clear()
    os.environ.update(environment)
    import django

    django.setup()


def demo_items():
    """One published item of each kind in the seeded database, by the names tests/audit/nu.py's page list uses."""
    from events.models import Event
    from guides.models import Guide
    from outreach.models import FactCheck, FaqEntry, Resource
    from policies.models import Policy

    upcoming = Event.objects.published().upcoming().with_places()
    items = {
        "event": upcoming.going_ahead().first(),
        "cancelled": upcoming.exclude(pk__in=upcoming.going_ahead()).first(),
        "policy": Policy.objects.published().select_related("topic").first(),
        "faq_entry": FaqEntry.objects.published().select_related("category").first(),
        "resource": Resource.objects.published().first(),
        "fact_check": FactCheck.objects.published().first(),
        "guide": Guide.objects.published().certification().first() or Guide.objects.published().first(),
    }
    empty = [name for name, item in items.items() if item is None and name != "cancelled"]
    if empty:
        raise SystemExit(f"seed_demo made no published {', '.join(empty)}")
    return items


class Server:
    """gunicorn with gunicorn.conf.py, as `make run-prod` starts it."""

    def __init__(self, environment, port, workdir):
        self.base = f"http://127.0.0.1:{port}"
        self.log = workdir / "gunicorn.log"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "outreach.wsgi",
        ]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5):
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {self.log}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
