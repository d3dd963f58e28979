# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := fazhi.settings

# Debian packages. The demo: a virtualenv, and what PDF output needs (WeasyPrint's pango, the CJK
# fonts, harfbuzz's subsetter). The tests besides: pdftotext/pdffonts, LibreOffice (headless, to read
# an issued DOCX as an office would), and Debian's chromium for
# the browser tests — unless FAZHI_CHROMIUM names a Chromium that is already there.
DEMO_PACKAGES := python3.11-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
TEST_PACKAGES := $(DEMO_PACKAGES) poppler-utils libreoffice-writer-nogui
FAZHI_CHROMIUM ?= /usr/bin/chromium
BROWSER_PACKAGE := $(if $(wildcard $(FAZHI_CHROMIUM)),,chromium)

.PHONY: demo test setup lint clean debian-packages-demo debian-packages-test

# Installs those of the packages $(1) that are missing: with apt-get when run as root; otherwise
# it stops and prints the one command to run.
define debian_packages
@command -v dpkg-query >/dev/null || { echo "不是 Debian 系统：请自行安装相当于 $(1) 的软件包"; exit 1; }
@missing=""; \
for package in $(1); do \
  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ]; then \
    echo "== 安装 Debian 软件包：$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
  else \
    echo "缺少 Debian 软件包：$$missing"; \
    echo "请先运行：sudo apt-get install -y --no-install-recommends$$missing"; \
    exit 1; \
  fi; \
fi
endef

debian-packages-demo:
	$(call debian_packages,$(DEMO_PACKAGES))

debian-packages-test:
	$(call debian_packages,$(TEST_PACKAGES) $(BROWSER_PACKAGE))

$(BIN)/python: | debian-packages-demo
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# pip compiles the bytecode of what it installs into site-packages, but not the editable project's
# own code: compiled here, no command pays for compiling fazhi/ on its first run.
$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q fazhi
	touch $@

setup: $(VENV)/.installed
	$(BIN)/fazhi migrate --noinput

# The demo runs on a developer's machine over plain HTTP: debugging on, a throwaway secret key.
demo: export FAZHI_DEBUG := true
demo: debian-packages-demo setup
	$(BIN)/fazhi demo --serve

# The tests need no secret: fazhi.testing.environment gives pytest a test-only key. The migration
# check only compares models with migrations, so it runs as a developer's instance. The suite runs
# in one process per CPU (pytest-xdist); each test file stays in one process, so that a module's
# fixture (the demo city, the prefecture) is built once. The browser tests (marked `browser`, left
# out of a bare `pytest`) run in the same session: one test database a worker, not two.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST := $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

test: debian-packages-test $(VENV)/.installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	FAZHI_DEBUG=true $(BIN)/fazhi makemigrations --check --dry-run
	$(BIN)/lint-imports
	FAZHI_CHROMIUM=$(FAZHI_CHROMIUM) $(PYTEST) -m "browser or not browser"

lint: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var
