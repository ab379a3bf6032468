# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lock lint format messages clean

$(STAMP): requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/uso migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/uso demo --if-empty
	DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/uso serve --port $(PORT)

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the pinned versions after changing pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --strip-extras --extra dev --no-emit-index-url -o requirements.lock pyproject.toml

# Update the catalogs after changing strings; translate, then compile.
messages: $(STAMP)
	cd src/uso && DEBUG=1 ../../$(BIN)/uso makemessages -l fi -l sv -l en --no-obsolete --ignore 'static/*'
	# English is the source language: its catalog repeats each message.
	DEBUG=1 $(BIN)/uso english_catalog
	cd src/uso && DEBUG=1 ../../$(BIN)/uso compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache
