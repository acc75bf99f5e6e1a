#!/usr/bin/env python
"""
The site under load, through a real app server: `make bench`.

For each database the machine offers (SQLite with the local-memory cache, the embedded default; then PostgreSQL
with Redis, when both answer on 127.0.0.1), the run:

1. builds a large site in a throwaway database (`outreach/scale.py`: 10,000 meetings and the rest), collects the
   static files and makes an editor account (`prepare`, in a child process with the run's settings);
2. starts gunicorn (2 workers, production profile: DEBUG off, strong secret key, manifest static files) with the
   page cache on, warms every page up, and measures each page type with wrk, between measurements of the floor:
   a constant Django view behind the same middleware (`bench/urls.py`);
3. does the same with the page cache off (`PAGE_CACHE_SECONDS=0`): what a page costs when it is rendered;
4. runs the load test: 64 connections for 60 seconds over the main page types while an editor saves a meeting
   through the admin every second; then checks that no response was anything but 2xx, that no worker timed out,
   and that every page showing the meeting shows its last saved title on every worker.

Throughput is reported as requests/s and as a ratio to the floor measured in the same server run, since the
machine is shared and noisy. Results: a table on stdout, `bench/results/latest.md` (with the machine's
description) and `bench/results/latest.json`. The run exits non-zero if a page answered anything but 200 or the
load test failed; goals that are not met are reported, not failed.

    .venv/bin/python bench/load.py                     # what `make bench` runs
    .venv/bin/python bench/load.py --quick             # a small site, short runs: checks the harness works
    .venv/bin/python bench/load.py --backends sqlite   # one database only
"""

import argparse
import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Run as a script: the project root must be importable for `bench.*` and the apps.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PROJECT_ROOT,
    create_postgres_database,
    drop_postgres_database,
    redacted,
    say,
)

RESULTS = PROJECT_ROOT / "bench" / "results"
WRK_SCRIPT = PROJECT_ROOT / "bench" / "wrk.lua"
GUNICORN = Path(sys.executable).parent / "gunicorn"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/outreach_load_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"
FLOOR_PATH = "/bench/floor"
WORKERS = 2
# The goals of issue 9, as fractions of the floor measured in the same run.
CACHED_GOAL = 0.7
UNCACHED_GOAL = 0.15
# The page types of the load test: what residents open when news breaks.
LOAD_PAGES = ("home", "upcoming", "meeting", "policies", "policy", "FAQ", "resources", "search (common word)")


# --- Arguments --------------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Load-test the site through gunicorn with wrk.")
    parser.add_argument("--backends", default="auto", help="sqlite, postgres or both, comma-separated (default: "
                        "SQLite, and PostgreSQL + Redis when they answer on 127.0.0.1)")  # fmt: skip
    parser.add_argument("--size", choices=("default", "small"), default="default", help="site to build")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page (default: 5)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections per page (default: 8)")
    parser.add_argument("--load-seconds", type=int, default=60, help="length of the load test (default: 60)")
    parser.add_argument("--load-connections", type=int, default=64, help="connections in the load test (64)")
    parser.add_argument("--skip-load", action="store_true", help="measure pages only, no load test")
    parser.add_argument("--quick", action="store_true", help="small site, 1-second runs, 10-second load test")
    parser.add_argument("--keep", action="store_true", help="keep the databases and the work folder")
    parser.add_argument("command", nargs="?", default="run", choices=("run", "prepare"), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.duration, args.load_seconds = "small", 1, 10
    return args


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def chosen_backends(args):
    if args.backends != "auto":
        return [name.strip() for name in args.backends.split(",") if name.strip()]
    backends = ["sqlite"]
    if answers(5432) and answers(6379):
        backends.append("postgres")
    else:
        say("PostgreSQL or Redis does not answer on 127.0.0.1: measuring SQLite only.")
    return backends


# --- The site's environment -------------------------------------------------------------------------------------


def site_environment(backend, workdir, page_cache):
    """The settings of the run, as environment variables (they win over a .env file)."""
    database_url = POSTGRES_URL if backend == "postgres" else f"sqlite:///{workdir / 'site.sqlite3'}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(PROJECT_ROOT),
        "DEBUG": "false",
        "SECRET_KEY": (workdir / "secret").read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The address every absolute link is built from (required in production); never fetched by the run.
        "SITE_URL": "https://outreach.example.org",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL if backend == "postgres" else "",
        # A prefix of its own, so a shared Redis never mixes the run's keys with a real site's.
        "CACHE_KEY_PREFIX": f"outreach-load-bench-{os.getpid()}",
        # What a production site sets: persistent database connections.
        "CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        # Plain HTTP on the loopback: the admin's cookies must travel without TLS.
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    if not page_cache:
        environment["PAGE_CACHE_SECONDS"] = "0"
    return environment


def prepare(args):
    """In a child process with the run's settings: build the site, collect static files, make the editor."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import translation

    from bench.pages import pages
    from editorial.i18n import language_codes, source_language
    from events.models import Event
    from outreach import scale

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    facts = scale.build_site(scale.SIZES[args.size])
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum); a freshly filled one has none until ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    call_command("collectstatic", interactive=False, verbosity=0)
    password = secrets.token_urlsafe(24)
    get_user_model().objects.create_superuser("bench-editor", "editor@example.org", password)
    # The meeting the editor changes during the load test: the next one, on the home page and the list's first page.
    event = Event.objects.published().upcoming().order_by("starts_at", "pk").first()
    # Measured in the language most residents read (the first target language), plus the home page in the source.
    reading = next((code for code in language_codes() if code != source_language()), source_language())
    measured = [page for page in pages(facts) if page.language == reading or page.name == "home"]
    showing_event = {}
    for code in language_codes():
        with translation.override(code):
            showing_event[code] = [event.get_absolute_url(), reverse("outreach:home"), reverse("events:event-list")]
    return {
        "counts": facts.counts,
        "build_seconds": round(built, 1),
        "database": connection.vendor,
        "pages": [asdict(page) for page in measured],
        "editor": {"username": "bench-editor", "password": password},
        "login_path": reverse("admin:login"),
        "event": {
            "change_path": reverse("admin:events_event_change", args=[event.pk]),
            "titles": {code: getattr(event, f"title_{code}") for code in language_codes()},
            "pages": showing_event,
        },
    }


# --- gunicorn ---------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """gunicorn with the project's WSGI application, as production runs it."""

    def __init__(self, environment, workdir, name):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.error_log = workdir / f"gunicorn-{name}.log"
        command = [str(GUNICORN), "outreach.wsgi:application", "--workers", str(WORKERS),
                   "--bind", f"127.0.0.1:{self.port}", "--timeout", "30", "--graceful-timeout", "5",
                   "--error-logfile", str(self.error_log), "--log-level", "info"]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, start_new_session=True)
        self._wait_until_ready()

    def _wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start; see {self.error_log}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer /healthz within {seconds} s; see {self.error_log}")

    def worker_timeouts(self):
        return self.error_log.read_text(errors="replace").count("WORKER TIMEOUT")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def get(url, opener=None, timeout=30):
    """(status, body) of a GET that follows no redirect."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with (opener or NO_REDIRECTS).open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECTS = urllib.request.build_opener(_NoRedirect)


# --- wrk --------------------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One wrk run: throughput, latency and every kind of failure."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx_3xx: int
    socket_errors: int
    statuses: dict = field(default_factory=dict)

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self):
        return self.non_2xx_3xx + self.socket_errors


def wrk(base, paths, workdir, duration, connections, count_statuses=False):
    paths_file = workdir / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    environment = {**os.environ, "WRK_COUNT_STATUSES": "1" if count_statuses else "0"}
    command = ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{max(1, round(duration))}s",
               "--timeout", "10s", "--script", str(WRK_SCRIPT), base, "--", str(paths_file)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH-RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    data = json.loads(line.removeprefix("BENCH-RESULT "))
    return Run(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        non_2xx_3xx=data["non_2xx_3xx"],
        socket_errors=sum(data[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")),
        statuses=data["statuses"],
    )


# --- Measuring pages --------------------------------------------------------------------------------------------


@dataclass
class PageResult:
    name: str
    language: str
    path: str
    status: int
    bytes: int
    run: Run | None = None
    ratio: float | None = None


def check_and_warm(server, pages, rounds):
    """Every page answers 200 (not a redirect, which wrk would count as a success); each worker renders it."""
    statuses = {}
    for page in pages:
        for _ in range(rounds):
            status, body = get(server.base + page["path"])
            statuses[page["path"]] = (status, len(body))
    return statuses


def measure_pass(server, pages, workdir, args, label):
    """Floor, then each page with the floor measured again every few pages; ratios against the median floor."""
    warmed = check_and_warm(server, pages, rounds=2 * WORKERS)
    check_and_warm(server, [{"path": FLOOR_PATH}], rounds=2 * WORKERS)
    floors = [wrk(server.base, [FLOOR_PATH], workdir, args.duration, args.connections)]
    results = []
    for number, page in enumerate(pages, 1):
        status, size = warmed[page["path"]]
        result = PageResult(page["name"], page["language"], page["path"], status, size)
        if status == 200:
            result.run = wrk(server.base, [page["path"]], workdir, args.duration, args.connections)
        results.append(result)
        if number % 6 == 0:
            floors.append(wrk(server.base, [FLOOR_PATH], workdir, args.duration, args.connections))
        rate = f"{result.run.rate:8.1f} req/s  p50 {result.run.p50_ms:7.2f} ms" if result.run else f"status {status}"
        say(f"  {label} [{number:2}/{len(pages)}] {page['language'] or '-':2} {page['name']:28} {rate}")
    floors.append(wrk(server.base, [FLOOR_PATH], workdir, args.duration, args.connections))
    floor_rate = statistics.median(run.rate for run in floors)
    for result in results:
        if result.run:
            result.ratio = result.run.rate / floor_rate
    say(f"  {label} floor: {', '.join(f'{run.rate:.0f}' for run in floors)} req/s (median {floor_rate:.0f})")
    return {"floor_runs": floors, "floor_rate": floor_rate, "pages": results}


# --- The load test ----------------------------------------------------------------------------------------------


class Editor(threading.Thread):
    """An editor saving the next meeting through the admin every second, with a new title in every language."""

    def __init__(self, base, plan):
        super().__init__(daemon=True)
        self.base, self.plan = base, plan
        self.stop_event = threading.Event()
        self.saves, self.failures, self.durations = 0, [], []
        self.last_titles = None
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def log_in(self):
        from tests.helpers import form_data

        status, body = get(self.base + self.plan["login_path"], self.opener)
        data = form_data(_Page(body))
        data.update(self.plan["editor"])
        status, _body = self.post(self.plan["login_path"], data)
        if status != 302:
            raise SystemExit(f"The editor could not log in (status {status})")

    def post(self, path, data):
        encoded = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=encoded, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def save_once(self, number):
        from tests.helpers import form_data

        path = self.plan["event"]["change_path"]
        started = time.perf_counter()
        status, body = get(self.base + path, self.opener)
        if status != 200:
            self.failures.append(f"change form: {status}")
            return
        data = form_data(_Page(body))
        titles = {code: f"{title} · edit {number}" for code, title in self.plan["event"]["titles"].items()}
        data.update({f"title_{code}": title for code, title in titles.items()})
        data["_continue"] = "1"
        status, body = self.post(path, data)
        self.durations.append((time.perf_counter() - started) * 1000)
        if status == 302:
            self.saves += 1
            self.last_titles = titles
        else:
            self.failures.append(f"save {number}: status {status}")

    def run(self):
        number = 0
        while not self.stop_event.is_set():
            number += 1
            started = time.monotonic()
            try:
                self.save_once(number)
            except OSError as error:
                self.failures.append(f"save {number}: {error}")
            self.stop_event.wait(max(0.0, 1.0 - (time.monotonic() - started)))


class _Page:
    """What tests.helpers.form_data reads from a response."""

    def __init__(self, body):
        self.content = body


def stale_pages(server, plan, titles, rounds):
    """Pages that do not show the last saved title, on any of `rounds` requests (spread over the workers)."""
    import html

    stale = []
    for code, paths in plan["event"]["pages"].items():
        expected = html.escape(titles[code]).encode()
        for path in paths:
            for attempt in range(rounds):
                status, body = get(server.base + path)
                if status != 200 or expected not in body:
                    stale.append(f"{path} (request {attempt + 1}: status {status})")
                    break
    return stale


def load_test(server, plan, workdir, args):
    paths = [page["path"] for page in plan["pages"] if page["name"] in LOAD_PAGES]
    editor = Editor(server.base, plan)
    editor.log_in()
    timeouts_before = server.worker_timeouts()
    editor.start()
    run = wrk(server.base, paths, workdir, args.load_seconds, args.load_connections, count_statuses=True)
    editor.stop_event.set()
    editor.join(timeout=60)
    stale = stale_pages(server, plan, editor.last_titles, rounds=4 * WORKERS) if editor.last_titles else ["no save"]
    non_2xx = sum(count for status, count in run.statuses.items() if not status.startswith("2"))
    return {
        "paths": paths,
        "run": run,
        "non_2xx": non_2xx + run.socket_errors,
        "worker_timeouts": server.worker_timeouts() - timeouts_before,
        "saves": editor.saves,
        "save_failures": editor.failures,
        "save_median_ms": statistics.median(editor.durations) if editor.durations else None,
        "stale_pages": stale,
    }


# --- One database -----------------------------------------------------------------------------------------------


def run_backend(backend, args):
    workdir = Path(tempfile.mkdtemp(prefix=f"outreach-load-{backend}-"))
    (workdir / "secret").write_text(secrets.token_urlsafe(50))
    created_postgres = False
    try:
        if backend == "postgres":
            create_postgres_database(POSTGRES_URL)
            created_postgres = True
        say(f"\n== {backend}: building the {args.size} site…")
        child = subprocess.run(
            [sys.executable, __file__, "prepare", "--size", args.size, "--workdir", str(workdir)],
            cwd=PROJECT_ROOT, env=site_environment(backend, workdir, page_cache=True),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if child.returncode != 0:
            raise SystemExit(f"prepare failed:\n{child.stderr[-3000:]}")
        plan = json.loads(child.stdout.strip().splitlines()[-1])
        say(f"   built in {plan['build_seconds']} s: {plan['counts']}")
        result = {"backend": backend, "database": plan["database"], "counts": plan["counts"], "passes": {}}
        for label, page_cache in (("cached", True), ("uncached", False)):
            server = AppServer(site_environment(backend, workdir, page_cache), workdir, label)
            try:
                result["passes"][label] = measure_pass(server, plan["pages"], workdir, args, label)
            finally:
                server.stop()
        if not args.skip_load:
            say(f"   load test: {args.load_connections} connections for {args.load_seconds} s, an editor saving "
                "every second…")  # fmt: skip
            server = AppServer(site_environment(backend, workdir, page_cache=True), workdir, "load")
            try:
                result["load"] = load_test(server, plan, workdir, args)
            finally:
                server.stop()
            load = result["load"]
            say(f"   {load['run'].rate:.0f} req/s, non-2xx {load['non_2xx']}, worker timeouts "
                f"{load['worker_timeouts']}, saves {load['saves']} ({len(load['save_failures'])} failed), stale "
                f"pages {len(load['stale_pages'])}")  # fmt: skip
        return result
    finally:
        if args.keep:
            say(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if created_postgres:
                drop_postgres_database(POSTGRES_URL)
            if backend == "postgres":
                forget_redis_keys()


def forget_redis_keys():
    """The run's keys in Redis expire on their own; remove them now so a shared Redis is left as it was."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        prefix = f"outreach-load-bench-{os.getpid()}"
        for key in client.scan_iter(match=f"{prefix}*", count=1000):
            client.delete(key)
    except Exception as error:  # noqa: BLE001 (cleanup must not hide the results)
        say(f"Could not clean Redis: {error}")


# --- Report -----------------------------------------------------------------------------------------------------


def _cell(run, ratio):
    if run is None:
        return ["-", "-", "-", "-", "-"]
    return [f"{run.rate:,.0f}", f"{run.p50_ms:.1f}", f"{run.p99_ms:.1f}", str(run.errors), f"{ratio:.2f}"]


def markdown(results, machine, args, started):
    lines = [
        "# Benchmark results",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} by `make bench` (`bench/load.py`), git "
        f"{machine['git']['commit']}{' (uncommitted changes)' if machine['git']['dirty'] else ''}.",
        "",
        f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory_gb']} GB, {machine['os']}; load "
        f"average at start {machine['load_average_at_start']}. Python {machine['python']}, Django "
        f"{machine['django']}. The machine is shared: compare ratios, not raw numbers.",
        "",
        f"Server: gunicorn, {WORKERS} sync workers, production profile (DEBUG off, manifest static files, "
        f"persistent database connections). Load: wrk, 1 thread, {args.connections} connections, "
        f"{args.duration:g} s per page; the floor (a constant view behind the same middleware) is measured before, "
        "every six pages and after, and each page's ratio is its throughput over the median floor of the same "
        "server run. Goals: cached pages at least "
        f"{CACHED_GOAL} of the floor with zero errors; uncached pages at least {UNCACHED_GOAL}.",
        "",
    ]
    for result in results:
        counts = ", ".join(f"{value:,} {name}" for name, value in result["counts"].items())
        lines += [f"## {result['database']}" + (" + Redis" if result["backend"] == "postgres" else " + local memory"),
                  "", f"Site: {counts}.", ""]  # fmt: skip
        cached, uncached = result["passes"]["cached"], result["passes"]["uncached"]
        lines += [
            f"Floor: {cached['floor_rate']:,.0f} req/s in the cached run, {uncached['floor_rate']:,.0f} req/s in the "
            "uncached run.",
            "",
            "| page | lang | bytes | cached req/s | p50 ms | p99 ms | errors | ratio | uncached req/s | p50 ms | "
            "p99 ms | errors | ratio |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for hot, cold in zip(cached["pages"], uncached["pages"], strict=True):
            cells = [hot.name, hot.language or "-", f"{hot.bytes:,}", *_cell(hot.run, hot.ratio),
                     *_cell(cold.run, cold.ratio)]  # fmt: skip
            if hot.status != 200:
                cells[3] = f"status {hot.status}"
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", *goal_lines(cached, uncached), ""]
        if "load" in result:
            load = result["load"]
            run = load["run"]
            verdict = "passed" if load_passed(load) else "FAILED"
            lines += [
                f"Load test ({verdict}): {args.load_connections} connections for {args.load_seconds} s over "
                f"{len(load['paths'])} page types while an editor saved a meeting every second: {run.requests:,} "
                f"requests, {run.rate:,.0f} req/s, p50 {run.p50_ms:.1f} ms, p99 {run.p99_ms:.1f} ms, max "
                f"{run.max_ms:.0f} ms; non-2xx responses and socket errors {load['non_2xx']}; worker timeouts "
                f"{load['worker_timeouts']}; {load['saves']} saves (median "
                f"{(load['save_median_ms'] or 0):.0f} ms, failed: {len(load['save_failures'])}); pages not showing "
                f"the last save afterwards: {len(load['stale_pages'])}.",
                "",
            ]
    lines.append(f"Total time: {time.monotonic() - started:.0f} s.")
    return "\n".join(lines) + "\n"


def goal_lines(cached, uncached):
    measured = [(hot, cold) for hot, cold in zip(cached["pages"], uncached["pages"], strict=True) if hot.run]
    hot_met = [hot for hot, _cold in measured if hot.ratio >= CACHED_GOAL and hot.run.errors == 0]
    cold_met = [cold for _hot, cold in measured if cold.run and cold.ratio >= UNCACHED_GOAL]
    hot_missed = [f"{hot.name} ({hot.ratio:.2f})" for hot, _cold in measured if hot not in hot_met]
    cold_missed = [f"{cold.name} ({cold.ratio:.2f})" for _hot, cold in measured if cold.run and cold not in cold_met]
    return [
        f"- Cached, goal {CACHED_GOAL} of the floor with zero errors: met by {len(hot_met)} of {len(measured)} pages"
        + (f"; not met: {', '.join(hot_missed)}." if hot_missed else "."),
        f"- Uncached, goal {UNCACHED_GOAL} of the floor: met by {len(cold_met)} of {len(measured)} pages"
        + (f"; not met: {', '.join(cold_missed)}." if cold_missed else "."),
    ]


def load_passed(load):
    return not (load["non_2xx"] or load["worker_timeouts"] or load["stale_pages"] or load["save_failures"])


def as_json(value):
    if isinstance(value, Run | PageResult):
        return {**asdict(value), **({"rate": value.rate} if isinstance(value, Run) else {})}
    raise TypeError(type(value))


def main(argv=None):
    args = parse_args(argv)
    if args.command == "prepare":
        sys.stdout.write(json.dumps(prepare(args)) + "\n")
        return 0
    if shutil.which("wrk") is None:
        raise SystemExit("The benchmark needs wrk: `apt-get install wrk` (Debian) or your system's package.")
    started = time.monotonic()
    from bench.common import machine_description

    machine = machine_description()
    results = [run_backend(backend, args) for backend in chosen_backends(args)]
    report = markdown(results, machine, args, started)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(report)
    (RESULTS / "latest.json").write_text(
        json.dumps(
            {"machine": machine, "args": vars(args) | {"workdir": None}, "results": results}, default=as_json, indent=2
        )  # fmt: skip
    )
    say("\n" + report)
    say(f"Written: {redacted(str(RESULTS / 'latest.md'))}")
    failed_pages = [page for result in results for one in result["passes"].values() for page in one["pages"]
                    if page.status != 200]  # fmt: skip
    failed_loads = [result for result in results if "load" in result and not load_passed(result["load"])]
    return 1 if failed_pages or failed_loads else 0


if __name__ == "__main__":
    sys.exit(main())
