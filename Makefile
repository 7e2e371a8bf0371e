# `make serve` sets up a virtual environment and runs the server with the task pane and
# the web page; `make test` sets up everything the tests need and runs them all.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 3000

.PHONY: serve serve-https setup setup-test test

$(PY):
	"$$(.ci/python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

setup: $(PY)
	$(PY) -m pip install --quiet -e .

setup-test: $(PY)
	$(PY) -m pip install --quiet -e '.[test]'

# Plain HTTP on loopback for the web page; `make serve-https` for the Word add-in.
serve: setup
	$(VENV)/bin/termscore serve --http --host $(HOST) --port $(PORT)

serve-https: setup
	$(VENV)/bin/termscore serve --host $(HOST) --port $(PORT)

test:
	bash .ci/run
