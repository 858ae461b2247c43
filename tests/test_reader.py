"""Reading input files: the corpus under tests/data, the bundled sample, and its variants."""

from __future__ import annotations

import re

import pytest

from conftest import DATA, ROOT, SAMPLE, data_files, expected
from indexcel import vocabulary
from indexcel.errors import InputError, OptionError
from indexcel.model import Change, Direction, Measure, Status, Trend
from indexcel.reader import read_dataset
from indexcel.rules import assess, status_of, trend_of


def _args(spec: dict) -> dict:
    args = spec.get("args", [])
    return {"year": int(args[1])} if args[:1] == ["--year"] else {}


@pytest.mark.parametrize("path", data_files("valid"), ids=lambda p: p.name)
def test_valid_files_read_as_expected(path):
    spec = expected(path)
    dataset = read_dataset(path, **_args(spec))
    assert dataset.errors == []
    assert len(dataset.indicators) == spec["indicators"]
    assert len(dataset.boards) == spec["boards"]
    assert len(dataset.goals) == spec["goals"]
    assert dataset.report_year == spec["report_year"]
    # The reader's warnings and judging's (validate prints both); a row's direction hint
    # (directions.py) is counted, its words are test_directions.py's.
    warnings = [str(w) for w in (*dataset.warnings, *assess(dataset).warnings)]
    hints = [w for w in warnings if "has no Riktning, but its" in w]
    assert len(hints) == spec.get("direction_hints", 0)
    assert len(warnings) - len(hints) == len(spec["warnings"])
    for fragment in spec["warnings"]:
        assert any(fragment in w for w in warnings), (fragment, warnings)


@pytest.mark.parametrize("path", data_files("valid"), ids=lambda p: p.name)
def test_validate_command_accepts_valid_files(invoke, path):
    spec = expected(path)
    result = invoke("validate", path, *spec.get("args", []))
    assert result.exit_code == 0, result.output
    assert f"{spec['indicators']} indicators, {spec['boards']} boards, {spec['goals']} goals" \
        in result.output
    assert f"report year: {spec['report_year']}" in result.output


@pytest.mark.parametrize("path", data_files("invalid"), ids=lambda p: p.name)
def test_invalid_files_give_one_clear_message_and_exit_1(invoke, path):
    spec = expected(path)
    result = invoke("validate", path)
    assert result.exit_code == spec["exit"], result.output
    for fragment in spec["messages"]:
        assert fragment in result.output, (fragment, result.output)


@pytest.mark.parametrize("path", data_files("invalid"), ids=lambda p: p.name)
def test_build_refuses_invalid_files_and_writes_nothing(invoke, path, tmp_path):
    out = tmp_path / "report.xlsx"
    result = invoke("build", path, "-o", out)
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_riktning_s_short_forms_read_as_their_direction():
    path = DATA / "valid" / "riktning-short-forms.csv"
    dataset = read_dataset(path)
    assert [vocabulary.DIRECTION_LABELS[i.direction] for i in dataset.indicators] == expected(
        path)["directions"]
    assert [vocabulary.STATUS_LABELS[status_of(i, 2024)] for i in dataset.indicators] == (
        expected(path)["statuses"])


def test_readme_and_the_message_for_an_unknown_riktning_list_the_same_words(invoke, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `Riktning` |"))
    listed = re.findall(r"`([^`]+)`", row)[1:]  # after the header's own name
    words = [w for d in Direction for w in (vocabulary.DIRECTION_LABELS[d],
                                            *vocabulary.DIRECTION_SHORT_FORMS[d])]
    assert sorted(listed) == sorted(words)
    assert sorted(w.lower() for w in words) == sorted(
        w for aliases in vocabulary.DIRECTION_ALIASES.values() for w in aliases)
    source = tmp_path / "in.csv"
    source.write_text("Inriktningsmål;Nyckeltal;Organisation;Utfall 2024;Mål 2024;Riktning\n"
                      "1.1. Ekonomi;Något;KS;5;6;Högst\n", encoding="utf-8")
    result = invoke("validate", source)
    assert result.exit_code == 1
    message = next(line for line in result.output.splitlines() if "'Högst'" in line)
    assert all(word in message for word in words), message


def test_no_riktning_word_means_otherwise_as_a_target_status_or_trend_word():
    """Öka and Minska, Ökande and Minskande are also target or trend words: they mean the
    same way in Riktning (the wish that the value rise, or fall). No Riktning word is a
    Status word, and none is a word of another direction."""
    same_way = {Change.INCREASE: Direction.HIGHER_IS_BETTER,
                Change.DECREASE: Direction.LOWER_IS_BETTER,
                Trend.UP: Direction.HIGHER_IS_BETTER, Trend.DOWN: Direction.LOWER_IS_BETTER}
    riktning = {w: d for d, words in vocabulary.DIRECTION_ALIASES.items() for w in words}
    assert len(riktning) == sum(map(len, vocabulary.DIRECTION_ALIASES.values()))
    for aliases in (vocabulary.CHANGE_ALIASES, vocabulary.TREND_ALIASES):
        for member, words in aliases.items():
            for word in set(words) & set(riktning):
                assert riktning[word] is same_way.get(member), word
    statuses = {w for words in vocabulary.STATUS_ALIASES.values() for w in words}
    assert not statuses & set(riktning)


def test_sample_has_103_indicators_9_boards_19_goals(invoke):
    result = invoke("validate", SAMPLE)
    assert result.exit_code == 0
    assert "103 indicators, 9 boards, 19 goals" in result.output
    assert "report year: 2024" in result.output


def _values(dataset):
    return [(i.goal.text, i.name, i.board,
             {y: (round(m.value, 12), m.percent) if m else None for y, m in i.outcomes.items()},
             {y: (round(m.value, 12), m.percent) if m else None for y, m in i.targets.items()})
            for i in dataset.indicators]


@pytest.mark.parametrize("variant", ["indikatorer-2024-excel-sv.csv",
                                     "indikatorer-2024-seed-layout.xlsx"])
def test_variants_of_the_sample_read_to_the_same_indicators_and_values(variant):
    assert _values(read_dataset(DATA / "valid" / variant)) == _values(read_dataset(SAMPLE))


def test_swedish_csv_really_is_what_swedish_excel_writes():
    raw = (DATA / "valid" / "indikatorer-2024-excel-sv.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # cp1252: å, ä, ö are single bytes
    text = raw.decode("cp1252")
    assert text.splitlines()[0].count(";") >= 6
    assert "25,9 %" in text and "421\u00a0442" in text


def test_sample_values_keep_percent_and_decimals(sample_dataset):
    dataset = sample_dataset
    first = dataset.indicators[0]
    assert (first.name, first.board) == (
        "Budgetföljsamhet (grad av budgetavvikelse i % per nämnd).", "Överförmyndare")
    assert first.outcome(2022) == Measure(0.1067, 2, True)
    assert first.outcome(2024) == Measure(0.259, 1, True)
    assert first.target(2024) == Measure(0.0, 0, True)
    nights = next(i for i in dataset.indicators if i.name.startswith("Antal gästnätter"))
    assert nights.outcome(2022) == Measure(421442.0, 0, False)


def test_sample_statuses_by_hand(sample_dataset):
    """A few rows checked against the seed report by hand."""
    dataset = sample_dataset

    def find(prefix, board):
        (match,) = [i for i in dataset.indicators
                    if i.name.startswith(prefix) and i.board == board]
        return match

    gymn = find("Gymnasieelever med examen", "Utbildningsnämnd")  # 64 % < 75 %
    assert status_of(gymn, 2024) is Status.NOT_MET
    assert trend_of(gymn, 2024) is Trend.UP  # 61 % -> 64 %
    larm = find("Tid från larm", "Kommunstyrelsekontoret")
    assert larm.direction is Direction.LOWER_IS_BETTER
    assert status_of(larm, 2024) is Status.NOT_MET  # 11,23 min > 10 min
    assert trend_of(larm, 2024) is Trend.UP  # the value rose, whatever that means
    pbl = find("Effektivitet PBL", "Bygg och miljönämnd")
    assert status_of(pbl, 2024) is Status.MET  # 15 days <= 22
    kameror = find("Antal kommunala bevakningskameror", "Kommunstyrelsekontoret")
    assert trend_of(kameror, 2024) is Trend.UNCHANGED  # 71 -> 71


def test_group_rows_give_the_goal_and_goals_sort_by_number():
    dataset = read_dataset(DATA / "valid" / "seed-export-groups.csv")
    assert [g.number for g in dataset.goals] == ["1.2", "1.10"]
    assert dataset.boards == ["Socialnämnd", "Kommunstyrelsekontoret"]
    first = dataset.indicators[0]
    assert (first.goal.text, first.name) == ("1.10. Tionde målet",
                                             "Senare mål men först i filen")
    missing = dataset.indicators[-1]
    assert missing.outcome(2024) is None  # ".." is no value, never zero
    assert status_of(missing, 2024) is Status.NOT_ASSESSED


def test_other_columns_are_carried_along_and_given_status_wins():
    dataset = read_dataset(DATA / "valid" / "given-status-and-extra-columns.csv")
    first = dataset.indicators[0]
    assert first.row_values["Ansvarig"] == "Anna"
    assert first.row_values["Källa"] == "Kolada"
    assert first.comment == "Målet justerat under året"
    assert first.unit == "kr"
    assert status_of(first, 2024) is Status.MET  # given, although 4 > 3 where lower is better
    assert status_of(dataset.indicators[1], 2024) is Status.NOT_MET  # computed


def test_delimiter_and_encoding_can_be_forced(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Inriktningsmål|Nyckeltal|Organisation|Utfall 2024|Mål 2024\n"
                    "1.1. Ekonomi|Något|KS|5,5|6\n", encoding="cp1252")
    with pytest.raises(InputError, match="no header row"):
        read_dataset(path)
    dataset = read_dataset(path, delimiter="|", encoding="cp1252")
    assert dataset.indicators[0].outcome(2024) == Measure(5.5, 1, False)


def test_unknown_sheet_and_year_are_option_errors(invoke):
    with pytest.raises(OptionError):
        read_dataset(SAMPLE, sheet="Finns inte")
    result = invoke("validate", SAMPLE, "--sheet", "Finns inte")
    assert result.exit_code == 2
    assert "has no sheet 'Finns inte'; its sheets are: 'Indikatorer'" in result.output
    result = invoke("validate", SAMPLE, "--year", "2031")
    assert result.exit_code == 2
    assert "2031 has no column 'Utfall 2031'" in result.output


def test_missing_file_is_a_clear_error(invoke, tmp_path):
    result = invoke("validate", tmp_path / "saknas.xlsx")
    assert result.exit_code == 1
    assert "saknas.xlsx: no such file." in result.output
