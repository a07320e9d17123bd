# The front door. `make run` and `make test` work from a clean clone with nothing set up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint fmt install clean backup restore screenshots messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# xstatic-bootstrap ships only as an sdist whose setup.py still imports pkg_resources, which
# current setuptools no longer provides: build it against the venv's pinned setuptools instead.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23" "setuptools>=65,<81" wheel
	$(BIN)/python -m pip install --quiet --no-build-isolation ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# The translation catalogues, compiled from their .po files by Babel (no GNU gettext needed);
# only the .po files are committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po $(STAMP)
	$(BIN)/python scripts/compile_messages.py $<

messages: $(MO_FILES)

run: $(STAMP) messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist) and prints its slowest tests. The browser tests run
# in a session of their own: live_server tests empty the database when they end, and the
# ordinary tests must not run after that.
WORKERS ?= auto
test: $(STAMP) messages
	$(BIN)/python -m pytest --ignore=tests/browser -n $(WORKERS) --durations=10 $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/browser --durations=5 $(PYTEST_ARGS)

# The README's pictures: the browser journeys photograph every step into build/screenshots/;
# these are the ones the README shows, refreshed in docs/screenshots/ (commit them after).
README_SHOTS := consultant-02-caseload consultant-04-log-a-visit program-lead-03-tulsa-last-quarter spanish-01-summary-768
screenshots: $(STAMP) messages
	$(BIN)/python -m pytest tests/browser -q $(PYTEST_ARGS)
	mkdir -p docs/screenshots
	for shot in $(README_SHOTS); do cp build/screenshots/$$shot.png docs/screenshots/; done

# Style and complexity (ruff), the layers (import-linter), types (mypy), and the size of every
# module and function (scripts/check_sizes.py).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python scripts/check_sizes.py

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

backup: $(STAMP)
	$(BIN)/python manage.py backup $(if $(FILE),--output $(FILE)) $(if $(ENCRYPT),--encrypt)

restore: $(STAMP)
	$(BIN)/python manage.py restore $(FILE)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
