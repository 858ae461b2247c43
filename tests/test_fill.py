"""`indexcel fill INPUT --from EXPORT` and `indexcel build EXPORT --rules-from INPUT`: outcomes
from an export of the follow-up system (the seed report's shape: group rows, repeated
headers, names wrapped by a PDF, no Riktning) into the input sheet staff keep, whose
directions, tolerances and targets judge them.

tests/data/fill/seed-export-2024.xlsx is made by tools/seed_to_export.py from the seed text.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, SAMPLE
from indexcel import theme
from indexcel.errors import InvalidDataError
from indexcel.fill import fill_from_export, match_rows
from indexcel.model import Measure
from indexcel.reader import read_dataset

EXPORT = DATA / "fill" / "seed-export-2024.xlsx"
TODAY = _dt.date.today().isoformat()
UNMATCHED_ROW = 104  # "arbetsmarknad s-centrum" in the export: the PDF's hyphen
OUTCOME_COLUMNS = {2023: 5, 2024: 6}  # E and F of the sample
HEADER = "Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024;Riktning"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sample_without(path: Path, rows) -> Path:
    """The sample with Utfall 2023 and 2024 emptied on `rows`, as a sheet before the
    export is in."""
    book = openpyxl.load_workbook(SAMPLE)
    ws = book["Indikatorer"]
    for row in rows:
        for column in OUTCOME_COLUMNS.values():
            ws.cell(row, column).value = None
    book.save(path)
    return path


@pytest.fixture
def blank(tmp_path) -> Path:
    return _sample_without(tmp_path / "indikatorer-2024.xlsx", range(2, 105))


@pytest.fixture
def typed(tmp_path) -> Path:
    """The sheet with the export's outcomes typed in by hand: the export holds the sample's
    numbers, for every row but the one it names another way."""
    return _sample_without(tmp_path / "typed.xlsx", [UNMATCHED_ROW])


def balls(path: Path) -> dict:
    """Every status and trend a workbook shows, by tab and indicator, and every count of the
    summary and goal tabs (the rows above each tab's header; shares to 12 digits, as
    LibreOffice's and Python's last binary digit may differ, and an empty text as empty,
    which is how LibreOffice saves it)."""
    book = openpyxl.load_workbook(path, data_only=True)
    found: dict = {}
    for ws in book.worksheets:
        if ws.title == theme.SHEET_GUIDE:
            continue
        header = None
        seen: Counter = Counter()
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if header is None:
                if "Status" in row and "Trend" in row and "Nyckeltal" in row:
                    header = list(row)
                elif any(v is not None for v in row):
                    found[(ws.title, "row", number)] = tuple(
                        round(v, 12) if isinstance(v, float) else None if v == "" else v
                        for v in row)
                continue
            name = row[header.index("Nyckeltal")]
            if name is None:
                continue
            board = row[header.index("Organisation")] if "Organisation" in header else None
            key = (ws.title, name, board)
            seen[key] += 1
            found[(*key, seen[key])] = (row[header.index("Status")], row[header.index("Trend")])
    return found


def test_fill_writes_the_matched_outcomes_and_changes_nothing_else(invoke, blank):
    before = _digest(blank)
    result = invoke("fill", blank, "--from", EXPORT)
    assert result.exit_code == 0, result.output
    assert _digest(blank) == before  # the input is never changed
    out = blank.with_name("indikatorer-2024-ifylld.xlsx")
    assert ("Read seed-export-2024.xlsx: 103 rows, 102 matched rows of indikatorer-2024.xlsx "
            "(2022–2024); 1 without a match, 0 not told apart." in result.stdout)
    assert (f"Wrote {out}: 194 values filled from seed-export-2024.xlsx, 0 conflicts; 1 row of "
            "indikatorer-2024.xlsx had no row in the export." in result.stdout)
    assert "Added the columns Källa 2023, Källa 2024." in result.stdout
    assert ("no match: seed-export-2024.xlsx, sheet 'Indikatorer flera perioder', row 136, "
            "'Andel individer med insats på arbetsmarknad s-centrum som u…' – Socialnämnd"
            in result.stdout)
    assert "Its name is nearly that of row 104, 'Andel individer med insats på " \
        "arbetsmarknadscentrum" in result.stdout

    sample, sheet, filled = read_dataset(SAMPLE), read_dataset(blank), read_dataset(out)
    assert filled.errors == [] and len(filled.indicators) == 103
    ws = openpyxl.load_workbook(out)["Indikatorer"]
    headers = [c.value for c in ws[1]]
    assert headers == [c.header for c in sheet.columns] + ["Källa 2023", "Källa 2024"]
    count = 0
    for old, typed_, new in zip(sample.indicators, sheet.indicators, filled.indicators,
                                strict=True):
        row = new.location.row
        for year, column in OUTCOME_COLUMNS.items():
            cell = ws.cell(row, column)
            if row == UNMATCHED_ROW or old.outcome(year) is None:
                assert new.outcome(year) is None and cell.comment is None
                continue
            count += 1
            # The export's number, in the sheet's unit: the sample's own.
            assert (round(new.outcome(year).value, 12), new.outcome(year).percent) == (
                round(old.outcome(year).value, 12), old.outcome(year).percent)
            assert cell.comment.text.startswith("Källa: seed-export-2024.xlsx, rad ")
            assert cell.comment.text.endswith(f", inläst {TODAY}")
            assert new.row_values[f"Källa {year}"] == "seed-export-2024.xlsx"
        # Everything the staff typed is as it was: rules, targets, the other outcomes.
        for header, value in typed_.row_values.items():
            if header not in ("Utfall 2023", "Utfall 2024"):
                assert new.row_values[header] == value, (row, header)
        assert (new.direction, new.tolerance, new.partly, new.targets) == (
            old.direction, old.tolerance, old.partly, old.targets)
    assert count == 194


def test_fill_then_build_gives_the_balls_of_the_sheet_with_those_outcomes_typed(
        invoke, blank, typed, tmp_path):
    assert invoke("fill", blank, "--from", EXPORT, "-q").exit_code == 0
    filled_report, typed_report = tmp_path / "filled-report.xlsx", tmp_path / "typed-report.xlsx"
    assert invoke("build", blank.with_name("indikatorer-2024-ifylld.xlsx"), "-o",
                  filled_report).exit_code == 0
    assert invoke("build", typed, "-o", typed_report).exit_code == 0
    filled, expected = balls(filled_report), balls(typed_report)
    assert filled == expected
    statuses = Counter(v[0] for k, v in expected.items() if k[0] == theme.SHEET_ALL)
    assert statuses == {"Uppfylld": 41, "Delvis uppfylld": 2, "Ej uppfylld": 59, "Ej bedömd": 1}
    assert len(expected) > 300  # every tab's rows, not a few


@pytest.mark.libreoffice
def test_the_balls_agree_after_libreoffice_recalculates(invoke, blank, typed, tmp_path):
    from libreoffice import convert, soffice

    soffice()
    assert invoke("fill", blank, "--from", EXPORT, "-q").exit_code == 0
    reports = {}
    for name, source in (("filled", blank.with_name("indikatorer-2024-ifylld.xlsx")),
                         ("typed", typed)):
        built = tmp_path / f"{name}-report.xlsx"
        assert invoke("build", source, "-o", built).exit_code == 0
        recalculated = convert(built, "xlsx", tmp_path / f"lo-{name}",
                               tmp_path / f"profile-{name}")
        reports[name] = (balls(built), balls(recalculated))
    (filled_cached, filled_fresh), (typed_cached, typed_fresh) = reports.values()
    assert filled_fresh == typed_fresh == typed_cached == filled_cached


def test_build_rules_from_is_fill_then_build_in_one_step(invoke, blank, tmp_path):
    assert invoke("fill", blank, "--from", EXPORT, "-q").exit_code == 0
    two_steps = tmp_path / "two-steps.xlsx"
    assert invoke("build", blank.with_name("indikatorer-2024-ifylld.xlsx"), "-o",
                  two_steps).exit_code == 0
    folder = tmp_path / "one"
    folder.mkdir()
    one_step = folder / "one-step.xlsx"
    result = invoke("build", EXPORT, "--rules-from", blank, "-o", one_step)
    assert result.exit_code == 0, result.output
    assert balls(one_step) == balls(two_steps)
    assert list(folder.iterdir()) == [one_step]  # no input sheet written
    # The same match report, naming the input sheet's rows (no sheet was written).
    assert ("Matched: 194 values filled from seed-export-2024.xlsx, 0 conflicts; 1 row of "
            "indikatorer-2024.xlsx had no row in the export." in result.stderr)
    assert "no match: seed-export-2024.xlsx, sheet 'Indikatorer flera perioder', row 136" \
        in result.stderr
    assert ("Its name is nearly that of indikatorer-2024.xlsx, sheet 'Indikatorer', row 104"
            in result.stderr)
    assert "--add-new" not in result.stderr and "has no Riktning" not in result.stderr
    # The rules sheet's goals sheet is carried into the build: Alla inriktningsmål too.
    assert f"Wrote {one_step}: 32 sheets, 103 indicators" in result.stdout
    table = openpyxl.load_workbook(one_step)[theme.SHEET_ALL]
    assert [c.value for c in table[1]][-2:] == ["Källa 2023", "Källa 2024"]


def test_build_rules_from_keeps_the_sheet_s_values_and_lists_the_conflict(invoke, tmp_path):
    sheet = _sample_without(tmp_path / "regler.xlsx", [])
    book = openpyxl.load_workbook(sheet)
    book["Indikatorer"]["F2"] = 0.01  # Överförmyndare 2024: the export says 25,9 %
    book.save(sheet)
    out = tmp_path / "rapport.xlsx"
    result = invoke("build", EXPORT, "--rules-from", sheet, "-o", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert ("conflict: regler.xlsx, sheet 'Indikatorer', row 2, column 'Utfall 2024', "
            "Budgetföljsamhet (grad av budgetavvikelse i % per nämnd). – Överförmyndare: the "
            "sheet has 1,0 %, seed-export-2024.xlsx, sheet 'Indikatorer flera perioder', row 6 "
            "has 25,90 %; kept the sheet's value." in result.stderr)
    table = openpyxl.load_workbook(out, data_only=True)[theme.SHEET_ALL]
    header = [c.value for c in table[1]]
    assert table.cell(2, header.index("Utfall 2024") + 1).value == 0.01
    assert table.cell(2, header.index("Status") + 1).value == "Uppfylld"  # within 1 %


def test_the_sample_agrees_with_its_export_cell_by_cell(invoke, tmp_path):
    """The sample's typed values and the export's text agree at the precision of the less
    precise (25,9 % and "25.9%"): nothing to fill, and no conflict."""
    sheet = tmp_path / "indikatorer-2024.xlsx"
    sheet.write_bytes(SAMPLE.read_bytes())
    result = invoke("fill", sheet, "--from", EXPORT)
    assert result.exit_code == 0, result.output
    assert "0 values filled from seed-export-2024.xlsx, 0 conflicts" in result.stdout
    assert "conflict:" not in result.stdout


def test_conflicts_are_listed_and_kept_or_with_overwrite_replaced(invoke, tmp_path):
    sheet = _sample_without(tmp_path / "in.xlsx", range(3, 105))
    book = openpyxl.load_workbook(sheet)
    ws = book["Indikatorer"]
    ws["D2"] = 0.2  # the export has 10,67 %
    ws["E2"] = 0.2343  # the same as the export
    ws["F2"] = 0.26  # 26 % against 25,9 %: differs at the sheet's one decimal
    book.save(sheet)
    result = invoke("fill", sheet, "--from", EXPORT)
    assert result.exit_code == 0, result.output
    assert "2 conflicts" in result.stdout
    assert ("conflict: D2 (Utfall 2022), Budgetföljsamhet (grad av budgetavvikelse i % per "
            "nämnd). – Överförmyndare: the sheet has 20,00 %, seed-export-2024.xlsx, sheet "
            "'Indikatorer flera perioder', row 6 has 10,67 %; kept the sheet's value "
            "(--overwrite takes the export's)." in result.stdout)
    assert "conflict: F2 (Utfall 2024)" in result.stdout
    ws = openpyxl.load_workbook(tmp_path / "in-ifylld.xlsx")["Indikatorer"]
    assert (ws["D2"].value, ws["E2"].value, ws["F2"].value) == (0.2, 0.2343, 0.26)
    assert ws["D2"].comment is None and ws["E2"].comment is None

    replaced = invoke("fill", sheet, "--from", EXPORT, "--overwrite", "-o",
                      tmp_path / "over.xlsx")
    assert replaced.exit_code == 0
    assert "replaced it with the export's (--overwrite)" in replaced.stdout
    ws = openpyxl.load_workbook(tmp_path / "over.xlsx")["Indikatorer"]
    assert (ws["D2"].value, ws["F2"].value) == (0.1067, 0.259)
    assert ws["D2"].comment.text.endswith("\nErsatte 20,00 %, som stod i underlaget.")


def test_add_new_appends_the_unmatched_row_marked_for_review(invoke, blank, tmp_path):
    out = tmp_path / "med-nya.xlsx"
    result = invoke("fill", blank, "--from", EXPORT, "--add-new", "-o", out)
    assert result.exit_code == 0, result.output
    assert ("added: seed-export-2024.xlsx, sheet 'Indikatorer flera perioder', row 136, "
            "'Andel individer med insats på arbetsmarknad s-centrum som u…' – Socialnämnd"
            in result.stdout)
    assert "appended as row 105, marked for review" in result.stdout
    assert "1 row added for review" in result.stdout
    ws = openpyxl.load_workbook(out)["Indikatorer"]
    assert ws.max_row == 105
    row = [c.value for c in ws[105]]
    assert row[:7] == ["7.4. Rätt insats ska ges i rätt tid och av rätt aktör",
                       "Andel individer med insats på arbetsmarknad s-centrum som uppnått "
                       "egen försörjning.", "Socialnämnd", None, 0.27, 0.07, 0.2]
    assert {c.fill.fgColor.rgb for c in ws[105]} == {"FF" + theme.REVIEW_FILL[1:]}
    assert ws["B105"].comment.text.startswith("Ny rad från seed-export-2024.xlsx, rad 136")
    assert {c.fill.fill_type for c in ws[104]} == {None}
    dataset = read_dataset(out)
    assert len(dataset.indicators) == 104 and dataset.errors == []


def _csv(tmp_path: Path, name: str, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_rows_match_regardless_of_case_and_spacing_with_the_goal_as_tie_break(tmp_path):
    sheet = read_dataset(_csv(tmp_path, "sheet.csv", [
        "1.1. Ekonomi;Kostnad per elev;Barn- och skolnämnd;;;100;Lägre är bättre",
        "1.1. Ekonomi;Antal besök;Kulturnämnd;;;10;",
        "2.1. Kultur;Antal besök;Kulturnämnd;;;20;",
    ]), require_targets=False)
    export = read_dataset(_csv(tmp_path, "export.csv", [
        "2.1. Kultur i hela kommunen;ANTAL  BESÖK;kulturnämnd;21;22;;",
        '1.1. Ekonomi;"Kostnad per\nelev.";BARN- OCH SKOLNÄMND;90;95;;',
        "1.1. Ekonomi;Antal besök;Kulturnämnd;11;12;;",
    ], header='Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024;x'),
        require_targets=False)
    assert match_rows(sheet, export).pairs == {0: 2, 1: 0, 2: 1}
    result = fill_from_export(sheet, export, today=_dt.date(2026, 3, 2))
    values = [[row[f"Utfall {y}"].value for y in (2023, 2024)] for row in result.sheet.rows]
    assert values == [[90, 95], [11, 12], [21, 22]]
    assert result.sheet.rows[0]["Riktning"] == "Lägre är bättre"  # the sheet's rules stay
    assert result.sheet.notes[(0, "Utfall 2024")] == \
        "Källa: export.csv, rad 3, inläst 2026-03-02"


def test_what_cannot_be_told_apart_is_listed_and_never_filled(invoke, tmp_path):
    sheet = _csv(tmp_path, "sheet.csv", [
        "1.1. Ekonomi;Antal besök;Kulturnämnd;;;10;",
        "1.1. Ekonomi;Antal besök;Kulturnämnd;;;20;",  # the same row twice
        "1.1. Ekonomi;Antal lån;Kulturnämnd;;;30;",
    ])
    export = _csv(tmp_path, "export.csv", [
        "1.1. Ekonomi;Antal besök;Kulturnämnd;11;12;;",
        "1.1. Ekonomi;Antal lån;Kulturnämnd;31;32;;",
        "1.1. Ekonomi;Antal lån;Kulturnämnd;33;34;;",  # two export rows for one sheet row
    ])
    out = tmp_path / "out.xlsx"
    result = invoke("fill", sheet, "--from", export, "-o", out)
    assert result.exit_code == 0, result.output
    assert "0 values filled" in result.stdout
    assert ("not told apart: export.csv, line 2, 'Antal besök' – Kulturnämnd (1.1. Ekonomi) "
            "matches row 2, row 3 of sheet.csv, whose goals do not tell them apart; not "
            "filled." in result.stdout)
    assert ("not told apart: 2 rows of the export (export.csv, line 3; export.csv, line 4) "
            "match row 4, Antal lån – Kulturnämnd; filled from none of them." in result.stdout)
    ws = openpyxl.load_workbook(out)["Indikatorer"]
    assert [ws.cell(r, 5).value for r in (2, 3, 4)] == [None, None, None]


def test_a_value_in_another_unit_is_listed_not_filled(invoke, tmp_path):
    sheet = _csv(tmp_path, "sheet.csv", ["1.1. Ekonomi;Andel nöjda;KS;80 %;;85 %;",
                                         "1.1. Ekonomi;Antal besök;KS;5;;6;",
                                         "1.1. Ekonomi;Andel klara;KS;;;90 %;"])
    export = _csv(tmp_path, "export.csv", ["1.1. Ekonomi;Andel nöjda;KS;80;82;;",
                                           "1.1. Ekonomi;Antal besök;KS;5;7 %;;",
                                           "1.1. Ekonomi;Andel klara;KS;0;91,5 %;;"])
    out = tmp_path / "out.xlsx"
    result = invoke("fill", sheet, "--from", export, "-o", out)
    assert result.exit_code == 0, result.output
    assert ("other unit: E2 (Utfall 2024), Andel nöjda – KS: the row's values are "
            "percentages, but export.csv, line 2 has 82, a plain number; not filled (type the "
            "value, or correct the export)." in result.stdout)
    assert "other unit: E3 (Utfall 2024), Antal besök – KS: the row's values are plain " \
        "numbers, but export.csv, line 3 has 7 %, a percentage" in result.stdout
    filled = read_dataset(out, require_targets=False).indicators
    assert filled[0].outcome(2024) is None and filled[1].outcome(2024) is None
    # 0 is 0 in either unit; a percentage where the row is one is taken as it is.
    assert filled[2].outcome(2023) == Measure(0.0, 0, True)
    assert filled[2].outcome(2024) == Measure(0.915, 1, True)


def test_an_export_year_the_sheet_lacks_is_named(invoke, tmp_path):
    sheet = _csv(tmp_path, "sheet.csv", ["1.1. Ekonomi;Antal besök;KS;;;6;"])
    export = _csv(tmp_path, "export.csv", ["1.1. Ekonomi;Antal besök;KS;5;6;7"],
                  header="Inriktningsmål;Nyckeltal;Organisation;Utfall 2024;Utfall 2025;"
                         "Mål 2025")
    result = invoke("fill", sheet, "--from", export, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 0, result.output
    assert ("not used: the export's Utfall 2025 has no column in sheet.csv (roll the sheet "
            "over to 2025 first: `indexcel rollover sheet.csv --year 2025`)." in result.stdout)
    assert "1 value filled" in result.stdout


def test_a_sheet_without_targets_can_be_filled(invoke, tmp_path):
    sheet = _csv(tmp_path, "sheet.csv", ["1.1. Ekonomi;Antal besök;KS;;"],
                 header="Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024")
    result = invoke("fill", sheet, "--from", EXPORT.parent / "missing.xlsx")
    assert result.exit_code == 1 and "no such file" in result.output
    export = _csv(tmp_path, "export.csv", ["1.1. Ekonomi;Antal besök;KS;5;6"],
                  header="Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024")
    result = invoke("fill", sheet, "--from", export)
    assert result.exit_code == 0, result.output
    assert "2 values filled" in result.stdout


def test_errors_in_the_export_leave_nothing_written(invoke, blank, tmp_path):
    export = _csv(tmp_path, "export.csv", ["1.1. Ekonomi;Antal besök;KS;fem;6;;"])
    out = tmp_path / "out.xlsx"
    result = invoke("fill", blank, "--from", export, "-o", out)
    assert result.exit_code == 1
    assert "export.csv: 1 error(s) in the export; filling from it would lose the values" \
        in result.output
    assert "export.csv, line 2, column 'Utfall 2023': 'fem' is not a number" in result.output
    assert "`indexcel validate --no-targets` lists them all" in result.output
    assert not out.exists()
    with pytest.raises(InvalidDataError):
        fill_from_export(read_dataset(blank), read_dataset(export, require_targets=False),
                         today=_dt.date.today())


def test_the_output_is_a_new_file_unless_force_and_never_an_input(invoke, blank, tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"staff's own file")
    result = invoke("fill", blank, "--from", EXPORT, "-o", out)
    assert result.exit_code == 1 and "already exists; it was left as it is" in result.output
    assert out.read_bytes() == b"staff's own file"
    assert invoke("fill", blank, "--from", EXPORT, "-o", out, "--force").exit_code == 0
    assert read_dataset(out).indicators
    for protected in (blank, EXPORT):
        before = _digest(protected)
        refused = invoke("fill", blank, "--from", EXPORT, "-o", protected, "--force")
        assert refused.exit_code == 1 and "never writes over its input" in refused.output
        assert _digest(protected) == before


def test_a_failed_write_leaves_no_file_behind(invoke, blank, tmp_path, monkeypatch):
    from indexcel.errors import OutputError
    from indexcel.writer import input_workbook

    def half_written(sheet, path):
        Path(path).write_bytes(b"PK\x03\x04 half a workbook")
        raise OutputError(f"{path}: the disk is full.")

    monkeypatch.setattr(input_workbook, "write_input_sheet", half_written)
    out = tmp_path / "out" / "filled.xlsx"
    result = invoke("fill", blank, "--from", EXPORT, "-o", out)
    assert result.exit_code == 1 and "the disk is full" in result.output
    assert not out.parent.exists()  # nothing behind, not even the folder the run made


def test_the_export_s_own_options_are_named_as_such(invoke, blank, tmp_path):
    export = _csv(tmp_path, "export.csv", ["1.1. Ekonomi;Antal besök;KS;5;6;;"])
    result = invoke("fill", blank, "--from", export, "--from-delimiter", ",")
    assert result.exit_code == 2
    assert "Invalid value for '--from-delimiter'" in result.output
    assert "the file seems to use ';'" in result.output
    assert "Leave out --from-delimiter" in result.output
    sheet_option = invoke("fill", blank, "--from", EXPORT, "--from-sheet", "Nej")
    assert sheet_option.exit_code == 2 and "'--from-sheet'" in sheet_option.output


def test_quiet_keeps_the_lines_to_look_at(invoke, blank):
    result = invoke("fill", blank, "--from", EXPORT, "--quiet")
    assert result.exit_code == 0
    assert "Read " not in result.stdout and "Wrote " not in result.stdout
    assert "no match: seed-export-2024.xlsx" in result.stdout


def test_build_rules_from_needs_the_sheet_s_targets_unless_no_targets(invoke, tmp_path):
    sheet = _csv(tmp_path, "regler.csv", ["1.1. Ekonomi;Antal besök;KS;;;;"],
                 header="Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;x;"
                        "Riktning")
    export = _csv(tmp_path, "export.csv", ["1.1. Ekonomi;Antal besök;KS;5;6;;"])
    out = tmp_path / "rapport.xlsx"
    refused = invoke("build", export, "--rules-from", sheet, "-o", out)
    assert refused.exit_code == 1 and "regler.csv, line 1: no target column" in refused.output
    assert "--no-targets" in refused.output and not out.exists()
    built = invoke("build", export, "--rules-from", sheet, "-o", out, "--no-targets")
    assert built.exit_code == 0, built.output
    assert "Matched: 2 values filled from export.csv" in built.stderr
    table = openpyxl.load_workbook(out, data_only=True)[theme.SHEET_ALL]
    header = [c.value for c in table[1]]
    assert table.cell(2, header.index("Utfall 2024") + 1).value == 6
    assert table.cell(2, header.index("Status") + 1).value == "Ej bedömd"


def test_build_rules_from_refuses_an_export_with_errors(invoke, blank, tmp_path):
    export = _csv(tmp_path, "export.csv", ["1.1. Ekonomi;Antal besök;KS;fem;6;;"])
    out = tmp_path / "rapport.xlsx"
    result = invoke("build", export, "--rules-from", blank, "-o", out)
    assert result.exit_code == 1
    assert "1 error(s) in the export" in result.output and "run the command again" \
        in result.output
    assert not out.exists()
    protected = invoke("build", export, "--rules-from", blank, "-o", blank)
    assert protected.exit_code == 1 and "never writes over its input" in protected.output
