"""Directions that are assumed, never silently: the warning for an input without a Riktning
column, the per-row hints for names and units that read as lower is better (with what the row
would be judged under that direction), the guide's line, and the word list itself, tested on
the real names of Norrtälje's report."""

from __future__ import annotations

import openpyxl
import pytest

from conftest import DATA, SAMPLE
from indexcel import vocabulary
from indexcel.directions import assumed_directions, direction_hints
from indexcel.model import Direction, Measure, Status
from indexcel.reader import read_dataset
from indexcel.rules import assess, status_under

SEED_EXPORT = DATA / "valid" / "indikatorer-2024-seed-layout.xlsx"  # the seed's shape
HEADER = "Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024"


def _suggestion(indicator, year=2024):
    target = indicator.target(year)
    return vocabulary.suggested_direction(
        indicator.name, indicator.unit, target.value if isinstance(target, Measure) else None)


# -- the word list, on the report's own names ----------------------------------------------------

def test_the_words_find_the_sample_s_lower_and_near_rows_and_no_other():
    """The sample's Riktning was set by a person from the names (input/README.md): the words
    must agree with it on every row they flag, and flag no row that person judged higher is
    better; a hint on every row would be noise nobody reads."""
    dataset = read_dataset(SAMPLE)
    flagged, missed = [], []
    for indicator in dataset.indicators:
        suggestion = _suggestion(indicator)
        if indicator.direction is Direction.HIGHER_IS_BETTER:
            assert suggestion is None, (indicator.name, suggestion)  # no false alarm
        elif suggestion is None:
            missed.append(indicator.name)
        else:
            assert suggestion[0] is indicator.direction, (indicator.name, suggestion)
            flagged.append(indicator.location.row)
    assert len(flagged) == 30
    # An investment share: whether lower is better there is policy, not language.
    assert missed == ["Investeringar i % av skatteintäkter, generella statsbidrag och "
                      "utjämning."]


@pytest.mark.parametrize("name, unit, target, direction, word", [
    ("Nettokostnad per invånare, kr", None, 52_000, Direction.LOWER_IS_BETTER, "kostnad"),
    ("Låneskuld (i kommun), kr per invånare.", None, 13_000, Direction.LOWER_IS_BETTER, "skuld"),
    ("Budgetavvikelse, %", "%", 0.0, Direction.NEAR_TARGET, "avvikelse"),
    ("Budgetavvikelse, %", "%", -0.01, Direction.LOWER_IS_BETTER, "avvikelse"),
    ("Sjukfrånvaro bland medarbetare", "%", 0.06, Direction.LOWER_IS_BETTER, "sjukfrånvaro"),
    ("Väntetid till särskilt boende", None, 60, Direction.LOWER_IS_BETTER, "väntetid"),
    ("Kötid till förskola", None, 30, Direction.LOWER_IS_BETTER, "kötid"),
    ("Utsläpp av växthusgaser", "ton", 900, Direction.LOWER_IS_BETTER, "utsläpp"),
    ("Matsvinn skolmåltider (kg).", "kg", 48, Direction.LOWER_IS_BETTER, "matsvinn"),
    ("Antal trafikolyckor med personskada", None, 10, Direction.LOWER_IS_BETTER, "olyck"),
    ("Barn som står i kö till kulturskolan", None, 50, Direction.LOWER_IS_BETTER, "kö"),
    ("Upplevd oro för brott", "%", 0.18, Direction.LOWER_IS_BETTER, "oro"),
    ("Tid från ansökan till beslut", None, 20, Direction.LOWER_IS_BETTER, "tid från"),
    ("Bygglov, median", "dagar", 20, Direction.LOWER_IS_BETTER, "dagar"),
    ("Fastigheternas energi", "kWh/kvm", 125, Direction.LOWER_IS_BETTER, "kwh"),
])
def test_names_and_units_that_read_as_lower_is_better(name, unit, target, direction, word):
    assert vocabulary.suggested_direction(name, unit, target) == (
        direction, word, "unit" if unit and word in unit.casefold() else "name")


@pytest.mark.parametrize("name, unit", [
    ("Kostnadstäckningsgrad, VA", "%"),  # the share of costs covered: higher is better
    ("Andel invånare som köper lokalt", "%"),  # "kö" inside a word
    ("Vaccinationstäckning mot korona", "%"),  # "oro" inside a word
    ("Antal besökare på badhusen.", "antal"),
    ("Andel nyanlända som uppbär försörjningsstöd med en handlingsplan.", "%"),
    ("Heltidstjänster i förskolan med förskollärarlegitimation", "%"),
    ("Antal timmar med öppet bibliotek", "timmar"),
    ("Minskade utsläpp genom åtgärder, ton", "ton"),
])
def test_names_that_only_look_alike_are_left_alone(name, unit):
    assert vocabulary.suggested_direction(name, unit, 1.0) is None


# -- an export without Riktning: the warning, the hints, the balls unchanged -----------------------

def _hints(dataset):
    """The direction warnings, as judging gives them: in the dataset's Assessment (these
    inputs give no Status or Trend the numbers contradict, judging's other warnings)."""
    return list(assess(dataset).problems)


def _hints_by_row(dataset) -> dict[int, str]:
    return {p.location.row: str(p) for p in _hints(dataset) if p.location.row}


def test_an_export_without_riktning_says_so_once_and_hints_at_the_issue_s_rows():
    dataset = read_dataset(SEED_EXPORT)
    before = [j.status for j in assess(dataset).indicators]
    hints = _hints(dataset)
    assert hints == direction_hints(
        dataset, lambda indicator, direction: status_under(indicator, 2024, direction))
    column = [p for p in hints if p.kind == "no-direction-column"]
    assert len(column) == 1 and column[0].location.row is None
    assert ("there is no Riktning column: all 103 indicators are judged as Högre är bättre."
            in str(column[0]))
    assert "Add a column Riktning and write Lägre är bättre" in column[0].hint
    rows = _hints_by_row(dataset)
    assert len(rows) == 30
    by_name = {(i.name, i.board): i.location.row for i in dataset.indicators}
    budget = "Budgetföljsamhet (grad av budgetavvikelse i % per nämnd)."
    guardian = rows[by_name[(budget, "Överförmyndare")]]
    assert "row 8, column 'Nyckeltal'" in guardian
    assert ("reads as a deviation from a target of 0, best near it ('avvikelse'): as Högre "
            "är bättre it is Uppfylld; it would be Ej uppfylld with Nära målet." in guardian)
    waste = rows[by_name[("Matsvinn skolmåltider (kg).", "Barn och Skolnämnd")]]
    assert ("its name reads as lower is better ('matsvinn'): as Högre är bättre it is "
            "Uppfylld; it would be Ej uppfylld with Lägre är bättre." in waste)
    debt = rows[by_name[("Låneskuld (i kommun), kr per invånare.", "Kommunstyrelsekontoret")]]
    assert "it is Ej uppfylld; it would be Uppfylld with Lägre är bättre." in debt
    assert "the judgement is not changed on a guess" in debt
    # Nothing was changed on a guess.
    assert [j.status for j in assess(dataset).indicators] == before
    assert all(i.direction is Direction.HIGHER_IS_BETTER for i in dataset.indicators)


def test_validate_and_build_both_print_the_warnings(invoke, tmp_path):
    validated = invoke("validate", SEED_EXPORT)
    assert validated.exit_code == 0, validated.output
    assert "there is no Riktning column: all 103 indicators" in validated.stdout
    assert validated.stdout.count("has no Riktning, but its") == 30
    assert "OK: 31 warning(s); a report can be built." in validated.stdout
    out = tmp_path / "seed.xlsx"
    built = invoke("build", SEED_EXPORT, "-o", out)
    assert built.exit_code == 0, built.output
    assert "there is no Riktning column: all 103 indicators" in built.stderr
    assert built.stderr.count("has no Riktning, but its") == 30
    book = openpyxl.load_workbook(out, data_only=True)
    table = book["Alla indikatorer"]
    header = [c.value for c in table[1]]
    status = header.index("Status") + 1
    name = header.index("Nyckeltal") + 1
    board = header.index("Organisation") + 1
    shown = {(table.cell(r, name).value, table.cell(r, board).value):
             table.cell(r, status).value for r in range(2, table.max_row + 1)}
    # The judgement stays that of the assumed direction, in the table's cached words.
    assert shown[("Matsvinn skolmåltider (kg).", "Barn och Skolnämnd")] == "Uppfylld"
    guide = [c.value for row in book["Läshänvisning"].iter_rows() for c in row if c.value]
    assert ("• Underlaget har ingen kolumn Riktning: alla indikatorer bedöms som att högre är "
            "bättre." in guide)


def test_quiet_build_leaves_the_warnings_out(invoke, tmp_path):
    built = invoke("build", SEED_EXPORT, "-o", tmp_path / "seed.xlsx", "--quiet")
    assert built.exit_code == 0 and built.stderr == ""


def test_the_sample_gives_every_direction_and_gets_no_hint(invoke, tmp_path):
    dataset = read_dataset(SAMPLE)
    assert _hints(dataset) == [] and assumed_directions(dataset) == []
    out = tmp_path / "sample.xlsx"
    assert invoke("build", SAMPLE, "-o", out).exit_code == 0
    guide = " ".join(str(c.value) for row in openpyxl.load_workbook(out)["Läshänvisning"]
                     .iter_rows() for c in row if c.value)
    assert "Riktning anges inte" not in guide and "ingen kolumn Riktning" not in guide


def test_an_empty_riktning_cell_is_named_and_a_written_one_silences_the_hint(tmp_path,
                                                                              invoke):
    path = tmp_path / "riktning.csv"
    path.write_text(
        f"{HEADER};Riktning;Enhet\n"
        "1.1. Ekonomi;Låneskuld per invånare;KS;600;0;13000;;kr\n"
        "1.1. Ekonomi;Nettokostnad per invånare;KS;5;6;7;Högre är bättre;kr\n"
        "1.1. Ekonomi;Bygglov, handläggning;BMN;22;25;20;;dagar\n"
        "1.1. Ekonomi;Antal besök;KS;1;2;3;;\n"
        "1.1. Ekonomi;Matsvinn (kg);KS;60;50;Minska;;kg\n", encoding="utf-8")
    dataset = read_dataset(path)
    assert assumed_directions(dataset) == [0, 2, 3]  # Minska decides; one written
    hints = _hints(dataset)
    assert [str(p.location) for p in hints] == [
        "riktning.csv, line 2, column 'Riktning'", "riktning.csv, line 4, column 'Riktning'"]
    assert "its unit reads as lower is better ('dagar'): as Högre är bättre it is Uppfylld; " \
           "it would be Ej uppfylld with Lägre är bättre." in hints[1].message
    assert hints[0].hint.startswith("Write Lägre är bättre in its Riktning cell if that is "
                                    "meant, or Högre är bättre to confirm")
    out = tmp_path / "riktning.xlsx"
    assert invoke("build", path, "-o", out).exit_code == 0
    guide = [c.value for row in openpyxl.load_workbook(out)["Läshänvisning"].iter_rows()
             for c in row if c.value]
    assert ("• Riktning anges inte i underlaget för 3 av 5 indikatorer: de bedöms som att "
            "högre är bättre." in guide)


def test_a_row_without_outcome_says_it_is_not_assessed_either_way(tmp_path):
    path = tmp_path / "utan-utfall.csv"
    path.write_text(f"{HEADER}\n1.1. Ekonomi;Sjukfrånvaro;KS;5 %;;4 %\n", encoding="utf-8")
    (hint,) = [p for p in _hints(read_dataset(path)) if p.location.row]
    assert ("it is Ej bedömd this year (no outcome or no target), but would be judged as "
            "Högre är bättre once it has both" in hint.message)


def test_a_hint_compares_with_the_row_s_tolerance_and_partly_limits(tmp_path):
    path = tmp_path / "gränser.csv"
    path.write_text(f"{HEADER};Tolerans;Delvis\n"
                    "1.1. Ekonomi;Väntetid (dagar);KS;20;22;20;1;3\n", encoding="utf-8")
    dataset = read_dataset(path)
    (hint,) = [p for p in _hints(dataset) if p.location.row]
    # 22 against 20: met as higher is better; 2 over with Tolerans 1 and Delvis 3: partly.
    assert assess(dataset).indicators[0].status is Status.MET
    assert "it would be Delvis uppfylld with Lägre är bättre" in hint.message
