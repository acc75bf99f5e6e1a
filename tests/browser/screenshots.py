"""
`make screenshots`: every kind of public page, in every language, at a phone's and a desktop's width, as full-page
PNGs under build/screenshots/ (`<page>-<language>-<width>.png`), to look over a change at a glance.

The site runs as production shows it (DEBUG off, so the real 404 page; static files collected and served by
whitenoise; gunicorn) on a free port, with a temporary SQLite database filled by `manage.py seed_demo`
(bench/prodsite.py, as `make audit`); everything temporary is removed at the end.
Needs Debian's chromium, as the browser tests.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

# Run as a script: the project root must be importable for `bench.*`, `tests.*` and the apps.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.common import PROJECT_ROOT  # noqa: E402
from bench.prodsite import Server, demo_items, prepare, site_environment  # noqa: E402
from tests.helpers import free_port  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {390: 844, 1366: 900}  # width: viewport height (the page itself is taken whole)


def pages():
    """[(page name, language, path)] of one item of each kind, in every configured language (in this process,
    whose environment points at the temporary database)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    items = demo_items()
    meeting, cancelled, policy = items["event"], items["cancelled"], items["policy"]
    entry, resource, fact_check = items["faq_entry"], items["resource"], items["fact_check"]
    guide = items["guide"]
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
                "guides": reverse("guides:guide-list"),
                "guide": guide and guide.get_absolute_url(),
                "request-letter-form": (
                    reverse("guides:guide-request-letter", kwargs={"slug": guide.slug})
                    if guide and guide.is_certification_guide
                    else None
                ),
                "wallet-card": reverse("outreach:wallet-card"),
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
    server = None
    try:
        environment = site_environment(workdir, port)
        prepare(environment)
        shots = pages()
        server = Server(environment, port, workdir)
        take(server.base, shots, args.output)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
