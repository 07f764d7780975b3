# The few commands a person needs. `make up` runs the system, `make test` runs the tests.
.PHONY: up test test-unit test-integration test-faults test-fuzz bench lint format typecheck lock clean-data

up:
	@scripts/bootstrap requirements-dev.txt
	.venv/bin/lianfang up $(ARGS)

# Test processes side by side (pytest-xdist; a module's tests stay in one): most of a test's
# time is waiting on PostgreSQL, the broker and the services' processes, so two workers on two
# cores take ~8 minutes with the fault suite (one took ~13 without it). PYTEST_WORKERS=0
# runs them in this process.
PYTEST_WORKERS ?= 2

# Lint, types, then every test (unit, integration, e2e, faults) on real PostgreSQL and a real
# broker.
test:
	@scripts/bootstrap requirements-dev.txt
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy shared/lianfang_shared
	.venv/bin/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(ARGS)

test-unit:
	@scripts/bootstrap requirements-dev.txt
	.venv/bin/python -m pytest -m unit $(ARGS)

test-integration:
	@scripts/bootstrap requirements-dev.txt
	.venv/bin/python -m pytest -m "integration or e2e" $(ARGS)

# The fault suite alone (10,000 commands through kills, broker and PostgreSQL restarts; two to
# five minutes by machine); `make test` runs it too, beside its 1,000-command smoke.
test-faults:
	@scripts/bootstrap requirements-dev.txt
	.venv/bin/python -m pytest tests/faults -m faults $(ARGS)

# The bad-input fuzz at full size (about 7,000 requests generated from the four services'
# OpenAPI, every caller; a few minutes): `make test` runs about 1,500 (docs/platform.md).
test-fuzz:
	@scripts/bootstrap requirements-dev.txt
	LIANFANG_FUZZ_EXAMPLES=10 .venv/bin/python -m pytest tests/badinput/test_fuzz_openapi.py $(ARGS)

# Benchmarks, each figure beside its baseline: bench/results/report.md, report.json, *.png.
# ARGS="--quick" for a short run.
bench:
	@scripts/bootstrap requirements-dev.txt
	.venv/bin/python -m bench $(ARGS)

lint:
	@scripts/bootstrap requirements-dev.txt
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

typecheck:
	.venv/bin/mypy shared/lianfang_shared

# Re-pin requirements*.txt with hashes after editing requirements*.in (needs uv in .venv).
lock:
	.venv/bin/python -m uv pip compile --generate-hashes --python-version 3.11 --no-header requirements.in -o requirements.txt
	.venv/bin/python -m uv pip compile --generate-hashes --python-version 3.11 --no-header requirements-dev.in -o requirements-dev.txt

clean-data:
	rm -rf .data
