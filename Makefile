# Two entry points: `make demo` builds the demo dataset, charts and report; `make test` runs
# the whole test suite. Both set up the locked environment first (uv, from PyPI).
UV_VERSION := 0.13.8
UV := python3 -m uv

.PHONY: setup demo test

setup:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --user "uv==$(UV_VERSION)" \
		|| python3 -m pip install --quiet --user --break-system-packages "uv==$(UV_VERSION)"
	$(UV) sync --locked --all-extras --quiet

demo: setup
	$(UV) run stances code seeds -o data
	$(UV) run stances report data -o data/report.html --charts data/charts
	@echo "open data/report.html, or: $(UV) run jupyter lab notebooks/"

test: setup
	$(UV) run ruff check .
	$(UV) run pytest
