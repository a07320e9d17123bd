# The front door. `make run` and `make test` work from a clean clone with nothing set up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint fmt install clean backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# xstatic-bootstrap ships only as an sdist whose setup.py still imports pkg_resources, which
# current setuptools no longer provides: build it against the venv's pinned setuptools instead.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23" "setuptools>=65,<81" wheel
	$(BIN)/python -m pip install --quiet --no-build-isolation ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests run in a session of their own: live_server tests empty the database when
# they end, and the ordinary tests must not run after that.
test: $(STAMP)
	$(BIN)/python -m pytest --ignore=tests/browser $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

backup: $(STAMP)
	$(BIN)/python manage.py backup $(if $(FILE),--output $(FILE))

restore: $(STAMP)
	$(BIN)/python manage.py restore $(FILE)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
