# Two entry points: `make demo` builds the demo dataset, charts and report; `make test` runs
# the whole test suite. Each first syncs the locked environment it needs (uv, from PyPI):
# the demo only the package with its notebook and PNG-export extras, the tests everything but
# the benchmark's spaCy (`python3 -m uv run --extra bench python -m stances.bench`).
# The tests' environment compiles bytecode at install: where Python may not write it, each of
# their many processes would compile pandas and the rest anew (a second each). The demo's
# two runs do not pay for the 150 MB it adds.
UV_VERSION := 0.13.8
UV := python3 -m uv

.PHONY: uv demo test

uv:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --user "uv==$(UV_VERSION)" \
		|| python3 -m pip install --quiet --user --break-system-packages "uv==$(UV_VERSION)"

demo: uv
	$(UV) sync --locked --no-dev --extra notebooks --extra export --quiet
	$(UV) run --no-sync stances code seeds -o data
	$(UV) run --no-sync stances report data -o data/report.html --charts data/charts
	@echo "open data/report.html, or: $(UV) run --no-sync jupyter lab notebooks/"

test: uv
	$(UV) sync --locked --compile-bytecode --all-extras --no-extra bench --quiet
	$(UV) run ruff check .
	$(UV) run pytest
