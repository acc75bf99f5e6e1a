"""
`make screenshots`: every kind of public page, in every language, at a phone's and a desktop's width, as full-page
PNGs under build/screenshots/ (`<page>-<language>-<width>.png`), to look over a change at a glance.

The site runs as production shows it (DEBUG off, so the real 404 page; static files collected and served by
whitenoise) from Django's development server on a free port, with a temporary SQLite database filled by
`manage.py seed_demo`; everything temporary is removed at the end. Needs Debian's chromium, as the browser tests.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {390: 844, 1366: 900}  # width: viewport height (the page itself is taken whole)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(workdir, port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "PYTHONPATH": str(PROJECT_ROOT),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
    }


def pages():
    """[(page name, language, path)] of one item of each kind, in every configured language (in this process,
    whose environment points at the temporary database)."""
    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from events.models import Event, EventStatus
    from outreach.models import FactCheck, FaqEntry, Resource
    from policies.models import Policy

    meetings = Event.objects.published()
    meeting = meetings.upcoming().going_ahead().order_by("starts_at").first()
    cancelled = meetings.filter(event_status=EventStatus.CANCELLED).order_by("-starts_at").first()
    policy = Policy.objects.published().first()
    entry = FaqEntry.objects.published().first()
    resource = Resource.objects.published().first()
    fact_check = FactCheck.objects.published().first()
    found = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            kinds = {
                "home": reverse("outreach:home"),
                "meetings": reverse("events:event-list"),
                "past-meetings": reverse("events:event-archive"),
                "meeting": meeting and meeting.get_absolute_url(),
                "cancelled-meeting": cancelled and cancelled.get_absolute_url(),
                "flyer": meeting and reverse("events:event-flyer", kwargs={"slug": meeting.slug}),
                "policies": reverse("policies:policy-list"),
                "policy": policy and policy.get_absolute_url(),
                "policy-history": policy and reverse("policies:policy-history", kwargs={"slug": policy.slug}),
                "faq": reverse("outreach:faq"),
                "faq-entry": entry and entry.get_absolute_url(),
                "resources": reverse("outreach:resource-list"),
                "resource": resource and resource.get_absolute_url(),
                "fact-checks": reverse("outreach:fact-check-list"),
                "fact-check": fact_check and fact_check.get_absolute_url(),
                "ask": reverse("outreach:ask"),
                "search": reverse("outreach:search") + "?q=" + ("reunion" if code != "en" else "meeting"),
                "privacy": reverse("outreach:privacy"),
                "404": f"/{code}/no-such-page/",
            }
        for kind, path in kinds.items():
            if path is None:
                sys.stderr.write(f"No {kind} in the demo content: no screenshot of it.\n")
            else:
                found.append((kind, code, path))
    return found


def manage(env, *arguments):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=PROJECT_ROOT, env=env, check=True)


def wait_until_ready(process, base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("The development server stopped at start.")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The development server did not answer within {seconds} s.")


def take(base, shots, output):
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in WIDTHS.items():
            phone = width < 600
            context = browser.new_context(
                viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
            )
            page = context.new_page()
            for kind, code, path in shots:
                page.goto(base + path)
                page.wait_for_load_state("load")
                target = output / f"{kind}-{code}-{width}.png"
                page.screenshot(path=target, full_page=True)
                shown = target.relative_to(PROJECT_ROOT) if target.is_relative_to(PROJECT_ROOT) else target
                sys.stdout.write(f"{shown}\n")
            context.close()
        browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "build" / "screenshots")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is not installed: apt-get install chromium")
    workdir = Path(tempfile.mkdtemp(prefix="outreach-screenshots-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = environment(workdir, port)
    server = None
    try:
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        os.environ.update(env)
        shots = pages()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=PROJECT_ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_ready(server, base)
        take(base, shots, args.output)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_ROOT))
    main()
