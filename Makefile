# TOEX Recruit. The README's two commands are `make run` and `make test`.
SHELL := /bin/bash
# The interpreter the venv is made from: the distribution's own python3.11 where it has
# one that can make a venv, else python3 from the PATH. Debian builds its python3.11
# with profile-guided and link-time optimisation and without a shared libpython: the
# same tests take ~15% less CPU than on a default pyenv build of 3.11 (docs/testing.md,
# "Which Python"). PYTHON=... chooses another; a venv made before keeps its interpreter.
PYTHON ?= $(or $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' 2>/dev/null && echo /usr/bin/python3.11),python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# pytest-xdist processes for make test and make test-fast; 0 runs everything in
# one process. More than the 2 cores pays: the proof and browser tests mostly wait
# (docs/testing.md, "Running in parallel").
TEST_WORKERS ?= 4
XDIST := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup)

.PHONY: run test test-fast lint format worker beat bench bench-fanout screenshots check-services check-browser vendor-frontend clean

# The venv is rebuilt whenever pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

## run: the embedded default unless DATABASE_URL / REDIS_URL are set; PORT=8001 for another port
PORT ?= 8000
run: export DEBUG ?= true
# Emailed links must point at the port actually served.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: venv
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo "Serving $$SITE_URL (emails are written to var/sent-mail/ and this console)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# This machine's environment sets PYTHONDONTWRITEBYTECODE=1: then every pytest process
# re-compiles and re-rewrites the assertions of all 150 test modules (~6 CPU-s each of
# the xdist workers, each run). The test targets let Python keep its (git-ignored)
# __pycache__, so a second run collects in about a third of the time.
test test-fast screenshots: export PYTHONDONTWRITEBYTECODE :=

## test: the whole suite on PostgreSQL, with real Redis, real Celery workers and Chromium,
## in TEST_WORKERS parallel processes; prints the 15 slowest tests
test: venv check-services check-browser
	DJANGO_SETTINGS_MODULE=toex_recruit.settings.test $(BIN)/python -m pytest $(XDIST) --durations=15 $(PYTEST_ARGS)

## test-fast: the edit loop: no real workers or fault injection (proof), no Chromium
## (browser), and the test database kept between runs (--reuse-db)
test-fast: venv check-services
	DJANGO_SETTINGS_MODULE=toex_recruit.settings.test $(BIN)/python -m pytest $(XDIST) -m "not proof and not browser" --reuse-db $(PYTEST_ARGS)

## screenshots: the HR guide's pictures (docs/images/*.png), taken by the browser tests that
## walk through the admin; `make test` runs the same tests without writing into docs/
screenshots: venv check-services check-browser
	SAVE_SCREENSHOTS=1 DJANGO_SETTINGS_MODULE=toex_recruit.settings.test $(BIN)/python -m pytest -p no:logging tests/browser/test_hr_guide_and_reports.py $(PYTEST_ARGS)

check-services: venv
	$(BIN)/python scripts/check_services.py

check-browser:
	@bash scripts/ensure_chromium.sh

## lint: ruff, and the app layers contract (pyproject.toml [tool.importlinter])
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: venv
	$(BIN)/celery -A toex_recruit worker --loglevel=INFO --concurrency=2

beat: venv
	$(BIN)/celery -A toex_recruit beat --loglevel=INFO --schedule=var/celerybeat-schedule

## bench: the candidate pages, the HR applications list at 10,000 and 100,000 (BENCH_PIPELINE_SIZES) and a bulk move of 1,000 (BENCH_PIPELINE_MOVE), against a bare view
bench: venv check-services
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py

## bench-fanout: the outbox sending 10,000 and 100,000 emails (BENCH_FANOUT_SIZES) to a local sink
bench-fanout: venv check-services
	$(BIN)/python bench/fanout.py

vendor-frontend:
	bash scripts/vendor_frontend.sh

clean:
	rm -rf $(VENV) var/db.sqlite3 var/staticfiles
