"""
The Nu HTML checker (vnu) on the site's public pages: what tests/audit/test_valid_html.py asserts and what
`make audit` (bench/audit.py) reports. The checker comes from the npm package `vnu-jar` pinned in
tests/audit/package.json and runs on the machine's Java (17+).
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

FOLDER = Path(__file__).resolve().parent
VNU_JAR = FOLDER / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def java():
    return shutil.which("java")


def missing_tools():
    """What the check needs and the machine lacks, in words; empty when it can run."""
    missing = []
    if not java():
        missing.append("Java (17+)")
    if not VNU_JAR.exists():
        missing.append(f"vnu-jar (npm ci --ignore-scripts in {FOLDER.relative_to(FOLDER.parent.parent)})")
    return missing


def errors(files):
    """
    The checker's errors on the HTML `files`, as (file name, line, message, extract) tuples. One run for all the
    files: starting Java takes longer than checking a page.
    """
    files = [str(path) for path in files]
    done = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # The report goes to stderr; the exit status is 1 when there are errors, which the report lists.
    try:
        report = json.loads(done.stderr)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"vnu gave no JSON report (exit {done.returncode}): {done.stderr[-2000:]}") from error
    return [
        (
            Path(message.get("url", "").removeprefix("file:")).name,
            message.get("lastLine"),
            message.get("message", ""),
            message.get("extract", "").strip(),
        )
        for message in report["messages"]
        if message.get("type") in {"error", "non-document-error"}
    ]


def describe(found):
    return "\n".join(f"{name}:{line}: {message}\n    {extract!r}" for name, line, message, extract in found)


def page_paths(items):
    """
    One page of every public type, in every language, as (name, path), for the published items in `items`
    (a dict: event, policy, faq_entry, resource, fact_check, guide; optionally cancelled and untranslated meetings).
    The 404 page and the ask page showing an error are not GET pages of this list: the callers add them.
    """
    from django.urls import reverse
    from django.utils import translation

    from editorial.i18n import language_codes

    event, policy, entry = items["event"], items["policy"], items["faq_entry"]
    result = []
    for code in language_codes():
        with translation.override(code):
            events = reverse("events:event-list")
            resources = reverse("outreach:resource-list")
            entries = [
                ("home", reverse("outreach:home")),
                ("meetings", events),
                ("meetings in a city", f"{events}?{urlencode({'city': event.venue.city})}"),
                ("past meetings", reverse("events:event-archive")),
                ("meeting", event.get_absolute_url()),
                ("flyer", reverse("events:event-flyer", kwargs={"slug": event.slug})),
                ("policies", reverse("policies:policy-list")),
                ("policy topic", policy.topic.get_absolute_url()),
                ("policy", policy.get_absolute_url()),
                ("policy history", reverse("policies:policy-history", kwargs={"slug": policy.slug})),
                ("guides", reverse("guides:guide-list")),
                ("guide", items["guide"].get_absolute_url()),
                ("request letter form", reverse("guides:guide-request-letter", kwargs={"slug": items["guide"].slug})),
                ("wallet card", reverse("outreach:wallet-card")),
                ("FAQ", reverse("outreach:faq")),
                ("FAQ category", entry.category.get_absolute_url()),
                ("FAQ entry", entry.get_absolute_url()),
                ("resources", resources),
                ("resources of a kind", f"{resources}?{urlencode({'category': items['resource'].category})}"),
                ("resource", items["resource"].get_absolute_url()),
                ("fact checks", reverse("outreach:fact-check-list")),
                ("fact check", items["fact_check"].get_absolute_url()),
                ("search", f"{reverse('outreach:search')}?{urlencode({'q': 'meeting'})}"),
                ("search, nothing found", f"{reverse('outreach:search')}?{urlencode({'q': 'zzzzqqq'})}"),
                ("ask", reverse("outreach:ask")),
                ("privacy", reverse("outreach:privacy")),
            ]
            for extra in ("cancelled", "untranslated"):
                if items.get(extra):
                    entries.append((f"meeting, {extra}", items[extra].get_absolute_url()))
        result.extend((f"{name} ({code})", path) for name, path in entries)
    return result


def file_name(name):
    """A file name for a page's name: 'meeting, cancelled (es)' -> 'meeting-cancelled-es.html'."""
    return "-".join("".join(c if c.isalnum() else " " for c in name).split()) + ".html"
