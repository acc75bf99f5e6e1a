"""
`make bench-cluster` (bench/cluster.py) still runs: its quick mode on a database of its own, next to the suite's
on the same PostgreSQL server, measured and reported. Only what it did is checked, never how fast: the figures
belong to bench/results/cluster.md.
"""

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.helpers import postgresql_url

from .conftest import NGINX, ROOT, postgresql_server, require, tool

pytestmark = pytest.mark.cluster


def test_the_cluster_benchmark_measures_cached_and_uncached_pages_and_the_failovers(tmp_path):
    server = postgresql_server()
    require(Path(NGINX).exists(), "nginx")
    for name in ("pgbouncer", "redis-server", "wrk"):
        tool(name)
    url = postgresql_url(server, f"outreach_cluster_bench_{uuid.uuid4().hex[:8]}")
    done = subprocess.run(
        [sys.executable, "bench/cluster.py", "--quick", "--postgres", url, "--results", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    results = json.loads((tmp_path / "cluster.json").read_text())
    assert [(row["pages"], row["servers"]) for row in results["scaling"]] == [
        ("cached", 1),
        ("cached", 2),
        ("uncached", 1),
        ("uncached", 2),
    ]
    assert {"/en/", "/es/"} <= set(results["paths"])
    for row in results["scaling"]:
        assert row["run"]["requests"] > 0, row
        assert all(floor["requests"] > 0 for floor in row["floors"]), row
        assert row["errors"] == 0, row
        expected = "hit" if row["pages"] == "cached" else "bypass"
        assert set(row["cache_header"].values()) == {expected}, row

    servers_killed, [database] = results["failovers"][:-1], results["failovers"][-1:]
    assert [failover["name"] for failover in servers_killed] == [
        "app server killed (cached pages)",
        "app server killed (uncached pages)",
    ]
    for failover in servers_killed:
        assert failover["requests"] > 0, failover
        # As in test_servers: only an answer the killed server had begun to send is lost, one per connection.
        assert failover["errors"] <= results["args"]["connections"], failover
        assert failover["per_second"], failover
    # As in test_failover: no read fails, at most the question being saved at the crash, none confirmed and lost.
    assert database["name"] == "database failover (primary crashed, standby promoted)"
    assert database["requests"] > 0, database
    assert database["errors"] <= 1, database
    assert database["seconds_to_recover"] is not None, database
    assert ", 0 confirmed and lost;" in database["notes"], database
    assert (tmp_path / "cluster.md").read_text().startswith("# Cluster benchmark results")
