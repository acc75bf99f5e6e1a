#!/usr/bin/env python
"""
The site on one, two and three app servers behind nginx: `make bench-cluster`, and the end of `make bench` when
this machine can run it (README "Several servers").

The cluster is the one of the multi-server tests (`tests/cluster/conftest.py`): a database of its own on the
PostgreSQL server at --postgres (default 127.0.0.1:5432), a PgBouncer in transaction mode and a redis-server of its
own on free ports, gunicorn app servers with gunicorn.conf.py (2 workers each) in the production profile, and nginx
with deploy/compose/nginx.conf. The site is `seed_demo`'s, not outreach/scale.py's 10,000 meetings: what this run
measures is what a second and third app server add, and a big site's cost per page is already `make bench`'s
(bench/results/latest.md); seeding takes seconds where building the large site takes minutes of the run's budget.

1. Cached pages: three app servers with the page cache on. For N = 1, 2, 3, nginx in front of the first N; every
   page warmed until the shared cache answers it; then wrk through nginx over a mix of page types in both
   languages (home, upcoming meetings, a meeting, policies, a policy), between two runs of the floor (a constant
   view behind the same middleware, bench/urls.py) through the same nginx.
2. Uncached pages: the same with three other app servers started with PAGE_CACHE_SECONDS=0, as `make bench`
   measures rendering. (Query strings that miss the cache would measure other pages than residents read, and
   store a new cache entry on every request.)
3. Failover: wrk through nginx in front of all three, one app server killed (SIGKILL to its process group, as a
   crashed machine) a third of the way in: the errors wrk saw, and the seconds until throughput is back, from
   nginx's own access log (one line per response, with its second: no cost to the client measuring it).

4. Database failover: tests/cluster/test_failover.py's run on a primary and a synchronous standby of its own
   (`pg_basebackup`), one app server, PgBouncer: readers and a resident sending questions while the primary crashes
   and the standby is promoted; failed reads, refused and lost questions, seconds until questions are saved again.

Results: a table on stdout, `bench/results/cluster.md` and `bench/results/cluster.json`.

    .venv/bin/python bench/cluster.py                  # what `make bench-cluster` runs (about 4 minutes)
    .venv/bin/python bench/cluster.py --quick          # one and two servers, short runs: about a minute
    .venv/bin/python bench/cluster.py --if-available   # what `make bench` runs: says why when it cannot
"""

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

# Run as a script: the project root must be importable; tests.cluster reads the settings' BASE_DIR when imported.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from bench.common import (  # noqa: E402
    PROJECT_ROOT,
    create_postgres_database,
    drop_postgres_database,
    machine_description,
    redacted,
    say,
)
from bench.load import FLOOR_PATH, Run, answers, wrk  # noqa: E402

RESULTS = PROJECT_ROOT / "bench" / "results"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/outreach_cluster_bench"
TOOLS = ("nginx", "pgbouncer", "redis-server", "wrk")
WORKERS = 2
# A failover has recovered once every full second after it has this share of the successes of the seconds before.
RECOVERED_SHARE = 0.8


# --- Arguments --------------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Throughput of one to three app servers behind nginx, failover.")
    parser.add_argument("--postgres", default=POSTGRES_URL, help="PostgreSQL server and the database to create "
                        f"for the run (default: {POSTGRES_URL})")  # fmt: skip
    parser.add_argument("--servers", type=int, default=3, help="measure 1 to this many app servers (default: 3)")
    parser.add_argument("--duration", type=int, default=8, help="seconds of each wrk run (default: 8)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default: 16)")
    parser.add_argument("--failover-seconds", type=int, default=15, help="length of a failover run (default: 15)")
    parser.add_argument("--quick", action="store_true", help="1 and 2 servers, 2-second runs, 8-second failovers")
    parser.add_argument("--if-available", action="store_true", help="exit 0, saying why, when this machine cannot "
                        "run the cluster (no PostgreSQL, or no nginx, pgbouncer, redis-server or wrk)")  # fmt: skip
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for cluster.md and cluster.json")
    parser.add_argument("--keep", action="store_true", help="keep the database and the work folder")
    args = parser.parse_args(argv)
    if args.quick:
        args.servers, args.duration, args.failover_seconds = min(args.servers, 2), 2, 8
    if args.servers < 1 or args.duration < 1 or args.failover_seconds < 6:
        parser.error("--servers and --duration must be at least 1, --failover-seconds at least 6")
    return args


def postgres_server(url):
    """The server of a PostgreSQL URL, as tests/cluster's Cluster takes it."""
    parts = urllib.parse.urlsplit(url)
    server = {"host": parts.hostname or "127.0.0.1", "port": parts.port or 5432, "user": parts.username or "postgres"}
    if parts.password:
        server["password"] = urllib.parse.unquote(parts.password)
    return server


def unavailable(args):
    """Why this machine cannot run the cluster, or None. Its Redis is a redis-server of its own: none need answer."""
    from tests.cluster.conftest import tool_path

    server = postgres_server(args.postgres)
    missing = [name for name in TOOLS if tool_path(name) is None]
    if missing:
        return f"{', '.join(missing)} not installed (apt-get install {' '.join(missing)})"
    if server["host"] not in {"127.0.0.1", "localhost"} or not answers(server["port"]):
        return f"PostgreSQL does not answer on {server['host']}:{server['port']} (--postgres)"
    return None


# --- The cluster ------------------------------------------------------------------------------------------------


def prepare(cluster, server, database):
    """Redis, PgBouncer, the migrated and seeded database and the static files; the app servers' environment: the
    multi-server tests' (tests/cluster/conftest.py), with bench/settings.py for the floor."""
    from tests.cluster.conftest import prepare_site, site_environment
    from tests.helpers import free_port, postgresql_url

    cluster.start_redis()
    cluster.start_pgbouncer({database: (server, database)})
    cluster.ports["nginx"] = free_port()
    cluster.environment = site_environment(
        cluster,
        postgresql_url(server, database, "127.0.0.1", cluster.ports["pgbouncer"]),
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(PROJECT_ROOT),
        WEB_CONCURRENCY=str(WORKERS),
        LOG_LEVEL="WARNING",
    )
    prepare_site(cluster, postgresql_url(server, database))


def front(cluster, names):
    """nginx in front of the app servers `names`, started again if it ran in front of others."""
    if "nginx" in cluster.processes:
        cluster.kill("nginx")
    cluster.start_nginx(names)


def reading_paths(browser):
    """The pages measured, in both languages: home, upcoming meetings, a meeting, policies, a policy."""
    import django

    django.setup()
    from django.urls import reverse
    from django.utils import translation

    slugs = {}
    for kind, listing in (("events", "event-list"), ("policies", "policy-list")):
        with translation.override("en"):
            path = reverse(f"{kind}:{listing}")
        status, _headers, page = browser.get(path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        found = re.search(rf'href="{re.escape(path)}((?!feed/|past/)[a-z0-9-]+)/"', page)
        if found is None:
            raise SystemExit(f"{path} links to no item: did seed_demo publish any?")
        slugs[kind] = found.group(1)
    paths = []
    for code in ("en", "es"):
        with translation.override(code):
            paths += [
                reverse("outreach:home"),
                reverse("events:event-list"),
                reverse("events:event-detail", args=[slugs["events"]]),
                reverse("policies:policy-list"),
                reverse("policies:policy-detail", args=[slugs["policies"]]),
            ]
    return paths


def warm(cluster, paths, servers, cached):
    """
    Every path answers 200 through nginx (wrk would count a redirect as a success), each worker of each server has
    served it; with the page cache on, until the cache answers it. The X-Page-Cache values seen, by path.
    """
    browser = cluster.browser("nginx")
    seen = {}
    for path in paths:
        for _ in range(2 * WORKERS * servers):
            status, headers, _body = browser.get(path)
            if status != 200:
                raise SystemExit(f"{path} answered {status} through nginx")
        deadline = time.monotonic() + 30
        while cached and path != FLOOR_PATH and headers.get("X-Page-Cache") != "hit":
            if time.monotonic() > deadline:
                raise SystemExit(f"{path} never came from the page cache")
            time.sleep(0.2)
            _status, headers, _body = browser.get(path)
        seen[path] = headers.get("X-Page-Cache", "-")
    return seen


# --- Throughput -------------------------------------------------------------------------------------------------


@dataclass
class Scaling:
    """The page mix and the floor through nginx in front of `servers` app servers."""

    pages: str  # "cached" or "uncached"
    servers: int
    run: Run
    floors: list
    cache_header: dict = field(default_factory=dict)

    @property
    def floor_rate(self):
        return statistics.mean(floor.rate for floor in self.floors)

    @property
    def ratio(self):
        return self.run.rate / self.floor_rate if self.floor_rate else 0.0

    @property
    def errors(self):
        return self.run.errors + sum(floor.errors for floor in self.floors)


def measure(cluster, label, names, paths, args):
    """For N = 1 … len(names): the floor, the page mix, the floor again, through nginx in front of the first N."""
    rows = []
    for count in range(1, len(names) + 1):
        front(cluster, names[:count])
        seen = warm(cluster, [*paths, FLOOR_PATH], count, cached=label == "cached")
        base = cluster.url("nginx")
        floors = [wrk(base, [FLOOR_PATH], cluster.folder, args.duration, args.connections)]
        run = wrk(base, paths, cluster.folder, args.duration, args.connections)
        floors.append(wrk(base, [FLOOR_PATH], cluster.folder, args.duration, args.connections))
        row = Scaling(label, count, run, floors, {path: seen[path] for path in paths})
        rows.append(row)
        say(f"  {label:8} {count} server(s): {run.rate:7.0f} req/s, p50 {run.p50_ms:6.1f} ms, errors {row.errors}; "
            f"floor {row.floor_rate:.0f} req/s; ratio {row.ratio:.2f}")  # fmt: skip
    return rows


# --- Failover ---------------------------------------------------------------------------------------------------


@dataclass
class FailoverResult:
    """One failover run: what readers lost while part of the cluster died, and how long until it served as before."""

    name: str
    errors: int  # responses wrk saw fail (socket errors and answers outside 2xx and 3xx)
    seconds_to_recover: float | None  # None: throughput not back before the run ended
    notes: str
    requests: int = 0
    per_second: list = field(default_factory=list)  # [second after the kill, successes, 5xx] from nginx's log


def access_log_seconds(path, offset):
    """{epoch second: [successes, 5xx]} of nginx's access log lines after `offset` (its outreach format)."""
    counts = {}
    with path.open() as log:
        log.seek(offset)
        for line in log:
            found = re.match(r'(\S+) "[^"]*" (\d{3}) ', line)
            if found is None:
                continue
            second = int(datetime.fromisoformat(found.group(1)).timestamp())
            status = int(found.group(2))
            tally = counts.setdefault(second, [0, 0])
            # A 499 is wrk closing its connections at the end of the run: neither.
            if status < 400:
                tally[0] += 1
            elif status >= 500:
                tally[1] += 1
    return counts


def recovery(counts, killed_at):
    """
    (seconds to recover, successes per second before the kill, with the servers left): from the kill to the first
    second from which every full second has RECOVERED_SHARE of the lower of those two rates and no 5xx. The rate
    with the servers left is the median of the run's last half after the kill: a lost server may take capacity with
    it, and recovering is serving steadily without it, not serving as much as before. 0 when throughput never
    dipped, None when it was not back before the end. Resolution: one second (nginx logs the second of each
    response); the run's first and last seconds are partial and left out.
    """
    seconds = sorted(counts)[1:-1]
    kill_second = int(killed_at)
    before = [counts[second][0] for second in seconds if second < kill_second]
    after = [second for second in seconds if second >= kill_second]
    if not before or len(after) < 2:
        return None, None, None
    rate_before = statistics.median(before)
    rate_after = statistics.median(counts[second][0] for second in after[len(after) // 2 :])
    needed = RECOVERED_SHARE * min(rate_before, rate_after)
    recovered = None
    for second in reversed(after):
        successes, failures = counts[second]
        if successes < needed or failures:
            break
        recovered = second
    seconds_taken = None if recovered is None else max(0.0, recovered - killed_at)
    return seconds_taken, rate_before, rate_after


def app_server_failover(cluster, label, names, paths, args):
    """wrk through nginx in front of `names`; the last one killed a third of the way in."""
    front(cluster, names)
    warm(cluster, paths, len(names), cached=label == "cached")
    log = cluster.folder / "logs" / "access.log"
    offset = log.stat().st_size
    victim = names[-1]
    served_before = cluster.served(victim)
    result = {}
    load = threading.Thread(
        target=lambda: result.setdefault(
            "run", wrk(cluster.url("nginx"), paths, cluster.folder, args.failover_seconds, args.connections)
        )
    )
    load.start()
    time.sleep(args.failover_seconds / 3)
    killed_at = time.time()
    # Its share of the load when it died (its gunicorn access log): the run measures a server lost under load.
    served = cluster.served(victim) - served_before
    cluster.kill(victim)
    load.join()
    run = result["run"]
    counts = access_log_seconds(log, offset)
    seconds_taken, rate_before, rate_after = recovery(counts, killed_at)
    failed = [f"{run.socket_errors} socket errors", f"{run.non_2xx_3xx} answers outside 2xx and 3xx"]
    return FailoverResult(
        name=f"app server killed ({label} pages)",
        errors=run.errors,
        seconds_to_recover=seconds_taken,
        notes=f"{len(names)} servers, one killed after {args.failover_seconds // 3} s of {args.failover_seconds} s, "
        f"having answered {served:,} requests of the run; {rate_before or 0:,.0f} successes/s before, "
        f"{rate_after or 0:,.0f} with the servers left; " + ", ".join(failed),
        requests=run.requests,
        per_second=[[second - int(killed_at), *tally] for second, tally in sorted(counts.items())],
    )


def failover_runs(cluster, label, names, paths, args):
    """The failover rows of the results, for one set of app servers."""
    results = [app_server_failover(cluster, label, names, paths, args)]
    for result in results:
        report_failover(result)
    return results


def report_failover(result):
    recovery = "not recovered" if result.seconds_to_recover is None else f"{result.seconds_to_recover:.1f} s"
    say(f"  {result.name}: {result.requests} requests, {result.errors} errors, recovered in {recovery}")


def database_failover(args):
    """
    The run of tests/cluster/test_failover.py on a primary and a standby of its own (tests/cluster/standby.py,
    synchronous streaming), one app server and PgBouncer: two readers and one resident sending questions; the
    primary crashes (`pg_ctl stop -m immediate`), the standby is promoted `outage` seconds later and PgBouncer
    pointed at it. Errors: reads that failed and questions refused; recovery: from the promotion's start to the
    first question saved again; and how many confirmed questions the promoted server lacks.
    """
    from tests.cluster.conftest import promoted_targets, replicated_site
    from tests.cluster.failover import run_failover

    outage = 2.0
    folder = Path(tempfile.mkdtemp(prefix="outreach-failover-bench-"))
    try:
        with replicated_site(folder) as (cluster, postgres):
            run = run_failover(
                cluster.url("a"), cluster, postgres, promoted_targets(postgres), before=3.0, outage=outage,
                after=max(4.0, args.failover_seconds / 2),
            )  # fmt: skip
            stored = {
                text for (text,) in postgres.query("standby", "SELECT text FROM outreach_question", database="outreach")
            }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lost = len(set(run.acknowledged) - stored)
    refused = sum(run.refused.values())
    without = run.seconds_without_writes()
    notes = (
        f"1 app server, primary and synchronous standby; {run.reads:,} reads, {len(run.read_failures)} failed; "
        f"{len(run.acknowledged)} questions confirmed, {refused} refused, {lost} confirmed and lost; the primary "
        f"crashed, the standby promoted {outage:.0f} s later; no question saved for "
        + ("the rest of the run" if without is None else f"{without:.1f} s from the crash")
    )
    result = FailoverResult(
        name="database failover (primary crashed, standby promoted)",
        errors=len(run.read_failures) + refused + lost,
        seconds_to_recover=run.seconds_to_recover(),
        notes=notes,
        requests=run.reads + len(run.acknowledged) + refused,
    )
    report_failover(result)
    return result


# --- The run ----------------------------------------------------------------------------------------------------


def run(args):
    from tests.cluster.conftest import Cluster

    server = postgres_server(args.postgres)
    database = urllib.parse.urlsplit(args.postgres).path.lstrip("/")
    folder = Path(tempfile.mkdtemp(prefix="outreach-cluster-bench-"))
    create_postgres_database(args.postgres)
    cluster = Cluster(folder, server, database)
    scaling, failovers = [], []
    try:
        say(f"== cluster: seeding {database}, starting Redis and PgBouncer…")
        prepare(cluster, server, database)
        environment = cluster.environment
        paths = None
        for label, page_cache in (("cached", True), ("uncached", False)):
            names = [f"{label}-{number}" for number in range(1, args.servers + 1)]
            cluster.environment = environment if page_cache else {**environment, "PAGE_CACHE_SECONDS": "0"}
            say(f"== {label} pages: starting {len(names)} app servers…")
            for name in names:
                cluster.start_app(name)
            paths = paths or reading_paths(cluster.browser(names[0]))
            scaling += measure(cluster, label, names, paths, args)
            if len(names) > 1:
                failovers += failover_runs(cluster, label, names, paths, args)
            for name in names:
                cluster.kill(name)
    finally:
        cluster.stop_all()
        if args.keep:
            say(f"Kept {folder} and the database {database}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
            drop_postgres_database(args.postgres)
    from tests.cluster.standby import has_postgresql_binaries

    if has_postgresql_binaries():
        say("== database failover: a primary and a standby of its own…")
        failovers.append(database_failover(args))
    else:
        say("== database failover skipped: no PostgreSQL server programs (initdb, pg_basebackup) on this machine")
    return {"database": database, "paths": paths, "scaling": scaling, "failovers": failovers}


# --- Report -----------------------------------------------------------------------------------------------------


def markdown(results, machine, args, started):
    paths = ", ".join(f"`{path}`" for path in results["paths"])
    lines = [
        "# Cluster benchmark results",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make bench-cluster` (`bench/cluster.py"
        f"{' --quick' if args.quick else ''}`), git {machine['git']['commit']}"
        f"{' (uncommitted changes)' if machine['git']['dirty'] else ''}.",
        "",
        f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory_gb']} GB, {machine['os']}; load "
        f"average at start {machine['load_average_at_start']}. Python {machine['python']}, Django "
        f"{machine['django']}. The machine is shared: compare ratios, not raw numbers.",
        "",
        f"**Every process runs on these {machine['cpus']} CPUs**: the app servers, nginx, PgBouncer, PostgreSQL, "
        "Redis and wrk itself. A second or third app server here adds processes competing for the same cores, not "
        "cores: the scaling ratios show what spreading the load across servers costs or gains on one machine, not "
        "what servers on machines of their own would add.",
        "",
        f"Cluster (tests/cluster/conftest.py): gunicorn app servers with gunicorn.conf.py, {WORKERS} sync workers "
        "each, production profile, sharing one PostgreSQL database through PgBouncer (transaction mode) and one "
        "redis-server; nginx with deploy/compose/nginx.conf in front of the first N of them. Site: `seed_demo`. "
        f"Load: wrk through nginx, 1 thread, {args.connections} connections, {args.duration} s per run, cycling "
        f"over {paths}. Cached: page cache on, every page warmed until the cache answers it. Uncached: other app "
        "servers with `PAGE_CACHE_SECONDS=0`, every page rendered. The floor (a constant view behind the same "
        "middleware, bench/urls.py) is measured through the same nginx before and after each run; ratio = pages "
        "over the mean of the two floors.",
        "",
        "## Throughput",
        "",
        "| pages | app servers | req/s | p50 ms | p99 ms | errors | floor req/s | ratio to floor | req/s vs 1 server "
        "| floor vs 1 server |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in results["scaling"]:
        one = next(other for other in results["scaling"] if other.pages == row.pages and other.servers == 1)
        lines.append(
            f"| {row.pages} | {row.servers} | {row.run.rate:,.0f} | {row.run.p50_ms:.1f} | {row.run.p99_ms:.1f} | "
            f"{row.errors} | {row.floor_rate:,.0f} | {row.ratio:.2f} | {row.run.rate / one.run.rate:.2f} | "
            f"{row.floor_rate / one.floor_rate:.2f} |"
        )
    lines += [
        "",
        "## Failover",
        "",
        f"wrk through nginx for {args.failover_seconds} s, an app server killed (SIGKILL to its process group) a "
        "third of the way in; nginx (max_fails=1 fail_timeout=10s, proxy_next_upstream error timeout) resends a "
        "read that found it gone to another server. Errors: what wrk saw fail. Seconds to recover: from the kill to "
        f"the first second from which every second has {RECOVERED_SHARE:.0%} of the successes per second of "
        "the lower of the rates before the kill and with the servers left (the median of the run's last half) and no "
        "5xx, counted in nginx's access log (to the second); 0 when throughput never dipped.",
        "",
        "The database failover (tests/cluster/test_failover.py's run, README \"Database failover and read "
        "scaling\"): its own primary and synchronous standby, one app server reading residents' pages from the "
        "standby; two readers and one resident sending questions through the form while the primary crashes and, "
        "two seconds later, the standby is promoted and PgBouncer pointed at it. Errors: failed reads, refused "
        "questions and confirmed questions missing afterwards. Seconds to recover: from the start of the promotion "
        "to the first question saved again (those sent meanwhile wait in PgBouncer's queue).",
        "",
        "| run | requests | errors | seconds to recover | notes |",
        "|---|--:|--:|--:|---|",
    ]
    for result in results["failovers"]:
        recovery = "not within the run" if result.seconds_to_recover is None else f"{result.seconds_to_recover:.1f}"
        lines.append(f"| {result.name} | {result.requests:,} | {result.errors} | {recovery} | {result.notes} |")
    if not results["failovers"]:
        lines.append("| (none: a failover needs at least two app servers) | | | | |")
    lines += ["", "Responses per second in nginx's log (successes, and 5xx if any), from the run's first full second; "
              "`|` marks the kill:", ""]  # fmt: skip
    for result in results["failovers"]:
        if not result.per_second:
            continue
        seconds = result.per_second[1:-1]
        cells = [f"{ok}" + (f" ({failed} 5xx)" if failed else "") for _second, ok, failed in seconds]
        kill = next((index for index, (second, _ok, _failed) in enumerate(seconds) if second >= 0), len(cells))
        lines.append(f"- {result.name}: {' '.join(cells[:kill])} | {' '.join(cells[kill:])}")
    load = [round(value, 2) for value in os.getloadavg()]
    lines += ["", f"Load average at the end: {load} (the run's own processes count in it).",
              f"Total time: {time.monotonic() - started:.0f} s."]  # fmt: skip
    return "\n".join(lines) + "\n"


def as_json(value):
    if isinstance(value, Run):
        return {**asdict(value), "rate": value.rate}
    if isinstance(value, Scaling):
        return {**asdict(value), "floor_rate": value.floor_rate, "ratio": value.ratio, "errors": value.errors}
    if isinstance(value, FailoverResult):
        return asdict(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value))


def main(argv=None):
    args = parse_args(argv)
    reason = unavailable(args)
    if reason:
        say(f"Cluster mode skipped: {reason}.")
        return 0 if args.if_available else 1
    started = time.monotonic()
    machine = machine_description()
    results = run(args)
    report = markdown(results, machine, args, started)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "cluster.md").write_text(report)
    settings = vars(args) | {"postgres": redacted(args.postgres)}
    (args.results / "cluster.json").write_text(
        json.dumps({"machine": machine, "args": settings, **results}, default=as_json, indent=2) + "\n"
    )
    say("\n" + report)
    say(f"Written: {args.results / 'cluster.md'}")
    failed = [row for row in results["scaling"] if row.errors]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
