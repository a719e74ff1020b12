# newsread: two commands on a fresh machine (Python 3.11+ and make):
#   make run    set up .venv, add the demo articles to an empty library, open newsread
#   make test   set up .venv and run the whole test suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# make run LIBRARY=dir opens that library; by default newsread's own choice
# ($NEWSREAD_LIBRARY, else the user data folder), so a later `newsread export`
# finds what was tagged in the app.
LIBRARY ?=
# The suite runs on every core (pytest-xdist): each worker loads spaCy once.
# make test TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
LIBRARY_ARG := $(if $(LIBRARY),--library $(LIBRARY),)

.PHONY: setup run test bench screenshots lint demo clean tmux newsboat

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# The venv's own pip (23.x) mis-resolves some extras; upgrade it first.
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# pip compiles the dependencies it installs, not an editable install's own
# modules. Python would write their bytecode at the first start, unless writing
# it is off (PYTHONDONTWRITEBYTECODE, set on some machines and CI images): then
# every start compiles the app's modules again, ~0.3 s before the first screen.
# compileall only compiles what changed since, in well under a second.
setup: $(STAMP)
	@$(BIN)/python -m compileall -q newsread storage tui

demo: setup
	$(BIN)/newsread demo $(LIBRARY_ARG)

# An empty library gets the demo articles first; one with articles is left as it is.
run: setup
	$(BIN)/newsread demo --if-empty $(LIBRARY_ARG)
	$(BIN)/newsread $(LIBRARY_ARG)

# The end-to-end tests drive the real terminal app under tmux.
tmux:
	@command -v tmux >/dev/null 2>&1 || { \
	  echo "installing tmux for the end-to-end tests"; \
	  (apt-get update -qq && apt-get install -y -qq tmux) >/dev/null 2>&1 || \
	  echo "could not install tmux: the end-to-end tests will be skipped"; }

# The import contract and ruff first (pyproject.toml [tool.importlinter],
# [tool.ruff]): a wrong import, a lint error or an unformatted file fails CI in
# seconds, before the suite runs. No import-linter cache: it would leave a
# folder in the tree, and the graph builds in under a second anyway.
test: setup tmux
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --check --no-cache .
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

# bench_first_screen.py times the first screen side by side with newsboat, the
# terminal news reader people use today; it skips that comparison (saying so)
# when newsboat cannot be installed or run.
newsboat:
	@command -v newsboat >/dev/null 2>&1 || { \
	  echo "installing newsboat for the first-screen benchmark"; \
	  (apt-get update -qq && apt-get install -y -qq newsboat) >/dev/null 2>&1 || \
	  echo "could not install newsboat: the side-by-side comparison will be skipped"; }

# bench_scale.py and bench_first_screen.py build their libraries once (cached in
# .bench/; a 100,000-article one takes ~10-15 minutes to make); BENCH_SKIP_100K=1
# skips that size. The first-screen bench drives the app and newsboat under tmux.
bench: setup tmux newsboat
	@for script in benchmarks/bench_*.py; do \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; done

screenshots: setup
	$(BIN)/python -m tui.screenshots screenshots

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
