"""
A real front, as README "Deployment" describes it: nginx from deploy/nginx.conf (with the example's names, paths
and ports replaced) terminating TLS with a certificate from a test authority, in front of gunicorn started with
gunicorn.conf.py and the production profile, on a seeded SQLite site with its static files collected.

nginx and Node.js come from Debian and the npm registry; `.ci/run` installs both (and sets CI). Without them the
tests are skipped on a developer's machine, and fail under CI.
"""

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers import free_port

ROOT = Path(settings.BASE_DIR)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OBSERVATORY = ROOT / "tests" / "deploy" / "observatory"


def require(condition, what):
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: .ci/run installs it")
    pytest.skip(f"{what} is not installed (.ci/run installs it)")


def front_environment(site, https_port):
    """The production profile behind the test front: a seeded SQLite site in the folder `site`, at https://localhost."""
    return {
        **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "DATABASE_URL", "DEBUG"}},
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "SECRET_KEY": "a-long-random-secret-key-for-the-front-tests-only-0123456789abcdefghij",
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": f"https://localhost:{https_port}",
        "CSRF_TRUSTED_ORIGINS": f"https://localhost:{https_port}",
        "BEHIND_HTTPS_PROXY": "true",
        "SECURE_SSL_REDIRECT": "true",
        "DATABASE_URL": f"sqlite:///{site / 'db.sqlite3'}",
        "STATIC_ROOT": str(site / "staticfiles"),
        "MEDIA_ROOT": str(site / "media"),
    }


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def run(command, environment, folder):
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (command, result.stderr[-3000:])
    return result


def make_certificates(folder):
    """A certificate authority of the test's own, and a certificate for localhost signed by it."""
    openssl = shutil.which("openssl")
    require(openssl, "openssl")

    def sh(*arguments):
        subprocess.run([openssl, *arguments], cwd=folder, check=True, capture_output=True)

    sh(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Outreach test authority",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-addext",
        "basicConstraints=critical,CA:true",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    sh("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "site.key", "-out", "site.csr")
    (folder / "site.ext").write_text(
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:false\nextendedKeyUsage=serverAuth\n"
    )
    sh(
        "x509",
        "-req",
        "-in",
        "site.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        "site.pem",
        "-extfile",
        "site.ext",
    )
    return folder / "ca.pem"


def nginx_conf(folder, *, http_port, https_port, app_port):
    """deploy/nginx.conf with the example's names, paths and ports replaced by the test's."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = [
        ("user www-data;", "user root;" if os.geteuid() == 0 else ""),
        ("pid /run/nginx-outreach.pid;", f"pid {folder}/nginx-{https_port}.pid;"),
        ("/var/log/nginx/", f"{folder}/logs/"),
        ("https://outreach.example.org$request_uri", f"https://localhost:{https_port}$request_uri"),
        ("server_name outreach.example.org;", "server_name localhost;"),
        ("listen [::]:80;", ""),
        ("listen [::]:443 ssl default_server;", ""),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl"),
        ("/etc/letsencrypt/live/outreach.example.org/fullchain.pem", f"{folder}/site.pem"),
        ("/etc/letsencrypt/live/outreach.example.org/privkey.pem", f"{folder}/site.key"),
        ("/srv/outreach/", f"{folder}/"),
        ("/srv/outreach", f"{folder}"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("include snippets/", f"include {ROOT}/deploy/snippets/"),
    ]
    for old, new in replacements:
        assert old in text, f"deploy/nginx.conf no longer has {old!r}: update tests/deploy/conftest.py"
        text = text.replace(old, new)
    # Test instances on one machine each need their own TLS session cache.
    text = text.replace("ssl_session_cache shared:outreach:10m;", f"ssl_session_cache shared:outreach{https_port}:1m;")
    (folder / "logs").mkdir(exist_ok=True)
    path = folder / f"nginx-{https_port}.conf"
    path.write_text(text)
    return path


class Front:
    def __init__(self, folder, ca, http_port, https_port, processes):
        self.folder, self.ca, self.http_port, self.https_port = folder, ca, http_port, https_port
        self.processes = processes
        self.context = ssl.create_default_context(cafile=str(ca))

    def url(self, path, https=True):
        return f"https://localhost:{self.https_port}{path}" if https else f"http://localhost:{self.http_port}{path}"

    def get(self, path, https=True):
        """(status, headers, body) of one request, redirects not followed."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=self.context))
        try:
            with opener.open(self.url(path, https), timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


def start_nginx(folder, *, http_port, https_port, app_port):
    conf = nginx_conf(folder, http_port=http_port, https_port=https_port, app_port=app_port)
    test = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(conf)], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wait_for_port(https_port, process)
    return process


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def front_site(tmp_path_factory):
    """A seeded site with its static files collected, and gunicorn serving it (production profile)."""
    require(Path(NGINX).exists(), "nginx")
    folder = tmp_path_factory.mktemp("front")
    ca = make_certificates(folder)
    https_port, http_port, app_port = free_port(), free_port(), free_port()
    environment = front_environment(folder, https_port)
    run([sys.executable, "manage.py", "migrate", "--noinput"], environment, folder)
    run([sys.executable, "manage.py", "seed_demo", "--if-empty"], environment, folder)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], environment, folder)
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{app_port}",
            "--workers",
            "2",
            "--access-logfile",
            str(folder / "gunicorn-access.log"),
            "--error-logfile",
            str(folder / "gunicorn-error.log"),
            "outreach.wsgi",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        wait_for_port(app_port, gunicorn)
        yield {"folder": folder, "ca": ca, "ports": (http_port, https_port, app_port), "gunicorn": gunicorn}
    finally:
        stop([gunicorn])


@pytest.fixture(scope="session")
def front(front_site):
    http_port, https_port, app_port = front_site["ports"]
    nginx = start_nginx(front_site["folder"], http_port=http_port, https_port=https_port, app_port=app_port)
    try:
        yield Front(front_site["folder"], front_site["ca"], http_port, https_port, [nginx])
    finally:
        stop([nginx])


@pytest.fixture(scope="session")
def front_without_app(front_site, tmp_path_factory):
    """The same front, its upstream a port where no app server listens (stopped, crashed)."""
    folder = front_site["folder"]
    http_port, https_port, dead_port = free_port(), free_port(), free_port()
    nginx = start_nginx(folder, http_port=http_port, https_port=https_port, app_port=dead_port)
    try:
        yield Front(folder, front_site["ca"], http_port, https_port, [nginx])
    finally:
        stop([nginx])
