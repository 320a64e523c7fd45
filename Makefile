# Klyngebesøg. `make run` serves the demo; `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check \
	--build-constraint requirements/build-constraints.txt

.PHONY: help install install-dev run serve bench test lint format messages lock octo-schemas clean

help:
	@echo "make run      set up, migrate, load the demo data, serve http://127.0.0.1:$(PORT) with a task worker"
	@echo "make serve    production mode: gunicorn + task worker on PostgreSQL (needs SECRET_KEY)"
	@echo "make test     run the whole test suite (PostgreSQL and browser tests run when available)"
	@echo "make bench    load benchmark on PostgreSQL with wrk; prints a table (not part of make test)"
	@echo "make lint     ruff check and format check, and the layer contracts (import-linter)"
	@echo "make messages update and compile the da/de translation catalogues (needs GNU gettext)"
	@echo "make lock     re-pin requirements/*.txt from pyproject.toml"
	@echo "make octo-schemas  regenerate octo/schemas/*.json from the OCTO types (needs Node and npm)"

$(PY):
	@python=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.3"

$(VENV)/.installed: $(PY) requirements/lock.txt
	$(PIP_INSTALL) -r requirements/lock.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.txt
	$(PIP_INSTALL) -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# PORT reaches Django too: in development SITE_URL (the address in mails and calendar files)
# follows it, in the web server and in the worker that sends the mail.
run: export PORT := $(PORT)
run: install
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Serving http://127.0.0.1:$(PORT)/ (admin: /admin/, user koordinator, password klynge-demo)"
	@export DEBUG=1; \
	$(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production mode on this machine: PostgreSQL, DEBUG off, gunicorn with a worker count from the
# CPU count, static files from WhiteNoise, and the task worker beside it. See docs/deployment.md.
serve: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/klyngebesog
serve: export ALLOWED_HOSTS ?= localhost,127.0.0.1
serve: export SECURE_COOKIES ?= 0
serve: export SECURE_SSL_REDIRECT ?= 0
serve: export SECURE_HSTS_SECONDS ?= 0
serve: export PORT := $(PORT)
serve: export SITE_URL ?= http://127.0.0.1:$(PORT)
serve: install
	@test -n "$$SECRET_KEY" || { echo "make serve needs SECRET_KEY in the environment, e.g.:"; \
	  echo "  SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') make serve"; exit 2; }
	$(PY) scripts/ensure-database
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	@if [ "$$ALLOW_DEMO_PASSWORD" = 1 ]; then echo "ALLOW_DEMO_PASSWORD=1: not checking for the demo's public password"; \
	  else $(PY) manage.py demo_password_check || exit 2; fi
	@if [ -n "$$REDIS_URL" ]; then echo "Cache and rate limits: Redis (REDIS_URL), shared by every worker"; \
	  else echo "REDIS_URL is not set: each gunicorn worker keeps its own cache, so rate limits are counted per worker (set REDIS_URL=redis://127.0.0.1:6379/0 to share them)"; fi
	@echo "Serving http://127.0.0.1:$(PORT)/ with gunicorn on $$DATABASE_URL"
	@$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c config/gunicorn.py config.wsgi

test: install-dev
	DEBUG=1 PY=$(PY) scripts/run-tests $(PYTEST_ARGS)

bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }; } || \
	  { echo "make bench needs wrk (Debian/Ubuntu: apt-get install wrk)"; exit 2; }
	$(PY) bench/run.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	DEBUG=1 $(PY) manage.py makemessages --all --no-obsolete --no-wrap --ignore=.venv --ignore=var
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# Pins the direct dependencies of pyproject.toml and everything they pull in.
lock:
	rm -rf var/lock-venv
	$$(scripts/find-python) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet --upgrade "pip>=25.3"
	var/lock-venv/bin/pip install --quiet --build-constraint requirements/build-constraints.txt .
	var/lock-venv/bin/pip freeze --exclude klyngebesog > requirements/lock.txt
	var/lock-venv/bin/pip install --quiet --build-constraint requirements/build-constraints.txt ".[dev]"
	( echo "-r lock.txt"; var/lock-venv/bin/pip freeze --exclude klyngebesog | grep -vxFf requirements/lock.txt ) > requirements/dev.txt
	rm -rf var/lock-venv

# The OCTO JSON Schemas are committed, so only this target needs Node and npm. See octo/schemas/README.md.
octo-schemas:
	scripts/octo-schemas

clean:
	rm -rf $(VENV) var/static
