# The two commands a new developer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := outreach.settings

.PHONY: run run-prod test lint messages bench bench-cluster bench-inprocess audit css screenshots clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo --if-empty
	DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production profile on this machine, to see what residents see when something goes wrong (the real 404, 500
# and 503 pages) and the production headers: DEBUG off, static files collected (with the outage page) and served
# by whitenoise, gunicorn with gunicorn.conf.py. Plain HTTP on 127.0.0.1, so no HTTPS redirect, HSTS or Secure
# cookies; a new random SECRET_KEY each time unless you set one. Not a deployment: README "Deployment".
PROD_ENV = DEBUG=false SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=http://127.0.0.1:$(PORT) \
	SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0

run-prod: $(VENV)/.installed
	$(PROD_ENV) $(PY) manage.py migrate --noinput
	$(PROD_ENV) $(PY) manage.py seed_demo --if-empty
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PROD_ENV) $(VENV)/bin/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT) outreach.wsgi

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check_rolling_migrations
# The container packaging, where Docker cannot run (README "Several servers"):
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec compose.yaml
	$(VENV)/bin/hadolint Dockerfile

# Regenerate the translation catalogs after changing UI strings, then translate the new entries.
messages: $(VENV)/.installed
	DEBUG=true $(PY) manage.py makemessages --all --no-obsolete --no-location
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

# The site under load through gunicorn and wrk, on SQLite and (when they answer) PostgreSQL + Redis; about
# 15 minutes. Writes bench/results/latest.md. Then, when this machine can run it (PostgreSQL on 127.0.0.1, nginx,
# pgbouncer, redis-server), the cluster mode, else it says why it skipped it. `bench-inprocess` times every page
# in process, with query counts.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || apt-get -o DPkg::Lock::Timeout=300 install -y wrk >/dev/null \
		|| { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(PY) bench/load.py $(BENCH_ARGS)
	$(PY) bench/cluster.py --if-available $(filter --quick,$(BENCH_ARGS))

# One, two and three app servers behind nginx (tests/cluster's cluster, on a database of its own), cached and
# uncached pages, an app server killed under load, and a database failover (a primary and a standby of its own);
# about 5 minutes. Writes bench/results/cluster.md.
bench-cluster: $(VENV)/.installed
	$(PY) bench/cluster.py $(CLUSTER_ARGS)

bench-inprocess: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)

# The pages graded by the Nu HTML checker (zero errors) and Lighthouse (home, meetings, a meeting, a policy; mobile)
# on the production profile of `run-prod`, with a temporary seeded database and a free port; about 3 minutes.
# Writes bench/results/audit.md. Needs Java 17+, Node 20+ and /usr/bin/chromium. README, "Audits".
audit: $(VENV)/.installed tests/audit/node_modules/.package-lock.json
	$(PY) bench/audit.py $(AUDIT_ARGS)

tests/audit/node_modules/.package-lock.json: tests/audit/package.json tests/audit/package-lock.json
	cd tests/audit && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Release-time build of static/css/main.css from Bootstrap's Sass sources and assets/scss/, committed with them:
# run it after changing anything under assets/ or package.json (needs Node 20+ and npm; `make run`, `make test`
# and CI use the committed file and need no Node). README, "Styles".
css: node_modules/.package-lock.json
	npm run --silent css

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Every kind of public page in each language at phone (390) and desktop (1366) widths, full-page PNGs in
# build/screenshots/, from the demo content on a throwaway database (needs Debian's chromium).
screenshots: $(VENV)/.installed
	$(PY) tests/browser/screenshots.py $(SCREENSHOTS_ARGS)

clean:
	rm -rf $(VENV) build staticfiles node_modules .pytest_cache .ruff_cache
