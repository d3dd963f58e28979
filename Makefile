# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := fazhi.settings

.PHONY: demo test setup lint test-browser clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 ($(PYTHON))"; exit 1; }
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { echo "需要 venv 模块：apt-get install python3.11-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

setup: $(VENV)/.installed
	$(BIN)/fazhi migrate --noinput

demo: setup
	$(BIN)/fazhi demo --serve

test: $(VENV)/.installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/fazhi makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/pytest -q
	$(BIN)/pytest -q -m browser

lint: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var
