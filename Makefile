# The verbs people type. `make demo` and `make test` set everything up on a fresh
# Debian/Ubuntu machine: system packages (apt, when missing), a virtualenv, the package.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui python3-uno \
	fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea \
	fonts-urw-base35 poppler-utils qpdf libnss3-tools python3-venv chromium
PYTEST_ARGS ?=

.PHONY: demo test lint bench system bytecode clean help

help:
	@echo "make demo   - siapkan semuanya lalu jalankan siklus SOP lengkap pada contoh"
	@echo "make test   - siapkan semuanya lalu jalankan seluruh uji"
	@echo "make lint   - ruff dan mypy"
	@echo "make bench  - ukur kecepatan (start-up, demo, tiap perintah, skala, kota); hasil di bench/RESULTS.md"

system:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Memasang paket sistem: $$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

# pip compiles the bytecode of what it installs, but not of this editable package: on a machine
# with PYTHONDONTWRITEBYTECODE every run compiled kinerja's modules again (0.1 s of the demo).
# Up-to-date files are skipped, so this costs nothing when nothing changed.
bytecode: $(BIN)/.installed
	@$(BIN)/python -m compileall -q generator

demo: system bytecode
	$(BIN)/kinerja demo

test: system bytecode
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Quick by default (a few minutes); `make bench BENCH_ARGS=` runs the full set (the scale run
# up to 2,000 indicators and 40 offices take a while). Figures are appended to bench/RESULTS.md.
BENCH_ARGS ?= --quick
bench: system bytecode
	$(BIN)/python bench/bench_startup.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_demo.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_scale.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_warm.py
	$(BIN)/python bench/bench_city.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_convert.py --demo
	$(BIN)/python bench/bench_bundle.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
