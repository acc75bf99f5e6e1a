#!/usr/bin/env python
"""
Benchmarks of the public reading pages, on a large site in a throwaway database: `make bench`.

The run builds a fresh database (a SQLite file in a temporary directory, or the PostgreSQL database named by
`--database-url`, created and dropped here), migrates it, fills it with a realistic large site (outreach/scale.py)
and requests every public reading page (bench/pages.py) in every language with Django's test client: in process,
no network, no web server. For each page it reports the median and 95th-percentile time, the response size and the
number of SQL queries, as a table on stdout and as JSON in bench/results/inprocess.json. It exits non-zero if a page
does not answer 200.

    .venv/bin/python bench/run.py                       # the large site on SQLite
    .venv/bin/python bench/run.py --size small          # about 1% of it: a quick check
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/outreach_bench
    .venv/bin/python bench/run.py --redis-url redis://127.0.0.1:6379/1

Performance is measured here, never by timed assertions in the test suite.
"""

import argparse
import contextlib
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

# Run as a script (`python bench/run.py`): the project root must be importable for `bench.*` and the apps.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PROJECT_ROOT,
    create_postgres_database,
    drop_postgres_database,
    git_state,
    is_postgres,
    redacted,
    say,
)

DEFAULT_OUTPUT = PROJECT_ROOT / "bench" / "results" / "inprocess.json"
# The sizes outreach/scale.py builds (named here because argparse runs before Django, and so before that module).
SIZE_NAMES = ("default", "small")
# However slow a page, it gets at least this many timed requests.
MIN_SAMPLES = 3


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Time the public reading pages of a large outreach site, in every language.",
        epilog="Results: a table on stdout and JSON in bench/results/inprocess.json.",
    )
    parser.add_argument("--size", choices=SIZE_NAMES, default="default", help="site to build (default: %(default)s)")
    parser.add_argument(
        "--repeat", type=int, default=20, metavar="N", help="timed requests per page (default: %(default)s)"
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        default=6.0,
        metavar="SECONDS",
        help=f"stop timing a page after this long once it has {MIN_SAMPLES} samples, so a slow page cannot stretch "
        "the run (default: %(default)s)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="PostgreSQL: the database is created for the run and dropped after it (it must not exist, unless an "
        "earlier run left it behind). Any other URL is used as given and must point to an empty database. "
        "Default: a new SQLite file in a temporary directory.",
    )
    parser.add_argument("--redis-url", metavar="URL", help="use Redis as the cache (default: local memory)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON results (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the database after the run, to look at it")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


# --- Django -----------------------------------------------------------------------------------------------------


def configure_environment(args, database_url, workdir):
    """The settings the run depends on, set before Django reads them (they win over a .env file)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "outreach.settings"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    # Every absolute link is built from it (required without DEBUG); the benchmark never fetches it.
    os.environ.setdefault("SITE_URL", "https://outreach.example.org")
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = args.redis_url or ""
    # A prefix of its own, so a shared Redis never mixes the run's keys with a real site's.
    os.environ["CACHE_KEY_PREFIX"] = f"outreach-bench-{os.getpid()}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Whitenoise warns that STATIC_ROOT does not exist: the run serves no static files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def setup_django():
    import django

    django.setup()
    from django.conf import settings

    # Pages are rendered without collectstatic, so without the manifest (as in the tests' conftest.py).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def cache_description():
    from django.conf import settings
    from django.core.cache import cache

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    cache.set("bench:ping", 1, 30)
    if cache.get("bench:ping") != 1:
        say(f"WARNING: the cache ({backend}) does not keep values: pages run as if there were no cache")
    return backend


def forget_cache_keys():
    """Remove the keys that outlive the run in a shared cache (the others expire on their own)."""
    from django.core.cache import cache

    from outreach.models import SiteSettings

    cache.delete_many([SiteSettings.CACHE_KEY, SiteSettings.CONTACTS_KEY, "bench:ping"])


# --- Measuring --------------------------------------------------------------------------------------------------


@dataclass
class Measurement:
    name: str
    language: str
    path: str
    status: int
    samples: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    min_ms: float | None = None
    max_ms: float | None = None
    bytes: int | None = None
    queries: int | None = None

    @property
    def ok(self):
        return self.status == 200


def percentile(values, fraction):
    """Nearest-rank percentile: the smallest sample that at least `fraction` of the samples do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def content_of(response):
    # A streaming response is only produced as it is read, so reading it is part of the time.
    return b"".join(response.streaming_content) if response.streaming else response.content


def measure(client, page, repeat, time_budget):
    """Warm up once, then time up to `repeat` requests, counting the SQL queries of the first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The warm-up compiles templates and fills caches (site settings), as a running server would have.
    response = client.get(page.path)
    content_of(response)
    if response.status_code != 200:
        return Measurement(page.name, page.language, page.path, response.status_code)
    times, statuses, queries, size = [], set(), None, None
    deadline = time.perf_counter() + time_budget
    for _ in range(repeat):
        # Logging the SQL of one request costs microseconds; it saves a request, which matters for slow pages.
        capture = CaptureQueriesContext(connection) if queries is None else contextlib.nullcontext()
        with capture:
            start = time.perf_counter()
            response = client.get(page.path)
            content = content_of(response)
            times.append((time.perf_counter() - start) * 1000)
        if queries is None:
            # Read at once: the next request empties the connection's query log.
            queries, size = len(capture), len(content)
        statuses.add(response.status_code)
        if len(times) >= MIN_SAMPLES and time.perf_counter() > deadline:
            break
    return Measurement(
        page.name,
        page.language,
        page.path,
        status=next((status for status in statuses if status != 200), 200),
        samples=len(times),
        median_ms=round(statistics.median(times), 2),
        p95_ms=round(percentile(times, 0.95), 2),
        min_ms=round(min(times), 2),
        max_ms=round(max(times), 2),
        bytes=size,
        queries=queries,
    )


# --- Reporting --------------------------------------------------------------------------------------------------

COLUMNS = [
    # (heading, alignment, cell)
    ("page", "<", lambda m: m.name),
    ("lang", "<", lambda m: m.language or "-"),
    ("median ms", ">", lambda m: _number(m.median_ms, "{:,.1f}")),
    ("p95 ms", ">", lambda m: _number(m.p95_ms, "{:,.1f}")),
    ("n", ">", lambda m: str(m.samples)),
    ("bytes", ">", lambda m: _number(m.bytes, "{:,}")),
    ("queries", ">", lambda m: _number(m.queries, "{}")),
    ("status", ">", lambda m: str(m.status)),
    ("path", "<", lambda m: m.path),
]


def _number(value, template):
    return "-" if value is None else template.format(value)


def table(measurements):
    rows = [[cell(m) for _heading, _align, cell in COLUMNS] for m in measurements]
    headings = [heading for heading, _align, _cell in COLUMNS]
    widths = [max(len(text) for text in column) for column in zip(headings, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            f"{text:{align}{width}}" for text, width, (_h, align, _c) in zip(cells, widths, COLUMNS, strict=True)
        ).rstrip()

    return "\n".join([line(headings), line(["-" * width for width in widths]), *(line(row) for row in rows)])


def write_results(path, report):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- The run ----------------------------------------------------------------------------------------------------


def run(args, database_url):
    started = time.perf_counter()
    setup_django()
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.pages import pages
    from outreach import scale as sitedata

    phases = {}
    say(f"Database: {connection.vendor} ({redacted(database_url)})")
    cache_backend = cache_description()
    say(f"Cache: {cache_backend}")

    say("Migrating…")
    phase_start = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    phases["migrate_s"] = round(time.perf_counter() - phase_start, 1)

    size = sitedata.SIZES[args.size]
    say(f"Building the {args.size} site…")
    phase_start = time.perf_counter()
    facts = sitedata.build_site(size, progress=lambda message: say(f"  {message}"))
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum); a freshly filled one has none until ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    phases["build_s"] = round(time.perf_counter() - phase_start, 1)
    say(f"  built in {phases['build_s']} s")

    to_measure = pages(facts)
    say(f"Measuring {len(to_measure)} pages, {args.repeat} requests each (at most ~{args.time_budget:g} s a page)…")
    phase_start = time.perf_counter()
    # raise_request_exception=False: a failing page is reported with its status (and logged) instead of ending
    # the run.
    client = Client(raise_request_exception=False)
    measurements = []
    for number, page in enumerate(to_measure, 1):
        result = measure(client, page, args.repeat, args.time_budget)
        measurements.append(result)
        timing = f"{result.median_ms:9,.1f} ms  {result.queries:3} queries" if result.ok else f"status {result.status}"
        say(f"  [{number:2}/{len(to_measure)}] {page.language or '-':2} {page.name:24} {timing}")
    phases["measure_s"] = round(time.perf_counter() - phase_start, 1)

    say()
    say(table(measurements))
    failures = [m for m in measurements if not m.ok]
    report = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "size": args.size,
        "site": facts.counts,
        "database": {"vendor": connection.vendor, "url": redacted(database_url)},
        "cache": cache_backend,
        "repeat": args.repeat,
        "time_budget_s": args.time_budget,
        "environment": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "git": git_state(),
        },
        "phases": phases | {"total_s": round(time.perf_counter() - started, 1)},
        "pages": [asdict(m) for m in measurements],
        "failures": [f"{m.language or '-'} {m.name} {m.path}: {m.status}" for m in failures],
    }
    forget_cache_keys()
    write_results(args.output, report)
    say()
    say(
        f"Migrate {phases['migrate_s']} s, build {phases['build_s']} s, measure {phases['measure_s']} s; "
        f"total {report['phases']['total_s']} s. Results: {args.output}"
    )
    for failure in report["failures"]:
        say(f"FAILED: {failure}")
    return 1 if failures else 0


def main(argv=None):
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    created_postgres = False
    try:
        if is_postgres(database_url):
            create_postgres_database(database_url)
            created_postgres = True
        configure_environment(args, database_url, workdir)
        return run(args, database_url)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            say(f"Kept: {redacted(database_url)} (and {workdir})")
        else:
            if created_postgres:
                drop_postgres_database(database_url)
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
