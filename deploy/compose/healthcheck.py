"""
The container's health check (Dockerfile HEALTHCHECK, compose.yaml): exits 0 when the app server's /healthz answers
200, 1 otherwise (503 when the database does not answer, or no answer at all). It asks with the host name of
SITE_URL, which ALLOWED_HOSTS accepts, so the check passes through the same host validation as residents do.
"""

import os
import sys
import urllib.error
import urllib.parse
import urllib.request

HEALTHZ = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def healthy():
    host = urllib.parse.urlsplit(os.environ.get("SITE_URL", "")).netloc or "localhost"
    request = urllib.request.Request(HEALTHZ, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 (a fixed local address)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


if __name__ == "__main__":
    sys.exit(0 if healthy() else 1)
