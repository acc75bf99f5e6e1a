"""
What both benchmarks share: output, the throwaway database (a SQLite file, or a PostgreSQL database created for
the run and dropped after it), and a description of the machine and the code measured.
"""

import os
import platform
import subprocess
import sys
import urllib.parse
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql", "postgis"}
# Written on the PostgreSQL databases the benchmarks create: they only ever drop a database that carries it.
DATABASE_MARKER = "outreach benchmark: throwaway database, dropped after the run"


def say(line=""):
    """Progress and results go to stdout, as they happen."""
    sys.stdout.write(f"{line}\n")
    sys.stdout.flush()


# --- The throwaway database -------------------------------------------------------------------------------------


def is_postgres(url):
    return urllib.parse.urlsplit(url).scheme in POSTGRES_SCHEMES


def redacted(url):
    """The URL without its password, for printing and for the results file."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def postgres_target(url):
    """(URL of the server's maintenance database, name of the benchmark database) for a PostgreSQL URL."""
    parts = urllib.parse.urlsplit(url)
    name = urllib.parse.unquote(parts.path.lstrip("/"))
    if not name:
        raise SystemExit("--database-url must name the database to create, e.g. postgres://…/outreach_bench")
    return urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), name


def create_postgres_database(url):
    import psycopg
    from psycopg import sql

    admin_url, name = postgres_target(url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if row is not None:
            if row[0] != DATABASE_MARKER:
                raise SystemExit(f"Database {name!r} exists and was not made by this benchmark: name another one.")
            say(f"Dropping {name!r}, left behind by an earlier run")
            _drop(admin, name)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(DATABASE_MARKER))
        )


def drop_postgres_database(url):
    import psycopg

    admin_url, name = postgres_target(url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        _drop(admin, name)


def _drop(admin, name):
    from psycopg import sql

    # FORCE (PostgreSQL 13+) ends sessions a crashed run may have left open.
    force = sql.SQL(" WITH (FORCE)") if admin.info.server_version >= 130000 else sql.SQL("")
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)) + force)


def git_state():
    def git(*arguments):
        try:
            done = subprocess.run(["git", *arguments], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        return done.stdout.strip()

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(status) if status is not None else None}


def machine_description():
    """What the numbers were measured on: they only compare within one run on one machine."""
    import django

    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {
        "cpu": cpu_model,
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "load_average_at_start": [round(value, 2) for value in load] if load else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "git": git_state(),
    }
