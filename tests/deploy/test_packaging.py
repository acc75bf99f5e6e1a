"""
The container packaging (README "Several servers"): the Dockerfile, compose.yaml and their configuration files
under deploy/compose/. Docker cannot run here, so compose.yaml is validated against the Compose Specification's
JSON schema (vendored by check-jsonschema), the Dockerfile is linted by hadolint (both pinned in
requirements-dev.txt), the topology is read from the parsed files, and the pieces that run without Docker run:
the container's health check against a real gunicorn, and the compose nginx config in front of stopped app servers.
"""

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from configparser import ConfigParser
from pathlib import Path

import environ
import pytest
from django.conf import settings
from ruamel.yaml import YAML

from tests.deploy.conftest import NGINX, require, stop, wait_for_port
from tests.helpers import free_port

ROOT = Path(settings.BASE_DIR)
COMPOSE = ROOT / "compose.yaml"
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE_NGINX = ROOT / "deploy" / "compose" / "nginx.conf"
PGBOUNCER = ROOT / "deploy" / "compose" / "pgbouncer.ini"
HEALTHCHECK = ROOT / "deploy" / "compose" / "healthcheck.py"
TOOLS = Path(sys.executable).parent

# What `docker compose` would read from .env: stand-ins, to see the settings each server ends up with.
DOT_ENV = {
    "SECRET_KEY": "stand-in-secret-key-for-reading-compose-yaml-0123456789",
    "POSTGRES_PASSWORD": "stand-in-password",
    "SITE_URL": "http://localhost:8080",
}


def tool(name):
    path = TOOLS / name
    require(path.exists(), f"{name} (requirements-dev.txt)")
    return str(path)


def compose():
    return YAML(typ="safe", pure=True).load(COMPOSE.read_text())


def interpolate(value, variables=DOT_ENV):
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} with `variables` standing in for .env."""

    def replace(match):
        name, operator, rest = match.group(1), match.group(2), match.group(3)
        if name in variables:
            return variables[name]
        if operator == ":-":
            return rest
        raise KeyError(f"{name} is required: {rest}")

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", replace, str(value))


def environment_of(service):
    return {name: interpolate(value) for name, value in compose()["services"][service]["environment"].items()}


def app_servers():
    return sorted(name for name in compose()["services"] if re.fullmatch(r"app\d+", name))


def stages():
    """The Dockerfile's stages: [(name, [instruction lines])], continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            name = line.split()[-1] if " AS " in line.upper() else ""
            found.append((name, [line]))
        elif found:
            found[-1][1].append(line)
    return found


# --- Linters, where Docker cannot run -----------------------------------------------------------------------------


def check_compose_schema(path):
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
    )


def test_compose_yaml_follows_the_compose_specification():
    result = check_compose_schema(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_check_rejects_a_misspelled_key(tmp_path):
    broken = tmp_path / "compose.yaml"
    redis = "  redis:\n    image: redis:7.4-alpine\n"
    assert redis in COMPOSE.read_text()
    broken.write_text(COMPOSE.read_text().replace(redis, redis + "    restart_policy: always\n"))

    result = check_compose_schema(broken)
    assert result.returncode != 0
    assert "restart_policy" in result.stdout


def hadolint(path):
    return subprocess.run([tool("hadolint"), "--no-color", str(path)], capture_output=True, text=True)


def test_the_dockerfile_passes_hadolint_without_a_single_finding():
    result = hadolint(DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_hadolint_flags_an_image_that_runs_as_root(tmp_path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM python:3.11-slim-bookworm\nUSER root\nCMD ["python"]\n')
    result = hadolint(dockerfile)
    assert result.returncode != 0
    assert "DL3002" in result.stdout


# --- The topology: the same as the multi-server test --------------------------------------------------------------


def test_compose_runs_two_app_servers_nginx_postgres_pgbouncer_and_redis():
    services = compose()["services"]
    assert len(app_servers()) >= 2
    assert {"nginx", "postgres", "pgbouncer", "redis"} <= set(services)
    for name in app_servers():
        assert services[name]["build"]["target"] == "app"
        assert services[name]["image"] == "outreach-site:local"


def test_nginx_balances_over_exactly_the_app_servers_of_compose_yaml():
    upstream = re.search(r"upstream outreach_app \{(.*?)\}", COMPOSE_NGINX.read_text(), re.S).group(1)
    assert sorted(re.findall(r"server (app\d+):8000 resolve", upstream)) == app_servers()
    # The nginx image must know `resolve` in an upstream: 1.27.3 or later.
    front = next(line for _, lines in stages() for line in lines if line.startswith("FROM nginx:"))
    assert tuple(int(part) for part in re.search(r"nginx:(\d+)\.(\d+)", front).groups()) >= (1, 28)
    assert compose()["services"]["nginx"]["ports"] == ["8080:80"]


def test_app_servers_reach_postgresql_through_pgbouncer_in_transaction_mode():
    for name in app_servers():
        environment = environment_of(name)
        database = environ.Env.db_url_config(environment["DATABASE_URL"])
        assert (database["HOST"], database["PORT"], database["NAME"]) == ("pgbouncer", 6432, "outreach")
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert environment["DISABLE_SERVER_SIDE_CURSORS"] == "true"
        assert int(environment["CONN_MAX_AGE"]) > 0

    pgbouncer = ConfigParser()
    pgbouncer.read_string(PGBOUNCER.read_text())
    assert pgbouncer["pgbouncer"]["pool_mode"] == "transaction"
    assert pgbouncer["pgbouncer"]["listen_port"] == "6432"
    assert "host=postgres port=5432" in pgbouncer["databases"]["outreach"]
    assert "password" not in pgbouncer["databases"]["outreach"]
    mounts = compose()["services"]["pgbouncer"]["volumes"]
    assert "./deploy/compose/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro" in mounts


def test_migrations_run_once_straight_on_postgresql_before_the_app_servers_start():
    services = compose()["services"]
    migrate = services["migrate"]
    assert "manage.py migrate --noinput" in " ".join(migrate["command"])
    assert environ.Env.db_url_config(environment_of("migrate")["DATABASE_URL"])["HOST"] == "postgres"
    for name in app_servers():
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert services[name]["depends_on"]["pgbouncer"] == {"condition": "service_healthy"}


def test_app_servers_share_redis_and_one_uploads_volume_that_nginx_serves():
    services = compose()["services"]
    for name in app_servers():
        environment = environment_of(name)
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert environment["MEDIA_ROOT"] == "/var/lib/outreach/media"
        assert "media:/var/lib/outreach/media" in services[name]["volumes"]
        assert environment["DEBUG"] == "false"
    assert "media:/srv/outreach/media:ro" in services["nginx"]["volumes"]
    assert "media" in compose()["volumes"]


def test_every_long_running_service_has_a_health_check():
    services = compose()["services"]
    for name, service in services.items():
        if name == "migrate":
            continue
        assert service["healthcheck"]["test"][0] == "CMD", name
    assert services["app1"]["healthcheck"]["test"] == ["CMD", "python", "deploy/compose/healthcheck.py"]


SECRET = re.compile(r"SECRET|PASSWORD|TOKEN|ACCESS_KEY", re.I)


def test_no_secret_is_written_in_compose_yaml():
    for name, service in compose()["services"].items():
        for variable, value in service.get("environment", {}).items():
            if SECRET.search(variable):
                assert re.fullmatch(r"\$\{\w+:\?[^}]+\}", str(value)), (name, variable, value)
            if variable == "DATABASE_URL":
                password = re.match(r"postgres://\w+:(.*)@", value).group(1)
                assert password.startswith("${POSTGRES_PASSWORD:?"), (name, value)
    with pytest.raises(KeyError, match="SECRET_KEY"):
        interpolate(compose()["services"]["app1"]["environment"]["SECRET_KEY"], variables={})


# --- The image -------------------------------------------------------------------------------------------------


def test_the_image_is_built_in_stages_and_runs_as_its_own_user():
    built = stages()
    assert len(built) >= 2
    name, final = built[-1]
    assert name == "app"
    users = [line.split()[1] for line in final if line.upper().startswith("USER ")]
    assert users, "the final stage names no USER"
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert not any(line.upper().startswith(("RUN PIP", "RUN APT")) for line in final)


def test_static_files_are_collected_in_a_build_stage_not_at_start():
    build_stages = stages()[:-1]
    assert any("manage.py collectstatic" in line for _, lines in build_stages for line in lines)
    name, final = stages()[-1]
    assert any(line.startswith("COPY --from=build /app /app") for line in final)
    assert not any("collectstatic" in line for line in final)


def test_the_image_health_check_asks_healthz():
    _, final = stages()[-1]
    healthcheck = [line for line in final if line.upper().startswith("HEALTHCHECK ")]
    assert len(healthcheck) == 1
    assert "deploy/compose/healthcheck.py" in healthcheck[0]
    assert '"http://127.0.0.1:8000/healthz"' in HEALTHCHECK.read_text()
    assert any("GUNICORN_BIND=0.0.0.0:8000" in line for line in final)


def test_no_secret_or_local_data_goes_into_the_image():
    text = DOCKERFILE.read_text()
    assert not re.search(r"^\s*(ENV|ARG)\b.*(SECRET|PASSWORD)", text, re.M | re.I)
    ignored = DOCKERFILE.with_name(".dockerignore").read_text().split()
    assert {".env", ".git", ".venv", "db.sqlite3", "media", "node_modules"} <= set(ignored)


# --- What runs without Docker ---------------------------------------------------------------------------------


def run_healthcheck(url, site_url):
    environment = {**os.environ, "HEALTHCHECK_URL": url, "SITE_URL": site_url}
    return subprocess.run([sys.executable, str(HEALTHCHECK)], env=environment, capture_output=True, timeout=30)


def test_the_container_health_check_passes_on_a_live_app_server_and_fails_without_one(front_site):
    _, https_port, app_port = front_site["ports"]
    site_url = f"https://localhost:{https_port}"

    assert run_healthcheck(f"http://127.0.0.1:{app_port}/healthz", site_url).returncode == 0
    # A host the server does not serve is refused (400), as a misconfigured ALLOWED_HOSTS would be.
    assert run_healthcheck(f"http://127.0.0.1:{app_port}/healthz", "https://elsewhere.example").returncode == 1
    assert run_healthcheck(f"http://127.0.0.1:{free_port()}/healthz", site_url).returncode == 1


def compose_nginx_conf(folder, port, app_ports):
    """
    deploy/compose/nginx.conf on this machine: the containers' names, paths and ports replaced, with one upstream
    line per port of `app_ports` (as many app servers as the caller runs: the compose file's two, or `make
    bench-cluster`'s one to three), each with the compose file's own options.
    """
    text = COMPOSE_NGINX.read_text()
    upstreams = re.search(r"(?:^ *server app\d+:8000 resolve .*\n)+", text, re.MULTILINE)
    assert upstreams, "deploy/compose/nginx.conf no longer has its `server appN:8000 resolve` lines: update this test"
    first = upstreams.group().splitlines(keepends=True)[0]
    ours = "".join(re.sub(r"app\d+:8000 resolve", f"127.0.0.1:{app_port}", first) for app_port in app_ports)
    text = text.replace(upstreams.group(), ours)
    replacements = [
        ("user nginx;", "user root;" if os.geteuid() == 0 else ""),
        ("pid /var/run/nginx.pid;", f"pid {folder}/nginx.pid;"),
        ("/var/log/nginx/", f"{folder}/logs/"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;"),
        # Debian 12's nginx (1.22) predates `resolve` in an upstream (1.27.3, as in the nginx:1.28 image); the
        # test's upstreams are addresses, which need no lookup.
        ("resolver 127.0.0.11 valid=10s ipv6=off;", ""),
        ("/srv/outreach", str(folder)),
        ("include snippets/", f"include {ROOT}/deploy/snippets/"),
    ]
    for old, new in replacements:
        assert old in text, f"deploy/compose/nginx.conf no longer has {old!r}: update this test"
        text = text.replace(old, new)
    # Written again when a caller restarts nginx with other app servers.
    (folder / "logs").mkdir(exist_ok=True)
    path = folder / "nginx.conf"
    path.write_text(text)
    return path


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local test server)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def compose_front(tmp_path):
    """nginx with the compose config, in front of two app servers that are not running."""
    require(Path(NGINX).exists(), "nginx")
    for folder in ("staticfiles/css", "outage", "media"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "staticfiles" / "outage.html").write_text("<p>outage page from the image</p>")
    (tmp_path / "staticfiles" / "css" / "main.css").write_text("body{}")
    (tmp_path / "media" / "notice.pdf").write_bytes(b"%PDF-1.7")
    port = free_port()
    conf = compose_nginx_conf(tmp_path, port, [free_port(), free_port()])
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield tmp_path, f"http://127.0.0.1:{port}"
    finally:
        stop([process])


def test_with_every_app_server_down_the_compose_front_shows_the_outage_page(compose_front):
    folder, base = compose_front
    status, headers, body = fetch(f"{base}/en/")
    assert status in {502, 503, 504}
    assert body == "<p>outage page from the image</p>"
    assert headers["Retry-After"] == "60"

    # Once the migrate job has written it from the database, that one is shown.
    (folder / "outage" / "outage.html").write_text("<p>outage page with the site's numbers</p>")
    assert fetch(f"{base}/es/")[2] == "<p>outage page with the site's numbers</p>"


def test_the_compose_front_serves_static_files_and_uploads_itself(compose_front):
    _, base = compose_front
    status, headers, _ = fetch(f"{base}/static/css/main.css")
    assert status == 200
    assert "immutable" in headers["Cache-Control"]

    status, headers, _ = fetch(f"{base}/media/notice.pdf")
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
