# Two commands: `make run` serves the demo, `make test` runs the suite. Both set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: guide run test bench bench-pg loadtest faults setup system-deps migrate seed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) scripts/compile_locale.py

system-deps:
	@bash scripts/system-deps.sh

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Web and django-q2 worker side by side (Procfile), on SQLite with the ORM broker by default.
run: system-deps seed
	@echo "党员义工365 演示：http://127.0.0.1:$(PORT)/  管理后台：http://127.0.0.1:$(PORT)/admin/"
	honcho start -f Procfile -p $(PORT)

test: setup system-deps
	@bash scripts/test.sh

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

# The same scenarios on the local PostgreSQL (concurrency figures need real row locks).
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/dy365_bench
bench-pg: setup
	psql "$(dir $(BENCH_PG))postgres" -tc "SELECT 1 FROM pg_database WHERE datname='$(notdir $(BENCH_PG))'" | grep -q 1 || \
		psql "$(dir $(BENCH_PG))postgres" -c "CREATE DATABASE $(notdir $(BENCH_PG))"
	DATABASE_URL=$(BENCH_PG) $(PY) bench/run.py $(BENCH_ARGS)

# gunicorn + a worker on 127.0.0.1 with PostgreSQL and Redis under a bounded mixed load (bench/loadtest/):
# three 60-second runs, each checked for lost or doubled points and over-filled activities.
#   make loadtest LOADTEST_ARGS="--runs 1 --seconds 30 --fault pg-restart"
loadtest: setup system-deps
	$(PY) -m bench.loadtest.run $(LOADTEST_ARGS)

# Each fault for real (docs/FAULTS.md): Redis stopped and frozen, a worker killed, PostgreSQL restarted
# under load. The scripts start their own Redis and PostgreSQL, so the shared ones are never touched.
faults: setup system-deps
	$(PY) scripts/faults/redis_down.py
	$(PY) scripts/faults/redis_down.py --mode hang
	$(PY) scripts/faults/worker_killed.py
	$(PY) scripts/faults/pg_restart.py

# The walk (tests/e2e/journeys/) retaking the 操作指南's screenshots into guide/static/guide/:
# run it whenever the screens change, look at the pictures, commit them.
guide: setup system-deps
	GUIDE_SHOTS=1 $(PY) -m pytest tests/e2e/journeys -q -p no:cacheprovider
