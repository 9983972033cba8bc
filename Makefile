# The two commands of the README: `make run` and `make test`.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
BENCH_PORT ?= 8731

.PHONY: run test lint install install-dev bench bench-deadlines clean-venv

run: install
	@$(BIN)/python manage.py bootstrap
	@$(BIN)/python manage.py runportal --host $(HOST) --port $(PORT)

test: install-dev
	@bin/preflight test >/dev/null
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports --no-cache

bench: install
	$(BIN)/python bench/eligibility.py
	$(BIN)/python bench/pages.py --seconds 3 --port $(BENCH_PORT)

# The deadline scans at 1,000,000 permits (docs/performance.md): PostgreSQL only, so not in
# `make bench`. DATABASE_URL names the server; the benchmark creates a database of its own.
bench-deadlines: install
	@test -n "$(DATABASE_URL)" || { echo "usage: DATABASE_URL=postgres://… make bench-deadlines [BENCH_ARGS='--permits 100000']"; exit 2; }
	$(BIN)/python bench/deadlines.py $(BENCH_ARGS)

# Installs are stamped with the files they came from, so a second run installs nothing.
install: $(VENV)/.stamp-run
install-dev: $(VENV)/.stamp-dev

$(VENV)/.stamp-venv:
	@py=$$(bin/preflight run) && "$$py" -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.stamp-run: $(VENV)/.stamp-venv requirements.in constraints.txt
	$(BIN)/python -m pip install --quiet -r requirements.in -c constraints.txt
	@touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-run requirements-dev.in constraints.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.in -c constraints.txt
	@touch $@

clean-venv:
	rm -rf $(VENV)
