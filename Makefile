# The two commands README promises: `make report` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: report test setup lint typecheck clean pictures

$(BIN)/indexcel: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/indexcel

report: setup
	$(BIN)/indexcel build --municipality "Norrtälje kommun"

lint: setup
	$(BIN)/ruff check .

typecheck: setup
	$(BIN)/mypy

# The tests that build workbooks, run again on XlsxWriter's public API only (writer/_xlsx).
WORKBOOK_TESTS := tests/test_build.py tests/test_targets.py tests/test_hostile.py \
	tests/test_input_sheet.py tests/test_perboard.py tests/test_kolada.py \
	tests/test_libreoffice.py tests/test_xlsxwriter_paths.py tests/test_writer_defects.py \
	tests/test_goals.py tests/test_fill.py tests/test_directions.py tests/test_years.py

# One test process per CPU (pytest-xdist); `pytest FILE` alone runs in one process.
test: setup lint typecheck
	$(BIN)/python -m pytest -n auto
	INDEXCEL_XLSXWRITER=public $(BIN)/python -m pytest -q -n auto $(WORKBOOK_TESTS)

# README's pictures, printed by LibreOffice (tools/render_pages.py); look at each one.
PICTURES := /tmp/indexcel-pictures
pictures: setup
	rm -rf $(PICTURES) && mkdir -p $(PICTURES)
	$(BIN)/indexcel build --municipality "Norrtälje kommun" -o $(PICTURES)/rapport.xlsx \
		--per-board $(PICTURES)/namnder/ --quiet
	$(BIN)/indexcel build tests/data/valid/every-kind-of-target.csv \
		-o $(PICTURES)/every.xlsx --municipality Exempelkommun --quiet
	$(BIN)/python tools/render_pages.py $(PICTURES)/rapport.xlsx docs/ \
		board-tab=Socialnämnd page-break=Kommunstyrelsekontoret#2 \
		"goal-tab=1.1. En ekonomi" summary=Sammanfattning guide=Läshänvisning
	$(BIN)/python tools/render_pages.py $(PICTURES)/every.xlsx docs/ --gray board-tab=KS
	$(BIN)/python tools/render_pages.py "$(PICTURES)/namnder/Socialnämnd.xlsx" docs/ \
		"board-workbook=Sammanfattning: Socialnämnd" board-workbook-guide=Läshänvisning

clean:
	rm -rf $(VENV) output/*.xlsx build *.egg-info src/*.egg-info
