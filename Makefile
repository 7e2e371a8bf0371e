# `make serve` sets up a virtual environment and runs the server with the task pane and
# the web page; `make test` sets up everything the tests need and runs them all.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 3000

# Stamp files record that the editable install matches pyproject.toml and setup.py, so
# `make serve` reruns pip only after they change (or after `rm -rf .venv`).
INSTALLED := $(VENV)/.termscore-installed
TEST_INSTALLED := $(VENV)/.termscore-test-installed
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: serve serve-https setup setup-test test

$(PY):
	"$$(.ci/python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml setup.py | $(PY)
	$(PIP_INSTALL) -e .
	touch $@

$(TEST_INSTALLED): pyproject.toml setup.py | $(PY)
	$(PIP_INSTALL) -e '.[test]'
	touch $(INSTALLED) $@

setup: $(INSTALLED)

setup-test: $(TEST_INSTALLED)

# Plain HTTP on loopback for the web page; `make serve-https` for the Word add-in.
serve: setup
	$(VENV)/bin/termscore serve --http --host $(HOST) --port $(PORT)

serve-https: setup
	$(VENV)/bin/termscore serve --host $(HOST) --port $(PORT)

test:
	bash .ci/run
