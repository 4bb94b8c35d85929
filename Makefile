# Two commands do all the set-up on a fresh machine:
#   make run    install, migrate, load the demo data, serve http://127.0.0.1:8000
#   make test   the whole suite
#   make lint   ruff check, ruff format --check and mypy (CI runs it before the tests)
# With DATABASE_URL and REDIS_URL set, both use PostgreSQL and Redis (and `run` starts a
# Celery worker and beat); without them, SQLite with tasks run in-process.
#   make serve  the production way (docs/deploy.md): deploy/serve.sh with deploy.env

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails point where the site is served: `make run PORT=8001` links to :8001.
# (Served on 0.0.0.0, every address of the machine: the links name 127.0.0.1.)
SITE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
WINDDOWN_PORT ?= 8001
WINDDOWN_SITE_URL := http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(WINDDOWN_PORT)

.PHONY: run serve test install browser-deps messages catalogue lint format graph clean winddown-demo \
	bench-web mutation

$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (Python 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed messages
	$(PY) manage.py collectstatic --noinput -v 0

# Compiled translations (.mo) are built here, not committed. msgfmt comes from gettext.
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "gettext (msgfmt) is needed: install it with your package manager"; exit 1; fi; }
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# After changing a text in the code or a template: brings the catalogues up to date (one
# catalogue, locale/), then translate what is new or fuzzy; tests/test_translations.py fails
# until the Chinese catalogue holds every marked text, none fuzzy and none unused.
catalogue: $(VENV)/.installed
	$(PY) manage.py makemessages -l zh_Hans -l en --no-obsolete -v 0 \
	  --ignore=.venv --ignore=node_modules --ignore=var --ignore=bench --ignore=tests

# Debian's Chromium and CJK fonts for the browser tests (never a downloaded browser), and
# axe-core from npm (package-lock.json), which the accessibility checks serve to the page.
browser-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else echo "npm is needed for the accessibility checks: install Node.js"; exit 1; fi; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
	      || echo "Could not install chromium: browser tests will be skipped"; \
	  else echo "No /usr/bin/chromium (install Debian's chromium): browser tests will be skipped"; fi; \
	fi

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@export SITE_URL="$(SITE_URL)"; echo "Links in emails point to $$SITE_URL"; \
	if [ -n "$$REDIS_URL" ]; then \
	  echo "Starting a Celery worker and beat on $$REDIS_URL"; \
	  trap 'kill 0' EXIT INT TERM; \
	  $(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=2 & \
	  $(VENV)/bin/celery -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule & \
	  $(PY) manage.py runserver $(HOST):$(PORT); \
	else \
	  echo "No REDIS_URL: Celery tasks run in-process, and celery beat runs the sweeps in-process too"; \
	  trap 'kill 0' EXIT INT TERM; \
	  $(VENV)/bin/celery -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule & \
	  $(PY) manage.py runserver $(HOST):$(PORT); \
	fi

# The production profile: gunicorn, a Celery worker and beat on PostgreSQL and Redis, with
# the variables of deploy.env (copy deploy.env.example). See deploy/serve.sh and docs/deploy.md.
serve: $(VENV)/.installed messages
	HOST=$(HOST) PORT=$(PORT) ./deploy/serve.sh

# The web benchmark (bench/web_bench.py, bench/README.md): builds a platform-sized database
# (1,000,000 members, 200,000 claims) on PostgreSQL, serves it as `make serve` does and
# drives locust at it. Locust lives in a virtualenv of its own (.venv-bench, from
# bench/requirements.txt): it brings gevent, which patches the standard library.
# Options through BENCH_ARGS, e.g. `make bench-web BENCH_ARGS="--reuse --seconds 120"`.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -r bench/requirements.txt
	touch $@

bench-web: $(VENV)/.installed messages $(BENCH_VENV)/.installed
	$(PY) bench/web_bench.py --locust $(BENCH_VENV)/bin/locust $(BENCH_ARGS)

# The wind-down demo on a database of its own (the simulation runs the beat tasks on a
# clock in the past): one finished wind-down with its final report (announced 400 days
# ago), one under way (announced 100 days ago). Celery beat then keeps running the sweeps
# in-process, so no deadline stays open past its moment while the demo is served.
WINDDOWN_DB := sqlite:///var/winddown-demo.sqlite3
winddown-demo: install
	@mkdir -p var
	rm -f var/winddown-demo.sqlite3
	DATABASE_URL=$(WINDDOWN_DB) $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=$(WINDDOWN_DB) $(PY) manage.py seed_demo --members 0 --staff-only
	DATABASE_URL=$(WINDDOWN_DB) SITE_URL=$(WINDDOWN_SITE_URL) $(PY) manage.py simulate_winddown --members 3000 --claims 250 \
	  --member-logins member12345 --announce $$($(PY) -c "import datetime as d; print(d.date.today() - d.timedelta(days=400))")
	DATABASE_URL=$(WINDDOWN_DB) SITE_URL=$(WINDDOWN_SITE_URL) $(PY) manage.py simulate_winddown --members 3000 --claims 250 \
	  --member-logins member12345 --seed 9 --announce $$($(PY) -c "import datetime as d; print(d.date.today() - d.timedelta(days=100))")
	@echo "Serving the wind-down demo on $(WINDDOWN_SITE_URL), with celery beat running its sweeps in-process"
	@trap 'kill 0' EXIT INT TERM; \
	DATABASE_URL=$(WINDDOWN_DB) REDIS_URL= SITE_URL=$(WINDDOWN_SITE_URL) $(VENV)/bin/celery -A config beat --loglevel=INFO \
	  --schedule=var/winddown-demo-beat-schedule & \
	DATABASE_URL=$(WINDDOWN_DB) REDIS_URL= SITE_URL=$(WINDDOWN_SITE_URL) $(PY) manage.py runserver $(HOST):$(WINDDOWN_PORT)

test: install browser-deps
	@if [ -z "$$DATABASE_URL" ]; then \
	  echo "No DATABASE_URL: running on SQLite; PostgreSQL-only and real-worker tests are skipped (see the skip list below)."; \
	fi
	$(PY) -m pytest $(PYTEST_ARGS)

# Mutation testing of the pure rule modules (tools/mutation.py; scores in docs/mutation.md):
# mutmut from requirements-mutation.lock, one module at a time with only its own unit tests,
# no database. It fails if a module scores under 90 %. CPU-heavy: MUTATION_JOBS mutants at
# a time (default 1); MUTATION_ARGS="jury/rules.py" runs one module.
MUTATION_JOBS ?= 1
MUTATION_ARGS ?=
mutation: $(VENV)/.mutmut-installed
	$(PY) tools/mutation.py --jobs $(MUTATION_JOBS) --fail-under 90 $(MUTATION_ARGS)

$(VENV)/.mutmut-installed: $(VENV)/.installed requirements-mutation.lock
	$(PIP) install --quiet -r requirements-mutation.lock -c requirements.lock
	touch $@

# The style checks CI runs beside the tests (.ci/run), and pre-commit before each commit:
# ruff's lint, ruff's formatting, and mypy with the Django and DRF stubs ([tool.mypy] in
# pyproject.toml). All three run; it fails if any of them failed, and says which.
lint: $(VENV)/.installed
	@failed=""; \
	$(VENV)/bin/ruff check . || failed="$$failed ruff-check"; \
	$(VENV)/bin/ruff format --check . || failed="$$failed ruff-format"; \
	$(VENV)/bin/mypy || failed="$$failed mypy"; \
	if [ -n "$$failed" ]; then echo "make lint failed:$$failed"; exit 1; fi

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The claim state diagram in docs/ (README shows it). Needs graphviz's `dot`.
graph: install
	DJANGO_SETTINGS_MODULE=config.settings PYTHONHASHSEED=0 $(PY) -c "import django; django.setup(); \
	  from django.utils import translation; translation.activate('en'); \
	  from django.core.management import call_command; \
	  call_command('graph_transitions', 'claims.Claim', outputfile='docs/claim-states.svg')"
	mv docs/claim-states docs/claim-states.dot

clean:
	rm -rf $(VENV) $(BENCH_VENV) db.sqlite3 media var staticfiles node_modules
