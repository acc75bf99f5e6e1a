"""
The site on several servers on this machine (README "Several servers"): two gunicorn app servers on their own
ports behind nginx with deploy/compose/nginx.conf, sharing one PostgreSQL database through PgBouncer (transaction
mode) and one Redis, all started by the test: a database of its own on the suite's PostgreSQL server (migrated
and seeded), a PgBouncer and a redis-server of their own on free ports, so stopping them disturbs nothing else.

It needs PostgreSQL (the suite's DATABASE_URL, as in CI's second run): on SQLite the tests are skipped. nginx,
PgBouncer, redis-server and wrk come from Debian; `.ci/run` installs them, and under CI a missing one fails.
"""

import contextlib
import functools
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from tests.deploy.conftest import NGINX, require, wait_for_port
from tests.deploy.test_packaging import compose_nginx_conf
from tests.helpers import form_data, free_port, postgresql_url
from tests.helpers import postgresql_server as suite_postgresql_server

ROOT = Path(settings.BASE_DIR)
STAFF_PASSWORD = secrets.token_urlsafe(18)
WRK_CONNECTIONS = 8


def tool_path(name):
    """Where Debian's package put the program `name` (on PATH, or in /usr/sbin), or None."""
    return shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)


def tool(name):
    path = tool_path(name)
    require(path, name)
    return path


class Browser:
    """Plain HTTP requests with a cookie jar and no redirect followed, as a browser without JavaScript sends them."""

    def __init__(self, base):
        self.base = base

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path, data=None):
        """(status, headers, text) of one GET, or a POST of `data` (a dict; list values repeat the field)."""
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def get(self, path):
        return self.request(path)

    def sign_in(self, username, password):
        """The admin's sign-in form, sent as a browser sends it (its CSRF token and cookie); the answer's status."""
        login = f"/{settings.ADMIN_URL}login/"
        status, _headers, page = self.get(login)
        assert status == 200, status
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": f"/{settings.ADMIN_URL}",
        }
        status, _headers, page = self.request(login, data)
        return status, page


def listed_meeting(browser):
    """The address and slug of a published meeting on the upcoming list, as `browser` sees it."""
    _status, _headers, page = browser.get("/en/events/")
    slug = re.search(r'href="/en/events/((?!feed/|past/|calendar)[a-z0-9-]+)/"', page).group(1)
    return f"/en/events/{slug}/", slug


def rename_meeting(editor, pk, title):
    """The meeting's English title changed through its admin form, by `editor` (a signed-in Browser)."""
    change = f"/{settings.ADMIN_URL}events/event/{pk}/change/"
    status, _headers, form = editor.get(change)
    assert status == 200
    data = form_data(SimpleNamespace(content=form.encode()))
    data["title_en"] = title
    status, _headers, answer = editor.request(change, {**data, "_save": "Save"})
    assert status == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', answer, re.DOTALL)


class Cluster:
    def __init__(self, folder, server, database):
        self.folder, self.server, self.database = folder, server, database
        self.environment = {}
        self.processes = {}
        self.ports = {}

    # --- Processes

    def start_app(self, name):
        """gunicorn with gunicorn.conf.py on this server's port, in a process group of its own (to kill it whole)."""
        port = self.ports.setdefault(name, free_port())
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(self.folder / f"access-{name}.log"),
            "--error-logfile",
            str(self.folder / f"error-{name}.log"),
            "outreach.wsgi",
        ]
        # The site's own log (a dead Redis is a warning on every request) goes to a file, apart from the test's.
        self.processes[name] = process = self.start(command, f"site-{name}.log", cwd=ROOT, env=self.environment)
        self.wait_until_healthy(port, process)

    def start(self, command, log, **options):
        """A process in a group of its own (its children are stopped with it), its output in the file `log`."""
        with (self.folder / log).open("a") as output:
            return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, **options)

    def wait_until_healthy(self, port, process, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn on {port} stopped with {process.returncode}: {self.errors()}")
            with contextlib.suppress(OSError):
                if Browser(f"http://127.0.0.1:{port}").get("/healthz")[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn on {port} not healthy within {seconds} s: {self.errors()}")

    def errors(self):
        logs = [*self.folder.glob("error-*.log"), *self.folder.glob("site-*.log")]
        return "\n".join(path.read_text()[-2000:] for path in logs)

    def kill(self, name):
        """SIGKILL to the server's master and workers at once, as a crashed machine would stop answering."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def start_redis(self):
        port = self.ports.setdefault("redis", free_port())
        command = [tool("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        process = self.start(command, "redis.log", cwd=self.folder)
        self.processes["redis"] = process
        wait_for_port(port, process)

    def start_pgbouncer(self, targets):
        """PgBouncer on a free port, its databases `targets`: {name: (server, database)}, server as `server` of
        postgresql_server()."""
        port = self.ports.setdefault("pgbouncer", free_port())
        self.write_pgbouncer_ini(targets)
        # PgBouncer refuses to run as root: it reads its files, then becomes `nobody`.
        command = [tool("pgbouncer"), *(["-u", "nobody"] if os.geteuid() == 0 else []), str(self.pgbouncer_ini)]
        process = self.start(command, "pgbouncer.log")
        self.processes["pgbouncer"] = process
        wait_for_port(port, process)

    def repoint_pgbouncer(self, targets):
        """PgBouncer's databases now `targets`, as a failover tool (Patroni's callbacks, a managed service's DNS)
        would: its configuration rewritten and reloaded (SIGHUP), the app servers' connection settings unchanged."""
        self.write_pgbouncer_ini(targets)
        os.kill(self.processes["pgbouncer"].pid, signal.SIGHUP)

    @functools.cached_property
    def pgbouncer_folder(self):
        """Its files, where it can read them again once it runs as `nobody` (pytest's folders are root's alone)."""
        folder = Path(tempfile.mkdtemp(prefix="outreach-pgbouncer-"))
        folder.chmod(0o755)
        return folder

    @property
    def pgbouncer_ini(self):
        return self.pgbouncer_folder / "pgbouncer.ini"

    def write_pgbouncer_ini(self, targets):
        users = {server["user"] for server, _database in targets.values()}
        auth_file = self.pgbouncer_folder / "pgbouncer-users.txt"
        auth_file.write_text("".join(f'"{user}" ""\n' for user in sorted(users)))
        databases = "".join(
            f"{name} = host={server['host']} port={server['port']} dbname={database} user={server['user']}"
            + (f" password={server['password']}" if "password" in server else "")
            + "\n"
            for name, (server, database) in targets.items()
        )
        self.pgbouncer_ini.write_text(
            f"[databases]\n{databases}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.ports['pgbouncer']}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {auth_file}\n"
            # What deploy/compose/pgbouncer.ini sets for the app servers.
            "pool_mode = transaction\nmax_client_conn = 100\ndefault_pool_size = 10\n"
            "server_check_query = SELECT 1\nignore_startup_parameters = extra_float_digits\n"
            "server_login_retry = 1\nquery_wait_timeout = 10\n"
            "log_connections = 0\nlog_disconnections = 0\n"
        )

    def start_nginx(self, names=("a", "b")):
        """nginx on the cluster's port in front of the app servers `names` (to change them, kill("nginx") first)."""
        port = self.ports.setdefault("nginx", free_port())
        conf = compose_nginx_conf(self.folder, port, [self.ports[name] for name in names])
        checked = subprocess.run([NGINX, "-t", "-p", str(self.folder), "-c", str(conf)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        process = self.start([NGINX, "-p", str(self.folder), "-c", str(conf), "-g", "daemon off;"], "nginx.log")
        self.processes["nginx"] = process
        wait_for_port(port, process)

    def stop_all(self):
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)
            # gunicorn's workers, should the master have gone first.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        if "pgbouncer_folder" in self.__dict__:
            shutil.rmtree(self.pgbouncer_folder, ignore_errors=True)

    # --- Looking at it

    def query(self, sql, parameters=()):
        """The rows of one query on the cluster's database, straight from PostgreSQL."""
        import psycopg

        with psycopg.connect(dbname=self.database, autocommit=True, **self.server) as connection:
            return connection.execute(sql, parameters).fetchall()

    def url(self, name):
        return f"http://127.0.0.1:{self.ports[name]}"

    def browser(self, name):
        """A new browser (no cookies) talking to app server "a" or "b" directly, or to the load balancer "nginx"."""
        return Browser(self.url(name))

    def served(self, name):
        """How many requests app server `name` has answered (its access log's lines)."""
        path = self.folder / f"access-{name}.log"
        return len(path.read_text().splitlines()) if path.exists() else 0

    def wrk(self, paths, seconds):
        """wrk started through the load balancer, cycling over `paths`; .communicate() then read_wrk()."""
        script = self.folder / "paths.lua"
        quoted = ", ".join(f'"{path}"' for path in paths)
        script.write_text(
            f"local paths = {{{quoted}}}\nlocal i = 0\n"
            "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
            "done = function(summary, latency, requests)\n"
            "  io.write(string.format('RESULT %d %d %d %d %d %d\\n', summary.requests, summary.errors.connect,\n"
            "    summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))\nend\n"
        )
        process = subprocess.Popen(
            [
                tool("wrk"),
                "-t2",
                f"-c{WRK_CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                self.url("nginx"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        # Stopped with the rest should the test fail before reading it.
        self.processes[f"wrk-{process.pid}"] = process
        return process


def read_wrk(process):
    """What a wrk run did: requests, and its failures by kind (socket errors; answers outside 2xx and 3xx)."""
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    numbers = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.MULTILINE)
    assert numbers, output
    requests, connect, read, write, timeout, status = map(int, numbers.groups())
    return {
        "requests": requests,
        "failures": {"connect": connect, "read": read, "write": write, "timeout": timeout, "status": status},
    }


def postgresql_server():
    server = suite_postgresql_server()
    if server is None:
        pytest.skip(
            "the multi-server test needs PostgreSQL: DATABASE_URL=postgres://… (CI's second run; README "
            '"Several servers")'
        )
    return server


def manage(environment, *arguments):
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (arguments, done.stderr[-3000:])


def site_environment(cluster, database_url, **more):
    """The production profile (`make run-prod`) on the cluster's database (`database_url`), Redis and folders."""
    folder = cluster.folder
    return {
        **{
            name: value
            for name, value in os.environ.items()
            if name
            not in {
                "DATABASE_URL",
                "DATABASE_REPLICA_URL",
                "REDIS_URL",
                "DEBUG",
                "PAGE_CACHE_SECONDS",
                "CACHE_KEY_PREFIX",
            }
        },
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": cluster.url("nginx"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        # As compose.yaml sets them: through PgBouncer in transaction mode, the shared Redis.
        "DATABASE_URL": database_url,
        "DISABLE_SERVER_SIDE_CURSORS": "true",
        "CONN_MAX_AGE": "60",
        "REDIS_URL": f"redis://127.0.0.1:{cluster.ports['redis']}/0",
        "WEB_CONCURRENCY": "2",
        "STATIC_ROOT": str(folder / "staticfiles"),
        "MEDIA_ROOT": str(folder / "media"),
        "GENERATED_ROOT": str(folder / "generated"),
        "CLUSTER_STAFF_PASSWORD": STAFF_PASSWORD,
        **more,
    }


def prepare_site(cluster, direct_database_url):
    """Migrations straight on PostgreSQL, not through the pool (compose.yaml's migrate job); the demo content, the
    static files and the staff accounts the tests sign in with."""
    direct = {**cluster.environment, "DATABASE_URL": direct_database_url, "DISABLE_SERVER_SIDE_CURSORS": "false"}
    direct.pop("DATABASE_REPLICA_URL", None)
    manage(direct, "migrate", "--noinput")
    manage(cluster.environment, "seed_demo", "--if-empty")
    manage(cluster.environment, "collectstatic", "--noinput", "-v0")
    for username in ("cluster-editor", "cluster-locked-out"):
        manage(
            cluster.environment,
            "create_staff_user",
            username,
            "--role",
            "editor",
            "--password-from-env",
            "CLUSTER_STAFF_PASSWORD",
        )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The running cluster, stopped (and its database dropped) once the module's tests are done, pass or fail."""
    import psycopg

    server = postgresql_server()
    require(Path(NGINX).exists(), "nginx")
    for name in ("pgbouncer", "redis-server", "wrk"):
        tool(name)
    folder = tmp_path_factory.mktemp("cluster")
    database = f"outreach_cluster_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{database}"')
    cluster = Cluster(folder, server, database)
    try:
        cluster.start_redis()
        cluster.start_pgbouncer({database: (server, database)})
        cluster.ports["nginx"] = free_port()
        cluster.environment = site_environment(
            cluster, postgresql_url(server, database, "127.0.0.1", cluster.ports["pgbouncer"])
        )
        prepare_site(cluster, postgresql_url(server, database))
        cluster.start_app("a")
        cluster.start_app("b")
        cluster.start_nginx()
        yield cluster
    finally:
        cluster.stop_all()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextlib.contextmanager
def replicated_site(folder):
    """
    One app server ("a") on a primary and its standby of its own (tests/cluster/standby.py), through PgBouncer: the
    primary as the database `outreach`, the standby as `outreach_replica` (DATABASE_REPLICA_URL), and Redis. Yields
    (cluster, postgres), and stops them all afterwards. For the `replicated` fixture and `make bench-cluster`.
    """
    from .standby import ReplicatedPostgres

    postgres = ReplicatedPostgres()
    cluster = Cluster(folder, None, "outreach")
    try:
        postgres.start_primary()
        postgres.query("primary", "CREATE DATABASE outreach")
        cluster.start_redis()
        primary = {"host": "127.0.0.1", "port": postgres.ports["primary"], "user": "postgres"}
        standby = {**primary, "port": postgres.ports["standby"]}
        cluster.start_pgbouncer({"outreach": (primary, "outreach"), "outreach_replica": (primary, "outreach")})
        pooled = f"postgres://postgres@127.0.0.1:{cluster.ports['pgbouncer']}"
        cluster.ports["nginx"] = free_port()  # not started: SITE_URL only
        cluster.environment = site_environment(
            cluster,
            f"{pooled}/outreach",
            DATABASE_REPLICA_URL=f"{pooled}/outreach_replica",
            # The failover run sends many questions from one address, at once.
            ASK_RATE_LIMIT="100000",
            ASK_MIN_SECONDS="0",
        )
        prepare_site(cluster, postgres.url("primary", "outreach"))
        postgres.start_standby()
        cluster.repoint_pgbouncer({"outreach": (primary, "outreach"), "outreach_replica": (standby, "outreach")})
        cluster.start_app("a")
        yield cluster, postgres
    finally:
        cluster.stop_all()
        postgres.stop_all()


def promoted_targets(postgres):
    """PgBouncer's databases once the standby is the primary: both names lead to it."""
    standby = {"host": "127.0.0.1", "port": postgres.ports["standby"], "user": "postgres"}
    return {"outreach": (standby, "outreach"), "outreach_replica": (standby, "outreach")}


@pytest.fixture(scope="module")
def replicated(tmp_path_factory):
    """`replicated_site`, for a module's tests. Needs the suite on PostgreSQL, like the rest of tests/cluster."""
    postgresql_server()
    for name in ("pgbouncer", "redis-server"):
        tool(name)
    with replicated_site(tmp_path_factory.mktemp("replicated")) as site:
        yield site
