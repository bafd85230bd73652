# Two commands from a fresh clone: `make validate` and `make test`.
# Needs only python3 (3.11+) and pip: uv is installed into .tools/ and builds .venv/ from uv.lock.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
STAMP := $(VENV)/.synced-$(UV_VERSION)
DATASETS ?= datasets
REPORTS ?= reports

.PHONY: validate test lint format bench browser-deps clean

# With the committed baseline, the known findings of the dataset of record (reviewed in the
# closing notes) pass and only new ones fail; `factlint baseline` re-takes it.
BASELINE ?= factlint-baseline.json

validate: $(STAMP)
	$(VENV)/bin/factlint check --datasets $(DATASETS) --output $(REPORTS) $(if $(wildcard $(BASELINE)),--baseline $(BASELINE))

test: $(STAMP)
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src checks schemas tests bench
	$(VENV)/bin/ruff format --check src checks schemas tests bench

format: $(STAMP)
	$(VENV)/bin/ruff format src checks schemas tests bench
	$(VENV)/bin/ruff check --fix src checks schemas tests bench

# The issue's plan (1M claims in the text layout, 1M and 10M in Parquet); e.g.
# BENCH_ARGS="--keep /tmp/factlint-bench" keeps the generated datasets for the next run.
BENCH_ARGS ?=
bench: $(STAMP)
	$(VENV)/bin/python -m bench.run $(BENCH_ARGS)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Bytecode is compiled at install time: these machines set PYTHONDONTWRITEBYTECODE=1, and
# without it every run would recompile Great Expectations (5 s instead of 2 s).
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --quiet
	@rm -f $(VENV)/.synced-*
	@touch $@

# Debian's Chromium and ChromeDriver for the report's browser tests (CI calls this).
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then \
		echo "chromium and chromedriver present"; \
	else \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache .hypothesis
