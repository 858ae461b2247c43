"""`indexcel kolada` against a local stand-in for Kolada (tests/kolada_server.py): the cells it
fills, the values it keeps, the conflicts it lists, and every failure ending with a message,
exit 1 and no output file. No test here touches the network."""

from __future__ import annotations

import datetime as _dt
import shutil
import subprocess
import sys

import openpyxl
import pytest

from conftest import ROOT, SAMPLE
from indexcel import theme
from indexcel.kolada import client as kolada_client
from indexcel.kolada import fill_from_kolada, plan_kolada
from indexcel.kolada.client import KoladaClient, Settings
from indexcel.reader import read_dataset
from indexcel.writer import build_report
from kolada_server import FakeKolada, closed_port_url

FAST = Settings(connect_timeout=1.0, timeout=0.3, tries=3, backoff=0.01)
TODAY = _dt.date.today().isoformat()


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(kolada_client, "DEFAULTS", FAST)  # the CLI's client: short waits
    monkeypatch.delenv(kolada_client.ENV_BASE_URL, raising=False)
    with FakeKolada() as server:
        yield server


@pytest.fixture
def sheet(tmp_path):
    """The sample with what a real sheet has: cells left empty, an unknown KPI id, a KPI
    without values, a cell that is not an id, a status and a comment typed by hand, an extra
    column and last year's targets."""
    path = tmp_path / "indikatorer-2024.xlsx"
    book = openpyxl.load_workbook(SAMPLE)
    ws = book["Indikatorer"]
    assert [ws.cell(1, c).value for c in (4, 6, 15, 16)] == [
        "Utfall 2022", "Utfall 2024", "Kolada-id", "Kommun-id"]
    for cell in ("F25", "E20", "F20"):  # N15436 2024 is missing, N17451 2023 deleted
        ws[cell] = None
    ws["O30"], ws["O31"], ws["O32"] = "N99999", "n00002", "not an id!"
    ws["K11"], ws["N11"] = "Ej uppfylld", "Skrivet för hand"
    ws["Q1"], ws["R1"] = "Ansvarig", "Mål 2023"
    for row in range(2, 105):
        ws.cell(row, 17, f"Person {row % 7}")
    ws["R10"] = -0.05
    ws["R10"].number_format = "0.0%"
    book.save(path)
    return path


def run(invoke, source, fake_or_url, *args):
    url = fake_or_url if isinstance(fake_or_url, str) else fake_or_url.base_url
    return invoke("kolada", source, "--api-url", url, *args)


def headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


# -- what is filled --------------------------------------------------------------------------

def test_fills_exactly_the_expected_cells(invoke, fake, sheet):
    result = run(invoke, sheet, fake)
    assert result.exit_code == 0, result.output
    out = sheet.with_name("indikatorer-2024-kolada.xlsx")
    ws = openpyxl.load_workbook(out)["Indikatorer"]
    assert headers(ws)[15:] == ["Kommun-id", "Ansvarig", "Mål 2023", "Källa 2022",
                                "Källa 2024"]
    before = openpyxl.load_workbook(sheet)["Indikatorer"]
    changed = {c.coordinate for row in ws.iter_rows(min_row=2, max_col=18) for c in row
               if c.value != before[c.coordinate].value}
    assert changed == {"D10", "F20", "D96"}
    assert (ws["D10"].value, ws["D10"].number_format) == (-0.031, "0.0%")  # −3,1 %
    assert (ws["F20"].value, ws["F20"].number_format) == (0.642, "0.0%")  # 64,2 %
    assert (ws["D96"].value, ws["D96"].number_format) == (19.6, "#,##0.0")  # not a share
    assert ws["D10"].comment.text == f"Källa: Kolada, KPI N00097, hämtat {TODAY}"
    assert ws["D96"].comment.text == f"Källa: Kolada, KPI U09800, hämtat {TODAY}"
    sources = {c.coordinate: c.value for col in ("S", "T") for c in ws[col][1:] if c.value}
    assert sources == {"S10": "Kolada", "S96": "Kolada", "T20": "Kolada"}
    notes = {c.coordinate for row in ws.iter_rows() for c in row if c.comment}
    assert notes == {"D10", "F20", "D96"}
    assert "3 values filled from Kolada, 2 rows with a Kolada-id had no data, 1 conflict" \
        in result.stdout
    assert "Added the columns Källa 2022, Källa 2024." in result.stdout


def test_missing_values_stay_empty_never_zero(invoke, fake, sheet):
    run(invoke, sheet, fake)
    ws = openpyxl.load_workbook(sheet.with_name("indikatorer-2024-kolada.xlsx"))["Indikatorer"]
    assert ws["F25"].value is None  # value null, status Missing (women's value ignored)
    assert ws["E20"].value is None  # isdeleted: true
    assert ws["F31"].value == openpyxl.load_workbook(sheet)["Indikatorer"]["F31"].value


def test_every_value_typed_comes_through_unchanged(invoke, fake, sheet):
    run(invoke, sheet, fake)
    before = read_dataset(sheet)
    after = read_dataset(sheet.with_name("indikatorer-2024-kolada.xlsx"))
    assert after.errors == [] and len(after.indicators) == len(before.indicators) == 103
    assert [c.header for c in after.columns][:18] == [c.header for c in before.columns]
    filled = {(10, "Utfall 2022"), (20, "Utfall 2024"), (96, "Utfall 2022")}
    for old, new in zip(before.indicators, after.indicators, strict=True):
        for header, value in old.row_values.items():
            if (old.location.row, header) not in filled:
                assert new.row_values[header] == value, (old.location, header)
        assert (new.given_status, new.comment, new.direction, new.unit) == (
            old.given_status, old.comment, old.direction, old.unit)
    row11 = after.indicators[9]
    assert row11.row_values["Status"] == "Ej uppfylld"
    assert row11.row_values["Kommentar"] == "Skrivet för hand"
    assert after.indicators[8].target(2023).value == -0.05


def test_conflicts_are_listed_and_the_sheet_s_value_kept(invoke, fake, sheet):
    result = run(invoke, sheet, fake)
    assert ("conflict: F11 (Utfall 2024), Årets resultat som andel av skatt och generella "
            "statsbidrag. – Kommunstyrelsekontoret: the sheet has 3,6 %, Kolada N03102 has "
            "3,9 %; kept the sheet's value (--overwrite takes Kolada's).") in result.stdout
    ws = openpyxl.load_workbook(sheet.with_name("indikatorer-2024-kolada.xlsx"))["Indikatorer"]
    assert ws["F11"].value == 0.036 and ws["F11"].comment is None
    # −12,4 % in the sheet and −12.44 from Kolada agree at the sheet's one decimal
    assert "F10" not in result.stdout


def test_overwrite_replaces_and_still_lists(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--overwrite")
    assert "the sheet has 3,6 %, Kolada N03102 has 3,9 %; replaced it with Kolada's" \
        in result.stdout
    ws = openpyxl.load_workbook(sheet.with_name("indikatorer-2024-kolada.xlsx"))["Indikatorer"]
    assert ws["F11"].value == 0.039
    assert ws["F11"].comment.text == (f"Källa: Kolada, KPI N03102, hämtat {TODAY}\n"
                                      "Ersatte 3,6 %, som stod i underlaget.")
    assert ws["T11"].value == "Kolada"


def test_summary_names_unknown_ids_kpis_without_values_and_cells_that_are_not_ids(
        invoke, fake, sheet):
    result = run(invoke, sheet, fake)
    out = result.stdout
    assert ("unknown KPI id: Kolada answered with nothing for N99999 (row 30), neither a "
            "value nor a gap for 0188 in 2022–2024; check the id on kolada.se.") in out
    assert ("no value: Kolada has no value of N00002 for municipality 0188 in 2022–2024 "
            "(row 31)") in out
    assert "not a KPI id: Kolada-id on row 32 holds 'not an id!'; the row was left" in out
    assert "Asked Kolada (" in out and "for 8 KPIs, municipality 0188, 2022–2024: 1 request" \
        in out


def test_quiet_keeps_the_lines_that_need_a_look(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--quiet")
    assert "Wrote" not in result.output and "Asked Kolada" not in result.output
    assert "conflict: F11" in result.stdout and "unknown KPI id" in result.stdout


# -- the input is never changed; the output only with --force ---------------------------------

def test_input_is_never_changed_and_output_replaced_only_with_force(invoke, fake, sheet):
    before = sheet.read_bytes()
    out = sheet.with_name("indikatorer-2024-kolada.xlsx")
    out.write_bytes(b"typed by hand")
    result = run(invoke, sheet, fake)
    assert result.exit_code == 1 and "already exists; it was left as it is" in result.output
    assert out.read_bytes() == b"typed by hand" and fake.requests == []  # nothing asked
    assert run(invoke, sheet, fake, "--force").exit_code == 0
    result = run(invoke, sheet, fake, "-o", sheet, "--force")
    assert result.exit_code == 1 and "never writes over its input" in result.output
    assert sheet.read_bytes() == before


# -- every failure: a clear message, exit 1, nothing written ---------------------------------

@pytest.mark.parametrize("trouble, message", [
    (500, "Kolada answered 500 Internal Server Error 3 times when asked for KPI N00097,"),
    (404, "Kolada answered 404 Not Found when asked for KPI N00097,"),
    ("not-json", "is not JSON"),
    ("no-values", 'holds no list of values (no "values")'),
    ("stall", "Kolada did not answer within 0.3 s"),
    ("closed", "could not reach Kolada ("),
])
def test_failures_end_with_a_message_exit_1_and_no_output(invoke, fake, sheet, trouble,
                                                           message):
    fake.always = trouble
    result = run(invoke, sheet, closed_port_url() if trouble == "closed" else fake)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in sheet.parent.iterdir()) == [sheet.name]  # no temp file


def test_no_network_names_the_connection_and_the_option(invoke, fake, sheet):
    result = run(invoke, sheet, closed_port_url())
    assert "check the connection or --api-url" in result.output


def test_a_503_is_tried_again(invoke, fake, sheet):
    fake.trouble = [503]
    result = run(invoke, sheet, fake)
    assert result.exit_code == 0, result.output
    assert len(fake.requests) == 2 and ": 2 requests." in result.stdout


def test_the_environment_names_the_api(invoke, fake, sheet, monkeypatch):
    monkeypatch.setenv(kolada_client.ENV_BASE_URL, fake.base_url)
    assert invoke("kolada", sheet).exit_code == 0
    assert len(fake.requests) == 1


# -- municipality, years -------------------------------------------------------------------

def test_municipality_option_wins_over_the_sheet_and_says_so(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--municipality", "180")
    assert result.exit_code == 0, result.output
    assert "note: --municipality 0180 was used; the sheet's Kommun-id says 0188." \
        in result.stdout
    assert "/municipality/0180/" in fake.requests[0]


@pytest.mark.parametrize("cells, args, code, message", [
    ({"P2": None}, [], 2, "no municipality given, and the sheet has no Kommun-id"),
    ({"P5": "0180"}, [], 1, "holds different municipalities: 0188"),
    ({"P2": "Norrtälje"}, [], 1, "'Norrtälje' is not a municipality id"),
    ({}, ["--municipality", "Norrtälje"], 2, "'Norrtälje' is not a municipality id"),
    ({}, ["--years", "2025-2022"], 2, "the range 2025-2022 runs backwards"),
    ({"O10": None, "O11": None, "O15": None, "O20": None, "O25": None, "O30": None,
      "O31": None, "O32": None, "O96": None}, [], 1, "no row has a Kolada-id"),
])
def test_what_cannot_be_asked_is_refused_before_asking(invoke, fake, sheet, cells, args,
                                                        code, message):
    book = openpyxl.load_workbook(sheet)
    for cell, value in cells.items():
        book["Indikatorer"][cell] = value
    book.save(sheet)
    result = run(invoke, sheet, fake, *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert fake.requests == [] and not sheet.with_name("indikatorer-2024-kolada.xlsx").exists()


def test_a_number_typed_as_kommun_id_keeps_its_leading_zero(invoke, fake, sheet):
    book = openpyxl.load_workbook(sheet)
    book["Indikatorer"]["P2"] = 188
    book.save(sheet)
    assert run(invoke, sheet, fake).exit_code == 0
    assert "/municipality/0188/" in fake.requests[0]


def test_years_option_adds_an_outcome_column_only_when_asked(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--years", "2021-2024")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(sheet.with_name("indikatorer-2024-kolada.xlsx"))["Indikatorer"]
    assert headers(ws)[3:8] == ["Utfall 2021", "Utfall 2022", "Utfall 2023", "Utfall 2024",
                                "Mål 2024"]
    assert (ws["D10"].value, ws["D10"].number_format) == (-0.02, "0.0%")  # "-2.0" from Kolada
    assert "Added the columns Utfall 2021, Källa 2021" in result.stdout
    # Without --years, 2021 is neither asked for nor given a column
    result = run(invoke, sheet, fake, "--force")
    assert "Utfall 2021" not in result.stdout and "/year/2022,2023,2024?" in fake.requests[-1]


# -- the yearly routine ----------------------------------------------------------------------

def test_rollover_then_kolada_then_build(invoke, fake, sheet, tmp_path):
    assert run(invoke, sheet, fake).exit_code == 0
    filled = sheet.with_name("indikatorer-2024-kolada.xlsx")
    rolled = tmp_path / "indikatorer-2025.xlsx"
    assert invoke("rollover", filled, "--year", "2025", "-o", rolled).exit_code == 0
    ws = openpyxl.load_workbook(rolled)["Indikatorer"]
    kept = headers(ws)
    assert {"Kolada-id", "Kommun-id", "Ansvarig", "Källa 2024"} <= set(kept)
    assert "Källa 2022" not in kept  # 2022's outcomes are gone, and their source with them
    result = run(invoke, rolled, fake)  # no --municipality: Kommun-id came along
    assert result.exit_code == 0, result.output
    out = tmp_path / "indikatorer-2025-kolada.xlsx"
    ws = openpyxl.load_workbook(out)["Indikatorer"]
    column = headers(ws).index("Utfall 2025") + 1
    assert ws.cell(10, column).value == -0.08
    dataset = read_dataset(out)
    assert dataset.report_year == 2025 and dataset.uses_kolada
    assert invoke("build", out, "-o", tmp_path / "rapport.xlsx").exit_code == 0


def test_the_built_report_marks_its_kolada_columns(fake, sheet, tmp_path, invoke, sample_dataset):
    run(invoke, sheet, fake)
    dataset = read_dataset(sheet.with_name("indikatorer-2024-kolada.xlsx"))
    assert dataset.sources == ["Kolada"] and dataset.uses_kolada
    assert not sample_dataset.uses_kolada
    build_report(dataset, tmp_path / "rapport.xlsx")
    table = openpyxl.load_workbook(tmp_path / "rapport.xlsx")[theme.SHEET_ALL]
    assert {"Kolada-id", "Källa 2022", "Källa 2024"} <= set(headers(table))
    assert read_dataset(tmp_path / "rapport.xlsx").uses_kolada  # the table reads back


def test_the_built_report_credits_kolada_in_its_guide(fake, sheet, tmp_path, invoke,
                                                      sample_report):
    run(invoke, sheet, fake)
    build_report(read_dataset(sheet.with_name("indikatorer-2024-kolada.xlsx")),
                 tmp_path / "rapport.xlsx")
    guide = openpyxl.load_workbook(tmp_path / "rapport.xlsx").worksheets[0]
    texts = [c.value for row in guide.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(theme.GUIDE_KOLADA_CREDIT in text for text in texts)
    guide = openpyxl.load_workbook(sample_report).worksheets[0]
    texts = [c.value for row in guide.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(theme.GUIDE_KOLADA_CREDIT in text for text in texts)


# -- more than 25 KPIs, progress, CSV ---------------------------------------------------------

def test_a_csv_with_30_kpis_asks_in_two_requests_with_a_progress_bar(invoke, fake, tmp_path):
    ids = [f"N{90000 + n:05d}" for n in range(1, 31)]
    fake.entries = [{"kpi": kpi, "municipality": "2180", "period": 2024,
                     "values": [{"gender": "T", "value": n + 0.5}]} for n, kpi in enumerate(ids)]
    lines = ["Inriktningsmål;Nyckeltal;Organisation;Utfall 2024;Mål 2024;Kolada-id;Kommun-id"]
    lines += [f"1. Mål;Nyckeltal {n};Nämnd;;10;{kpi};2180" for n, kpi in enumerate(ids)]
    source = tmp_path / "export.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(invoke, source, fake)
    assert result.exit_code == 0, result.output
    assert "Asking Kolada" in result.stderr and "Asking Kolada" not in result.stdout
    assert [len(r.split("/")[4].split(",")) for r in fake.requests] == [25, 5]
    assert "30 values filled from Kolada" in result.stdout
    ws = openpyxl.load_workbook(tmp_path / "export-kolada.xlsx")["Indikatorer"]
    assert [ws.cell(r, 4).value for r in (2, 31)] == [0.5, 29.5]  # plain rows: as they are
    fake.requests.clear()
    result = run(invoke, source, fake, "--force", "--quiet")
    assert result.stderr == "" and len(fake.requests) == 2


# -- the library, without the CLI ------------------------------------------------------------

def test_the_library_fills_with_the_date_given(fake, sheet):
    dataset = read_dataset(sheet)
    plan = plan_kolada(dataset, years=[2022])
    observations = KoladaClient(fake.base_url, FAST).fetch(plan.kpis, plan.municipality,
                                                          plan.years)
    result = fill_from_kolada(dataset, plan, observations, today=_dt.date(2026, 3, 2))
    assert [(f.cell, f.kpi) for f in result.filled] == [("D10", "N00097"), ("D96", "U09800")]
    assert result.sheet.notes[(8, "Utfall 2022")] == "Källa: Kolada, KPI N00097, hämtat 2026-03-02"
    assert result.conflicts == []


@pytest.mark.parametrize("sheet_text, kolada, agree", [
    ("25,9 %", "25.94", True), ("25,9 %", "25.96", False), ("26 %", "25.6", True),
    ("25,94 %", "25.9", True), ("421 442", "421442", True), ("421 442", "421443", False),
    ("22,0", "22.04", True), ("−12,4 %", "-12.44", True), ("0", "0.4", True),
])
def test_agreement_is_at_the_precision_of_the_less_precise(sheet_text, kolada, agree):
    from decimal import Decimal

    from indexcel.kolada.fill import _agree, _measure
    from indexcel.numbers import parse_number

    measure = parse_number(sheet_text)
    assert _agree(measure, _measure(Decimal(kolada), measure.percent, 0)) is agree


# -- cold start ------------------------------------------------------------------------------

def test_build_and_validate_never_import_the_kolada_client(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "in.xlsx")
    code = (
        "import sys\n"
        "from indexcel.cli import cli\n"
        "for args in (['validate', 'in.xlsx'], ['build', 'in.xlsx', '-o', 'out.xlsx']):\n"
        "    try:\n"
        "        cli(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('indexcel.kolada')))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                               text=True, timeout=120, env={"PYTHONPATH": str(ROOT / "src"),
                                                            "PATH": "/usr/bin:/bin"})
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "out.xlsx").exists()


def test_a_sheet_without_targets_can_be_filled_from_kolada(invoke, fake, tmp_path):
    """kolada only reads outcomes: a sheet without Mål columns is no error there (validate
    and build refuse it unless --no-targets)."""
    source = tmp_path / "utan-mal.csv"
    source.write_text("Inriktningsmål;Nyckeltal;Organisation;Utfall 2022;Kolada-id;Kommun-id\n"
                      "1.1. Ekonomi;Nettokostnadsavvikelse;KS;;N00097;0188\n", encoding="utf-8")
    result = run(invoke, source, fake)
    assert result.exit_code == 0, result.output
    assert "1 value filled from Kolada" in result.stdout
