"""`indexcel kolada --compare` against the local stand-in for Kolada (tests/kolada_server.py):
riket, similar municipalities (a group found by its title, given as an option or in the
sheet), women and men, the rank and quartile; the same promises as the outcomes (hand-typed
values win, conflicts listed, percent, missing stays empty, a note on every cell, nothing
written unless every request succeeded). No test here touches the network.

The stand-in's numbers are made up (tests/data/kolada/README.md); the ranks asserted here were
also checked by sorting the recorded values (test_the_ranks_are_those_of_the_sorted_values).
"""

from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal

import openpyxl
import pytest

from conftest import SAMPLE
from indexcel.kolada import client as kolada_client
from indexcel.kolada import fetch_answers, fill_from_kolada, parse_compare, plan_kolada
from indexcel.kolada.client import KoladaClient, Settings
from indexcel.model import Quartile, Rank
from indexcel.reader import read_dataset
from kolada_server import RECORDED, FakeKolada

FAST = Settings(connect_timeout=1.0, timeout=0.3, tries=3, backoff=0.01)
TODAY = _dt.date.today().isoformat()
ROWS = {"N00097": 10, "N03102": 11, "N03103": 15, "N17451": 20, "N15436": 25, "U09800": 96}


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(kolada_client, "DEFAULTS", FAST)
    monkeypatch.delenv(kolada_client.ENV_BASE_URL, raising=False)
    with FakeKolada() as server:
        yield server


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "indikatorer-2024.xlsx"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def edit(path, cells: dict[str, object], formats: dict[str, str] | None = None) -> None:
    book = openpyxl.load_workbook(path)
    ws = book["Indikatorer"]
    for cell, value in cells.items():
        ws[cell] = value
    for cell, number_format in (formats or {}).items():
        ws[cell].number_format = number_format
    book.save(path)


def run(invoke, source, fake, *args):
    return invoke("kolada", source, "--api-url", fake.base_url, *args)


def output(sheet):
    return openpyxl.load_workbook(sheet.with_name(sheet.stem + "-kolada.xlsx"))["Indikatorer"]


def column(ws, header: str) -> dict[int, object]:
    """The values of a column by row, the header found by its text."""
    headers = [c.value for c in ws[1]]
    col = headers.index(header) + 1
    return {row: ws.cell(row, col).value for row in range(2, ws.max_row + 1)
            if ws.cell(row, col).value is not None}


def note(ws, header: str, row: int) -> str | None:
    col = [c.value for c in ws[1]].index(header) + 1
    comment = ws.cell(row, col).comment
    return comment.text if comment else None


def recorded(kpi: str, place: str = "0000", year: int = 2024) -> Decimal:
    """The total the stand-in gives for a KPI, place and year."""
    for entry in json.loads((RECORDED / "everyone.json").read_text(encoding="utf-8"))["values"]:
        if entry["kpi"] == kpi and entry["municipality"] == place and entry["period"] == year:
            return Decimal(str(entry["values"][0]["value"]))
    raise KeyError(kpi)


# -- riket -----------------------------------------------------------------------------------

def test_riket_is_the_country_s_value_in_the_row_s_unit_with_a_note(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--compare", "country")
    assert result.exit_code == 0, result.output
    ws = output(sheet)
    got = column(ws, "Riket 2024")
    assert set(got) == set(ROWS.values())
    assert got[10] == pytest.approx(float(recorded("N00097")) / 100)  # a percentage: a fraction
    assert ws.cell(10, [c.value for c in ws[1]].index("Riket 2024") + 1).number_format == "0.0%"
    assert got[96] == pytest.approx(float(recorded("U09800")))  # a count per inhabitant: as is
    assert note(ws, "Riket 2024", 10) == f"Källa: Kolada, KPI N00097, riket, hämtat {TODAY}"
    assert "/municipality/0188,0000/" in fake.requests[0] and len(fake.requests) == 1
    assert "Compared 2024 with riket: filled 6 Riket." in result.stdout
    assert "Added the columns Källa 2022, Riket 2024." in result.stdout


# -- similar municipalities --------------------------------------------------------------------

def test_the_group_found_by_its_title_is_the_latest_year_s_and_is_named(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--compare", "similar")
    assert result.exit_code == 0, result.output
    assert ("similar municipalities: G37290 'Liknande kommuner, övergripande, Norrtälje, 2024' "
            "(found by its title), 7 members: Enköping (0381), Östhammar (0382), Nynäshamn "
            "(0192), Värmdö (0120), Gotland (0980), Hudiksvall (2184), Eskilstuna (0484)."
            ) in result.stdout
    assert fake.requests[:2] == ["/v3/municipality/0188?per_page=5000",
                                 "/v3/municipality_groups?title=Norrt%C3%A4lje&per_page=5000"]
    ws = output(sheet)
    assert note(ws, "Liknande kommuner 2024", 10) == (
        "Källa: Kolada, KPI N00097, Liknande kommuner, övergripande, Norrtälje, 2024 (G37290): "
        f"ovägt medelvärde för 7 kommuner, hämtat {TODAY}")
    # Kolada's own value for the group (the unweighted mean of its members'), not indexcel's
    assert column(ws, "Liknande kommuner 2024")[10] == pytest.approx(
        float(recorded("N00097", "G37290")) / 100)
    assert column(ws, "Jämförelsegrupp") == {
        2: "G37290 Liknande kommuner, övergripande, Norrtälje, 2024"}


def test_a_group_given_with_the_option_wins_and_the_sheet_s_is_read_next(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--compare", "similar", "--similar-group", "g37288")
    assert result.exit_code == 0, result.output
    assert "G37288 'Liknande kommuner, övergripande, Norrtälje, 2023' (--similar-group)" \
        in result.stdout
    assert "/municipality/0188,G37288/" in fake.requests[-1]
    assert not any("municipality_groups?title" in r for r in fake.requests)
    # the sheet names a group: used without looking for one by title
    edit(sheet, {"Q1": "Jämförelsegrupp", "Q5": "G35830 (grundskola)"})
    fake.requests.clear()
    result = run(invoke, sheet, fake, "--compare", "similar", "--force")
    assert result.exit_code == 0, result.output
    assert "G35830 'Liknande kommuner grundskola, Norrtälje, 2024' (the sheet's " \
           "Jämförelsegrupp (row 5))" in result.stdout
    assert column(output(sheet), "Jämförelsegrupp") == {5: "G35830 (grundskola)"}
    # the option and the sheet disagree: the option wins, and the summary says so
    result = run(invoke, sheet, fake, "--compare", "similar", "--similar-group", "G37290",
                 "--force")
    assert "note: --similar-group G37290 was used; the sheet's Jämförelsegrupp says G35830." \
        in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--municipality", "0980"], "Kolada has no group of similar municipalities titled "
     "'Liknande kommuner, övergripande, Gotland' for Gotland (0980)."),
    (["--similar-group", "G99999"], "Kolada has no municipality group G99999 (given with "
     "--similar-group)."),
    (["--municipality", "9999"], "Kolada has no municipality 9999"),
])
def test_no_group_is_a_clear_message_and_nothing_is_written(invoke, fake, sheet, args,
                                                             message):
    result = run(invoke, sheet, fake, "--compare", "similar", *args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Nothing was written." in result.output
    assert sorted(p.name for p in sheet.parent.iterdir()) == [sheet.name]
    assert not any("/data/" in r for r in fake.requests)  # the group first, before the data


@pytest.mark.parametrize("args, message", [
    (["--compare", "country,weather"], "'weather' is not one"),
    (["--similar-group", "G37290"], "Add --compare similar"),
    (["--compare", "similar", "--similar-group", "Norrtälje"], "is not a Kolada group id"),
])
def test_bad_options_are_refused_before_asking(invoke, fake, sheet, args, message):
    result = run(invoke, sheet, fake, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and fake.requests == []


# -- women and men -----------------------------------------------------------------------------

def test_women_and_men_where_the_kpi_is_split_and_a_line_where_it_is_not(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--compare", "gender")
    assert result.exit_code == 0, result.output
    ws = output(sheet)
    assert column(ws, "Kvinnor 2024") == {20: 0.683, 25: 0.8}
    assert column(ws, "Män 2024") == {20: 0.601}  # N15436: the men's value is missing
    assert note(ws, "Kvinnor 2024", 20) == f"Källa: Kolada, KPI N17451, kvinnor, hämtat {TODAY}"
    assert note(ws, "Män 2024", 20) == f"Källa: Kolada, KPI N17451, män, hämtat {TODAY}"
    assert ("not split by gender: Kolada gives no values for women and men of N00097 (row 10); "
            "N03102 (row 11); N03103 (row 15); U09800 (row 96); Kvinnor 2024 and Män 2024 were "
            "left empty there.") in result.stdout


# -- the rank ---------------------------------------------------------------------------------

def test_the_rank_both_ways_with_ties_and_the_quartile(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--compare", "rank")
    assert result.exit_code == 0, result.output
    ws = output(sheet)
    assert column(ws, "Placering 2024") == {
        10: "2 av 283",  # Lägre är bättre: the second lowest
        11: "110 av 287",  # ties with seven others, who share the place
        15: "122 av 285", 20: "210 av 288", 96: "99 av 286"}
    assert column(ws, "Kvartil 2024") == {
        10: "Bästa kvartilen", 11: "Andra kvartilen", 15: "Andra kvartilen",
        20: "Tredje kvartilen", 96: "Andra kvartilen"}
    rank_note = note(ws, "Placering 2024", 10)
    assert rank_note.startswith("Egen beräkning på data från Kolada (KPI N00097, 2024): plats 2 "
                                "av 283 kommuner med värde, där 1 har lägst värde (Lägre är "
                                "bättre).")
    assert "Källa: Kolada" not in rank_note  # Kolada's terms: no credit for derived figures
    assert note(ws, "Kvartil 2024", 10).startswith("Egen beräkning på data från Kolada")
    assert "no rank: Kolada has no value of the municipality for 2024 to rank (row 25)." \
        in result.stdout
    assert "/data/kpi/N00097,N03102,N03103,N17451,N15436,U09800/year/2024?" in fake.requests[-1]
    # read back, the place and the count ranked and the quartile are the model's
    indicator = read_dataset(sheet.with_name(sheet.stem + "-kolada.xlsx")).indicators[8]
    assert indicator.compared(2024).rank == Rank(2, 283)
    assert indicator.compared(2024).quartile is Quartile.FIRST


def test_the_ranks_are_those_of_the_sorted_values():
    """The ranks above, by sorting the recorded values: an independent check of them."""
    entries = [e for name in ("0188.json", "everyone.json") for e in json.loads(
        (RECORDED / name).read_text(encoding="utf-8"), parse_float=Decimal)["values"]]
    expected = {"N00097": (False, "2 av 283"), "N03102": (True, "110 av 287"),
                "N17451": (True, "210 av 288")}
    for kpi, (higher, shown) in expected.items():
        found = {}
        for e in entries:
            total = next(v for v in e["values"] if v["gender"] == "T")
            m = e["municipality"]
            if e["kpi"] == kpi and int(e["period"]) == 2024 and m.isdigit() and m[:2] != "00" \
                    and total["value"] is not None and not total["isdeleted"]:
                found[m] = total["value"]
        ordered = sorted(found.values(), reverse=higher)
        assert f"{ordered.index(found['0188']) + 1} av {len(ordered)}" == shown


def test_no_rank_near_the_target(invoke, fake, sheet):
    edit(sheet, {"H11": "Nära målet"})
    result = run(invoke, sheet, fake, "--compare", "rank")
    assert result.exit_code == 0, result.output
    assert 11 not in column(output(sheet), "Placering 2024")
    assert "no rank: Riktning is Nära målet, where no value is best for every municipality " \
           "(row 11)." in result.stdout


def test_a_region_is_ranked_among_regions_and_the_country_not_at_all(invoke, fake, sheet):
    result = run(invoke, sheet, fake, "--compare", "rank", "--municipality", "0003")
    assert result.exit_code == 0, result.output
    places = column(output(sheet), "Placering 2024")
    assert places and all(19 <= int(str(p).split(" av ")[1]) <= 21 for p in places.values())
    result = run(invoke, sheet, fake, "--compare", "rank", "--municipality", "0000", "--force")
    assert "no rank: 0000 is not ranked" in result.stdout
    assert "Placering 2024" not in [c.value for c in output(sheet)[1]]


# -- the same promises as the outcomes ---------------------------------------------------------

def test_hand_typed_values_win_and_conflicts_are_listed(invoke, fake, sheet):
    edit(sheet, {"Q1": "Riket 2024", "R1": "Placering 2024", "Q10": 0.5, "R10": "2 av 283",
                 "R11": "7 av 290"}, {"Q10": "0%"})
    result = run(invoke, sheet, fake, "--compare", "country,rank")
    assert result.exit_code == 0, result.output
    ws = output(sheet)
    assert column(ws, "Riket 2024")[10] == 0.5 and note(ws, "Riket 2024", 10) is None
    assert "conflict: Q10 (Riket 2024), Nettokostnadsavvikelse" in result.stdout
    assert "the sheet has 50 %, Kolada N00097 has" in result.stdout
    assert column(ws, "Placering 2024")[10] == "2 av 283"  # agrees: no conflict
    assert "R10" not in result.stdout
    assert ("conflict: R11 (Placering 2024), Årets resultat som andel av skatt och generella "
            "statsbidrag. – Kommunstyrelsekontoret: the sheet has 7 av 290, the rank computed "
            "from Kolada's N03102 is 110 av 287; kept the sheet's value") in result.stdout
    result = run(invoke, sheet, fake, "--compare", "country,rank", "--overwrite", "--force")
    ws = output(sheet)
    assert column(ws, "Placering 2024")[11] == "110 av 287"
    assert note(ws, "Placering 2024", 11).endswith("Ersatte 7 av 290, som stod i underlaget.")


def test_a_status_deleted_values_and_periods_as_text(invoke, fake, sheet):
    fake.entries = [
        {"kpi": "N00097", "municipality": "0000", "period": "2024", "values": [
            {"gender": "T", "value": -0.8, "status": "Preliminärt", "count": 1,
             "isdeleted": False}]},
        {"kpi": "N03102", "municipality": "0000", "period": 2024, "values": [
            {"gender": "T", "value": 2.5, "status": "", "count": 1, "isdeleted": True}]},
        {"kpi": "N03103", "municipality": "0000", "period": 2024, "values": [
            {"gender": "T", "value": None, "status": "Missing", "count": 0,
             "isdeleted": False}]},
        {"kpi": "U09800", "municipality": "0188", "period": 2024, "values": [
            {"gender": "T", "value": 22.0}]},
    ]
    result = run(invoke, sheet, fake, "--compare", "country")
    assert result.exit_code == 0, result.output
    ws = output(sheet)
    assert column(ws, "Riket 2024") == {10: -0.008}  # deleted and missing stay empty
    assert note(ws, "Riket 2024", 10) == (f"Källa: Kolada, KPI N00097, riket, hämtat {TODAY}\n"
                                          "Status hos Kolada: Preliminärt")


def test_26_kpis_paged_answers_and_a_422_midway(invoke, fake, tmp_path):
    ids = [f"N{90000 + n:05d}" for n in range(1, 27)]
    places = ["0188", "0180", "0381", "0000"]
    fake.entries = [{"kpi": kpi, "municipality": place, "period": 2024,
                     "values": [{"gender": "T", "value": n + p, "status": "", "count": 1,
                                 "isdeleted": False}]}
                    for n, kpi in enumerate(ids) for p, place in enumerate(places)]
    fake.page_size = 10
    lines = ["Inriktningsmål;Nyckeltal;Organisation;Utfall 2024;Mål 2024;Riktning;Kolada-id;"
             "Kommun-id"]
    lines += [f"1. Mål;Nyckeltal {n};Nämnd;;10;Lägre är bättre;{kpi};0188"
              for n, kpi in enumerate(ids)]
    source = tmp_path / "export.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(invoke, source, fake, "--compare", "country,rank")
    assert result.exit_code == 0, result.output
    data = [r for r in fake.requests if "/data/" in r and "&page=" not in r]
    assert [len(r.split("/")[4].split(",")) for r in data] == [25, 1, 25, 1]
    assert any("page=2" in r for r in fake.requests)  # 100 values over pages of 10
    ws = openpyxl.load_workbook(tmp_path / "export-kolada.xlsx")["Indikatorer"]
    assert column(ws, "Placering 2024") == {row: "1 av 3" for row in range(2, 28)}
    assert column(ws, "Riket 2024")[27] == 28  # the 26th KPI's country value: 25 + 3
    # Kolada refuses the second request: a message, exit 1, nothing written
    fake.requests.clear()
    fake.page_size = 5000
    fake.trouble = [None, 422]
    result = run(invoke, source, fake, "--compare", "country,rank", "--force")
    assert result.exit_code == 1, result.output
    assert "Kolada refused the request for KPI N90026, municipality 0188,0000, year 2024 " \
           "(422 Unprocessable Entity" in result.output
    assert "Nothing was written" in result.output


def test_every_request_must_succeed_before_anything_is_written(invoke, fake, sheet):
    fake.trouble = [None, None, None, 500, 500, 500]  # the every-municipality request fails
    result = run(invoke, sheet, fake, "--compare", "all")
    assert result.exit_code == 1, result.output
    assert "Kolada answered 500 Internal Server Error 3 times when asked for KPI " \
           "N00097,N03102,N03103,N17451,N15436,U09800, every municipality, year 2024" \
        in result.output
    assert sorted(p.name for p in sheet.parent.iterdir()) == [sheet.name]


def test_compare_all_then_rollover_moves_them_and_build_reads_them(invoke, fake, sheet, tmp_path):
    assert run(invoke, sheet, fake, "--compare", "all").exit_code == 0
    filled = sheet.with_name(sheet.stem + "-kolada.xlsx")
    again = run(invoke, filled, fake, "--compare", "all", "-o", tmp_path / "again.xlsx")
    assert "with riket, similar municipalities, women and men and the rank among all " \
           "municipalities: nothing to fill." in again.stdout  # what it wrote reads back
    assert again.stdout.count("conflict:") == 1  # the sheet's own 3,6 %, as before
    dataset = read_dataset(filled)
    assert dataset.errors == []
    compared = dataset.indicators[18].compared(2024)  # row 20, N17451
    assert compared.women.percent and compared.rank == Rank(210, 288)
    rolled = tmp_path / "indikatorer-2025.xlsx"
    assert invoke("rollover", filled, "--year", "2025", "-o", rolled).exit_code == 0
    ws = openpyxl.load_workbook(rolled)["Indikatorer"]
    headers = [c.value for c in ws[1]]
    for kind in ("Riket", "Liknande kommuner", "Kvinnor", "Män", "Placering", "Kvartil"):
        at = headers.index(f"{kind} 2024")
        assert headers[at + 1] == f"{kind} 2025"  # last year's kept, this year's beside it
    assert "Jämförelsegrupp" in headers
    assert column(ws, "Placering 2024")[20] == "210 av 288"
    assert column(ws, "Placering 2025") == {}
    again = run(invoke, rolled, fake, "--compare", "country")  # next year's run fills 2025's
    assert again.exit_code == 0, again.output


def test_the_library_compares_step_by_step(fake, sheet):
    dataset = read_dataset(sheet)
    plan = plan_kolada(dataset, compare=parse_compare("all"))
    answers = fetch_answers(KoladaClient(fake.base_url, FAST), plan)
    result = fill_from_kolada(dataset, plan, answers.observations, today=_dt.date(2026, 3, 2),
                              everyone=answers.everyone, group=answers.group)
    assert answers.group.id == "G37290"
    by_cell = {(f.index, f.role): f.value for f in result.filled}
    assert by_cell[(8, "rank")] == Rank(2, 283) and by_cell[(8, "quartile")] is Quartile.FIRST
    assert result.sheet.notes[(18, "Kvinnor 2024")] == \
        "Källa: Kolada, KPI N17451, kvinnor, hämtat 2026-03-02"


def test_the_report_s_table_keeps_them_and_reads_back(invoke, fake, sheet, tmp_path):
    assert run(invoke, sheet, fake, "--compare", "all").exit_code == 0
    filled = sheet.with_name(sheet.stem + "-kolada.xlsx")
    report = tmp_path / "rapport.xlsx"
    assert invoke("build", filled, "-o", report).exit_code == 0
    table = openpyxl.load_workbook(report)["Alla indikatorer"]
    headers = [c.value for c in table[1]]
    riket_col = headers.index("Riket 2024") + 1
    assert table.cell(10, riket_col).number_format == "0.0%"  # row 10 of the input
    assert table.cell(10, headers.index("Placering 2024") + 1).value == "2 av 283"
    assert table.cell(10, headers.index("Kvartil 2024") + 1).value == "Bästa kvartilen"
    again = read_dataset(report)
    before = read_dataset(filled)
    assert [i.comparisons for i in again.indicators] == [i.comparisons for i in
                                                         before.indicators]
