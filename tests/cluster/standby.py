"""
A PostgreSQL primary and its standby on this machine, started by the test (README "Database failover and read
scaling"): the primary from `initdb` on a free port, the standby from `pg_basebackup` of it on another, streaming
synchronously (a commit returns once the standby has it on disk), both from the machine's own PostgreSQL binaries
(Debian's postgresql packages; the suite's server on 5432 is not touched).

PostgreSQL refuses to run as root: as root, every command runs as the `postgres` user in a folder it owns.
"""

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.deploy.conftest import require
from tests.helpers import free_port

STANDBY_NAME = "standby"
# A logged statement: sent as a simple query, or as an extended-protocol execute.
STATEMENT = re.compile(r"LOG:  (?:statement|execute [^:]*): (.*)")


def find_postgresql_binaries():
    """The folder of the newest installed PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parent.parent.name))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return initdb and Path(initdb).parent


def has_postgresql_binaries():
    return find_postgresql_binaries() is not None


def postgresql_binaries():
    folder = find_postgresql_binaries()
    require(folder, "PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup)")
    return folder


class ReplicatedPostgres:
    def __init__(self):
        self.bin = postgresql_binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="outreach-replication-"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.ports = {"primary": free_port(), "standby": free_port()}
        self.started = set()

    def run(self, program, *arguments, check=True, timeout=120):
        command = [str(self.bin / program), *arguments]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=timeout)
        if check:
            assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:], self.logs())
        return done

    def data(self, name):
        return self.folder / name

    def log(self, name):
        return self.folder / f"{name}.log"

    def logs(self):
        return "\n".join(path.read_text()[-3000:] for path in self.folder.glob("*.log") if path.is_file())

    def connection(self, name, database="postgres"):
        """psycopg connection options for `name` ("primary" or "standby")."""
        return {"host": "127.0.0.1", "port": self.ports[name], "user": "postgres", "dbname": database}

    def url(self, name, database):
        return f"postgres://postgres@127.0.0.1:{self.ports[name]}/{database}"

    def query(self, name, sql, parameters=(), database="postgres"):
        import psycopg

        with psycopg.connect(autocommit=True, connect_timeout=5, **self.connection(name, database)) as connection:
            cursor = connection.execute(sql, parameters)
            return cursor.fetchall() if cursor.description else []

    # --- Starting and stopping

    def start_primary(self):
        data = self.data("primary")
        self.run("initdb", "--no-sync", "--auth=trust", "--username=postgres", "--encoding=UTF8", "-D", str(data))
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.ports['primary']}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\n"
                "wal_level = replica\nmax_wal_senders = 5\nwal_keep_size = '64MB'\n"
                # Small and fast: a test server, not a tuned one.
                "shared_buffers = '32MB'\nmax_connections = 60\n"
            )
        self.pg_ctl_start("primary")

    def start_standby(self):
        """A copy of the primary by `pg_basebackup`, streaming from it; then the primary waits for it on commit."""
        data = self.data("standby")
        primary = self.ports["primary"]
        self.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary),
            "-U",
            "postgres",
            "--checkpoint=fast",
            "-D",
            str(data),
        )
        # postgresql.auto.conf is read last: these win over the primary's settings the copy carries.
        with (data / "postgresql.auto.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.ports['standby']}\n"
                f"primary_conninfo = 'host=127.0.0.1 port={primary} user=postgres application_name={STANDBY_NAME}'\n"
                # Every statement it runs, in its log: which server answered a page is then plain to see.
                "log_statement = 'all'\n"
                # Once promoted it has no standby of its own to wait for.
                "synchronous_standby_names = ''\n"
            )
        (data / "standby.signal").touch()
        if self.as_root:
            shutil.chown(data / "standby.signal", "postgres", "postgres")
        self.pg_ctl_start("standby")
        # Synchronous from now on: no commit is acknowledged before the standby has it on disk.
        self.query("primary", f"ALTER SYSTEM SET synchronous_standby_names = '{STANDBY_NAME}'")
        self.query("primary", "SELECT pg_reload_conf()")
        self.wait_for_sync()

    def wait_for_sync(self):
        """Until the primary sees the standby streaming synchronously (again, after a restart of either)."""
        self.wait_for(
            lambda: (
                self.query(
                    "primary", "SELECT sync_state FROM pg_stat_replication WHERE application_name = %s", [STANDBY_NAME]
                )
                == [("sync",)]
            ),
            "the standby streaming synchronously",
        )

    def pg_ctl_start(self, name):
        self.run("pg_ctl", "-D", str(self.data(name)), "-l", str(self.log(name)), "-w", "-t", "60", "start")
        self.started.add(name)

    def crash(self, name):
        """Stop `name` at once, as a power cut would: no checkpoint, nothing flushed that was not already."""
        self.run("pg_ctl", "-D", str(self.data(name)), "-m", "immediate", "-w", "stop")
        self.started.discard(name)

    def promote(self, name="standby"):
        self.run("pg_ctl", "-D", str(self.data(name)), "-w", "-t", "60", "promote")

    def stop_all(self):
        for name in list(self.started):
            with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
                self.run("pg_ctl", "-D", str(self.data(name)), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- Looking at it

    def wait_for(self, condition, what, seconds=60):
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, f"no {what} within {seconds} s:\n{self.logs()}"
            time.sleep(0.2)

    def pause_replay(self):
        self.query("standby", "SELECT pg_wal_replay_pause()")

    def resume_replay(self):
        self.query("standby", "SELECT pg_wal_replay_resume()")

    def statements(self, name):
        """The statements `name` has logged so far (log_statement = 'all' on the standby)."""
        return STATEMENT.findall(self.log(name).read_text())
