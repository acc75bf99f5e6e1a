#!/usr/bin/env python
"""
The site's pages graded by the Nu HTML checker and by Lighthouse: `make audit`.

The run starts the site the way `make run-prod` does (DEBUG off, static files collected and served by whitenoise,
gunicorn with gunicorn.conf.py) on a free port, with a temporary SQLite database seeded with `seed_demo`; then

1. checks one page of every public type in every language, the 404 page and the ask page showing an error, with
   the Nu HTML checker (tests/audit/nu.py, as tests/audit/test_valid_html.py does on pages the test builds);
2. runs Lighthouse (mobile, its default profile; Debian's chromium) on the home page, the meeting list, a meeting
   and a policy, in every language, retrying once a run that reports a runtime error (`NO_NAVSTART` happens);

and stops the server. Results: a table on stdout, `bench/results/audit.md` and `bench/results/audit.json`.

Goals (issue 12): zero HTML errors; Lighthouse accessibility, best practices and SEO 100, performance at least 95.
The run exits non-zero on an HTML error, a Lighthouse run that fails twice, or an accessibility, best-practices or
SEO score under 100. Performance is reported, not failed: on a shared machine it moves from run to run.

    .venv/bin/python bench/audit.py                  # what `make audit` runs
    .venv/bin/python bench/audit.py --skip-lighthouse
"""

import argparse
import datetime
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

# Run as a script: the project root must be importable for `bench.*`, `tests.*` and the apps.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PROJECT_ROOT, machine_description, say  # noqa: E402
from bench.prodsite import Server, demo_items, prepare, site_environment  # noqa: E402
from tests.audit import nu  # noqa: E402
from tests.helpers import free_port  # noqa: E402

RESULTS = PROJECT_ROOT / "bench" / "results"
LIGHTHOUSE = nu.FOLDER / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LIGHTHOUSE_PAGES = ("home", "meetings", "meeting", "policy")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Grade the site's pages with the Nu HTML checker and Lighthouse.")
    parser.add_argument("--skip-lighthouse", action="store_true", help="the HTML check only")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (pages, reports, logs)")
    return parser.parse_args(argv)


def page_list():
    """(name, path) of every page the HTML check reads, from the seeded database."""
    return nu.page_paths(demo_items())


# --- The Nu HTML checker ----------------------------------------------------------------------------------------


def fetch(opener, url, data=None, expected=200):
    try:
        with opener.open(url, data=data, timeout=30) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    if status != expected:
        raise SystemExit(f"{url} answered {status}, not {expected}")
    return body


def ask_with_an_error(base, path):
    """The ask page as it comes back after an empty question: a form with an error message."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = fetch(opener, base + path).decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "text": "", "shown_at": ""}).encode()
    request = urllib.request.Request(base + path, data=data, headers={"Referer": base + path})
    body = fetch(opener, request)
    if b"invalid-feedback" not in body:
        raise SystemExit(f"{path}: an empty question did not come back with an error")
    return body


def check_html(server, pages, workdir):
    from django.urls import reverse
    from django.utils import translation

    from editorial.i18n import language_codes

    opener = urllib.request.build_opener()
    folder = workdir / "pages"
    folder.mkdir()
    bodies = {name: fetch(opener, server.base + path) for name, path in pages}
    for code in language_codes():
        with translation.override(code):
            ask = reverse("outreach:ask")
        bodies[f"not found ({code})"] = fetch(opener, f"{server.base}/{code}/no-such-page/", expected=404)
        bodies[f"ask, with an error ({code})"] = ask_with_an_error(server.base, ask)
    files = []
    for name, body in bodies.items():
        files.append(folder / nu.file_name(name))
        files[-1].write_bytes(body)
    found = nu.errors(files)
    say(f"Nu HTML checker: {len(files)} pages, {len(found)} errors")
    if found:
        say(nu.describe(found))
    return {"pages": len(files), "errors": [list(error) for error in found]}


# --- Lighthouse -------------------------------------------------------------------------------------------------


def lighthouse_once(url, report):
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [
        shutil.which("node") or "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--quiet",
    ]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    if not report.exists():
        return None, f"exit {done.returncode}: {done.stderr[-1500:]}"
    result = json.loads(report.read_text())
    # A run can fail (NO_NAVSTART, a page that did not load) and still exit 0: the report says so.
    if result.get("runtimeError"):
        error = result["runtimeError"]
        return None, f"{error.get('code')}: {error.get('message')}"
    return result, None


def lighthouse(url, report):
    result, error = lighthouse_once(url, report)
    if result is None:
        say(f"  Lighthouse failed on {url} ({error}); trying once more")
        report.unlink(missing_ok=True)
        result, error = lighthouse_once(url, report)
    return result, error


def below_full_marks(result, category):
    """The scored audits of a category that lost points, with their score."""
    audits = result["audits"]
    lost = []
    for reference in result["categories"][category]["auditRefs"]:
        audit = audits[reference["id"]]
        if reference["weight"] and audit.get("score") is not None and audit["score"] < 1:
            value = audit.get("displayValue")
            lost.append({"id": audit["id"], "title": audit["title"], "score": audit["score"], "value": value})
    return lost


def run_lighthouse(server, pages, workdir):
    folder = workdir / "lighthouse"
    folder.mkdir()
    rows = []
    for name, path in pages:
        kind, code = re.fullmatch(r"(.+) \((\w+)\)", name).groups()
        if kind not in LIGHTHOUSE_PAGES:
            continue
        url = server.base + path
        say(f"Lighthouse: {name} {path}")
        result, error = lighthouse(url, folder / f"{nu.file_name(name)[:-5]}.json")
        row = {"page": kind, "language": code, "path": path, "error": error, "scores": {}, "lost": {}, "metrics": {}}
        if result is not None:
            for category in CATEGORIES:
                score = result["categories"][category]["score"]
                row["scores"][category] = None if score is None else round(score * 100)
                lost = below_full_marks(result, category)
                if lost:
                    row["lost"][category] = lost
            for metric in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                           "cumulative-layout-shift", "speed-index"):  # fmt: skip
                row["metrics"][metric] = result["audits"][metric].get("displayValue")
            say("  " + ", ".join(f"{category} {row['scores'][category]}" for category in CATEGORIES))
            for category, lost in row["lost"].items():
                for audit in lost:
                    say(f"    {category}: {audit['id']} ({audit['score']}) {audit['value'] or ''}")
        rows.append(row)
    return rows


# --- Results ----------------------------------------------------------------------------------------------------


def goals_missed(rows):
    missed = []
    for row in rows:
        if row["error"]:
            missed.append(f"{row['page']} ({row['language']}): Lighthouse failed: {row['error']}")
            continue
        for category, goal in GOALS.items():
            score = row["scores"].get(category)
            if score is None or score < goal:
                missed.append(f"{row['page']} ({row['language']}): {category} {score}, goal {goal}")
    return missed


def write_results(results):
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "audit.json").write_text(json.dumps(results, indent=2) + "\n")
    machine = results["machine"]
    lines = [
        "# Audit: valid HTML and Lighthouse",
        "",
        f"Measured {results['date']} by `make audit` (bench/audit.py) on {machine['cpus']} × {machine['cpu']}, "
        f"{machine['memory_gb']} GB, load average {machine['load_average_at_start']} at the start; "
        f"code {machine['git']['commit']}{' (with uncommitted changes)' if machine['git']['dirty'] else ''}. "
        f"The production profile (`make run-prod`): gunicorn, DEBUG off, whitenoise, the `seed_demo` content.",
        "",
        "## Nu HTML checker",
        "",
        f"{results['html']['pages']} pages (one of every public type in every language, the flyer, the 404 page and "
        f"the ask page with an error): **{len(results['html']['errors'])} errors**.",
        "",
    ]
    for name, line, message, _extract in results["html"]["errors"]:
        lines.append(f"- `{name}:{line}` {message}")
    if results.get("lighthouse") is not None:
        lines += [
            "## Lighthouse",
            "",
            f"Lighthouse {results['lighthouse_version']}, mobile profile (its default: simulated slow 4G and a 4× "
            "slower CPU), Debian's chromium. Goals: performance ≥ 95, accessibility, best practices and SEO 100.",
            "",
            "| page | language | performance | accessibility | best practices | SEO | LCP | TBT | CLS |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in results["lighthouse"]:
            if row["error"]:
                lines.append(f"| {row['page']} | {row['language']} | failed: {row['error']} | | | | | | |")
                continue
            scores = " | ".join(str(row["scores"][category]) for category in CATEGORIES)
            metrics = row["metrics"]
            lines.append(
                f"| {row['page']} | {row['language']} | {scores} | {metrics['largest-contentful-paint']} | "
                f"{metrics['total-blocking-time']} | {metrics['cumulative-layout-shift']} |"
            )
        lost = [
            f"- {row['page']} ({row['language']}), {category}: {audit['title']} (`{audit['id']}`, score "
            f"{audit['score']}{', ' + audit['value'] if audit['value'] else ''})"
            for row in results["lighthouse"]
            for category, audits in row["lost"].items()
            for audit in audits
        ]
        if lost:
            lines += ["", "Audits that lost points:", "", *lost]
        lines += ["", "Goals not met: " + ("none." if not results["missed"] else "")]
        lines += [f"- {line}" for line in results["missed"]]
    (RESULTS / "audit.md").write_text("\n".join(lines) + "\n")


def lighthouse_version():
    node = shutil.which("node") or "node"
    done = subprocess.run([node, str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    return done.stdout.strip()


def main(argv=None):
    args = parse_args(argv)
    missing = nu.missing_tools()
    if not args.skip_lighthouse:
        if not LIGHTHOUSE.exists():
            missing.append(f"lighthouse (npm ci --ignore-scripts in {nu.FOLDER.relative_to(PROJECT_ROOT)})")
        if not shutil.which("node"):
            missing.append("Node.js")
        if not Path(CHROMIUM).exists():
            missing.append(f"chromium at {CHROMIUM}")
    if missing:
        raise SystemExit(f"make audit needs {', '.join(missing)}")
    workdir = Path(tempfile.mkdtemp(prefix="outreach-audit-"))
    port = free_port()
    environment = site_environment(workdir, port)
    say(f"Preparing the site in {workdir}")
    prepare(environment)  # this process then reads the seeded database to name the pages
    pages = page_list()
    results = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_description(),
        "goals": GOALS,
    }
    server = Server(environment, port, workdir)
    try:
        results["html"] = check_html(server, pages, workdir)
        if not args.skip_lighthouse:
            results["lighthouse_version"] = lighthouse_version()
            results["lighthouse"] = run_lighthouse(server, pages, workdir)
            results["missed"] = goals_missed(results["lighthouse"])
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            say(f"Kept {workdir}")
    write_results(results)
    say(f"Results: {(RESULTS / 'audit.md').relative_to(PROJECT_ROOT)}")
    failed = bool(results["html"]["errors"])
    for line in results.get("missed", []):
        say(f"Goal not met: {line}")
        if "performance" not in line:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
