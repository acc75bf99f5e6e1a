# syntax=docker/dockerfile:1
# The outreach site as container images (README "Several servers"; compose.yaml runs them):
#   docker build -t outreach-site .                       the app server: gunicorn with gunicorn.conf.py, port 8000
#   docker build --target front -t outreach-front .       nginx with deploy/compose/nginx.conf and the static files
# No setting and no secret is in either image: every server reads them from its environment at start.

# --- build: the dependencies in a virtual environment, and the static files collected -------------------------
FROM python:3.11-slim-bookworm AS build
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH="/opt/venv/bin:$PATH"
# Every dependency installs from a wheel (psycopg[binary], Pillow, pikepdf, Brotli): no compiler, no apt.
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir -r /tmp/requirements.txt
WORKDIR /app
COPY . .
# collectstatic needs no secret and no real database: it hashes the files, compresses them (gzip and brotli)
# and writes the bilingual outage page nginx shows when no app server answers.
# (Its database is a throwaway file outside the image: the outage page written here has the translated defaults,
# and compose.yaml's migrate job writes it again from the database.)
RUN DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q outreach editorial events policies guides

# --- front: nginx for compose.yaml, serving the static files itself and the uploads from the shared volume -------
FROM nginx:1.28-alpine AS front
COPY deploy/compose/nginx.conf /etc/nginx/nginx.conf
COPY deploy/snippets/ /etc/nginx/snippets/
COPY --from=build /app/staticfiles /srv/outreach/staticfiles

# --- app: the app server, the image's default target ----------------------------------------------------------
FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=outreach.settings \
    GUNICORN_BIND=0.0.0.0:8000 \
    MEDIA_ROOT=/var/lib/outreach/media \
    GENERATED_ROOT=/var/cache/outreach
# Its own user, owning only what the site writes: uploads (a shared volume or bucket in production) and the files
# it makes again on demand (link-preview pictures), and the outage page for nginx (compose.yaml). The code and the
# static files stay root's, read-only to it.
RUN groupadd --system --gid 10001 outreach \
    && useradd --system --uid 10001 --gid outreach --home-dir /app --no-create-home --shell /usr/sbin/nologin outreach \
    && mkdir -p /var/lib/outreach/media /var/lib/outreach/outage /var/cache/outreach \
    && chown outreach:outreach /var/lib/outreach/media /var/lib/outreach/outage /var/cache/outreach
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
USER 10001:10001
EXPOSE 8000
# /healthz answers 200 while the database answers (503 otherwise), asked with the site's own host name so
# ALLOWED_HOSTS accepts it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/compose/healthcheck.py"]
# gunicorn's worker heartbeat files in memory, not on the container's layered file system.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "--worker-tmp-dir", "/dev/shm", "outreach.wsgi"]
