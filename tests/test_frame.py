"""The library API for analysts (issue 12): `import indexcel`, Dataset.to_frame() and
indexcel.dataset_from_frame(), through the public doors only."""

from __future__ import annotations

import datetime as _dt
import math
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import indexcel
from conftest import DATA, ROOT, SAMPLE, data_files, expected
from indexcel import (
    Change,
    Direction,
    InputError,
    Location,
    MissingDependencyError,
    ReportOptions,
    Severity,
    Status,
    build_report,
    dataset_from_frame,
    read_dataset,
)
from workbook_digest import differences, digest

pd = pytest.importorskip("pandas")

EVERY_KIND = DATA / "valid" / "every-kind-of-target.csv"
CREATED = ReportOptions(created=_dt.datetime(2025, 3, 1, 12, 0))
FIELDS = ("goal", "name", "board", "outcomes", "targets", "direction", "tolerance", "partly",
          "given_status", "given_trend", "unit", "comment")


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _same_measure(a, b) -> bool:
    if a is None or b is None or isinstance(a, Change) or isinstance(b, Change):
        return a == b
    return (round(a.value - b.value, 12) == 0 and a.decimals == b.decimals
            and a.percent == b.percent)


def assert_same_indicators(first, second) -> None:
    assert len(first.indicators) == len(second.indicators)
    for a, b in zip(first.indicators, second.indicators, strict=True):
        for name in FIELDS:
            x, y = getattr(a, name), getattr(b, name)
            if name in ("outcomes", "targets"):
                assert x.keys() == y.keys(), (a.name, name)
                assert all(_same_measure(x[k], y[k]) for k in x), (a.name, name, x, y)
            elif name in ("tolerance", "partly"):
                assert _same_measure(x, y), (a.name, name, x, y)
            else:
                assert x == y, (a.name, name, x, y)


# -- import indexcel ------------------------------------------------------------------------

def test_import_indexcel_loads_nothing_heavy():
    result = _run("""
        import sys
        import indexcel
        heavy = {"pandas", "numpy", "openpyxl", "xlsxwriter", "click", "indexcel.reader",
                 "indexcel.writer", "indexcel.frame"}
        assert not heavy & set(sys.modules), heavy & set(sys.modules)
        assert indexcel.Status.MET.value == "met"  # the model, on first use
        assert not {"pandas", "openpyxl", "xlsxwriter"} & set(sys.modules)
    """)
    assert result.returncode == 0, result.stderr


def test_every_public_name_resolves():
    for name in indexcel.__all__:
        assert getattr(indexcel, name) is not None, name
        assert name in dir(indexcel)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        indexcel.nope  # noqa: B018
    assert issubclass(MissingDependencyError, indexcel.IndexcelError)
    assert issubclass(MissingDependencyError, ImportError)


def test_py_typed_is_in_the_package_data():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["indexcel"]
    assert (ROOT / "src" / "indexcel" / "py.typed").is_file()
    extras = config["project"]["optional-dependencies"]
    assert any(r.startswith("pandas") for r in extras["pandas"])
    assert any(r.startswith("pandas") for r in extras["test"])


@pytest.mark.parametrize("command", ["build", "validate"])
def test_the_command_line_never_imports_pandas(command, tmp_path):
    args = [command, str(SAMPLE)] + (["-o", str(tmp_path / "r.xlsx"), "-q"]
                                     if command == "build" else [])
    result = _run(f"""
        import sys
        from indexcel.cli import main
        sys.argv = ["indexcel", *{args!r}]
        try:
            main()
        except SystemExit as exc:
            assert exc.code in (0, None), exc.code
        assert "pandas" not in sys.modules and "indexcel.frame" not in sys.modules
        # not even numpy, which openpyxl would import, for nothing, whenever installed
        assert sys.modules.get("numpy") is None
    """)
    assert result.returncode == 0, result.stderr + result.stdout


def test_without_pandas_a_clear_error():
    result = _run(f"""
        import sys
        sys.modules["pandas"] = None  # as if not installed
        import indexcel
        dataset = indexcel.read_dataset({str(SAMPLE)!r})
        try:
            dataset.to_frame()
        except indexcel.MissingDependencyError as exc:
            assert isinstance(exc, ImportError)
            assert "pip install indexcel[pandas]" in str(exc), str(exc)
        else:
            raise AssertionError("no error")
        try:
            from indexcel import dataset_from_frame
        except ImportError as exc:
            assert "pip install indexcel[pandas]" in str(exc)
        else:
            raise AssertionError("no error")
    """)
    assert result.returncode == 0, result.stderr


# -- to_frame ---------------------------------------------------------------------------------

def test_the_sample_as_a_frame(sample_dataset):
    dataset = sample_dataset
    df = dataset.to_frame()
    assert list(df.columns) == [
        "Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2022", "Utfall 2023",
        "Utfall 2024", "Mål 2024", "Riktning", "Tolerans", "Delvis", "Status", "Trend",
        "Enhet", "Kommentar", "Kolada-id", "Kommun-id"]
    assert len(df) == len(dataset.indicators)
    for header in ("Utfall 2022", "Utfall 2024", "Mål 2024", "Tolerans", "Delvis"):
        assert df[header].dtype == "float64", header
    first = df.iloc[0]
    assert first["Utfall 2024"] == pytest.approx(0.259)  # 25,9 % as a fraction
    assert first["Riktning"] == "Nära målet"
    assert first["Kommun-id"] == "0188"  # a text stays a text
    labels = {Status.MET: "Uppfylld", Status.PARTLY_MET: "Delvis uppfylld",
              Status.NOT_MET: "Ej uppfylld", Status.NOT_ASSESSED: "Ej bedömd"}
    assert list(df["Status"]) == [labels[j.status] for j in indexcel_judgements(dataset)]
    # Missing is missing, never 0.
    for indicator, (_, row) in zip(dataset.indicators, df.iterrows(), strict=True):
        for year in dataset.outcome_years:
            measure = indicator.outcome(year)
            cell = row[f"Utfall {year}"]
            assert (math.isnan(cell) if measure is None else cell == measure.value)


def test_targets_that_are_words_make_an_object_column():
    df = read_dataset(EVERY_KIND).to_frame()
    targets = df["Mål 2024"]
    assert targets.dtype == object
    assert {"Öka", "öka", "Ökning", "Minska"} <= {t for t in targets if isinstance(t, str)}
    assert all(isinstance(t, (str, float)) for t in targets)
    assert math.isnan(targets[df["Nyckeltal"] == "Saknar mål"].iloc[0])
    row = df[df["Nyckeltal"] == "Bedömd för hand som delvis"].iloc[0]
    assert row["Status"] == "Delvis uppfylld"  # given, and it wins
    # The standard columns the CSV lacks are there, empty where nothing fills them.
    assert df["Kommentar"].isna().all()
    assert set(df["Trend"].dropna()) <= {"Uppåt", "Oförändrad", "Nedåt"}


# -- the round trip ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", [SAMPLE, EVERY_KIND], ids=lambda p: p.name)
def test_round_trip_keeps_everything(path, tmp_path):
    original = read_dataset(path)
    back = dataset_from_frame(original.to_frame())
    assert_same_indicators(original, back)
    for a, b in zip(original.indicators, back.indicators, strict=True):
        assert a.row_values.keys() == b.row_values.keys()
        for header in ("Kolada-id", "Kommun-id"):
            assert (a.row_values.get(header) or None) == (b.row_values.get(header) or None)
    assert [c.header for c in back.columns] == [c.header for c in original.columns]
    assert back.report_year == original.report_year
    assert (str(back.source), back.sheet) == (str(original.source), original.sheet)
    assert indexcel_judgements(back) == indexcel_judgements(original)
    assert [(p.severity, p.message, p.hint, p.location.row, p.location.column)
            for p in back.problems] == [
        (p.severity, p.message, p.hint, p.location.row, p.location.column)
        for p in original.problems]
    build_report(original, tmp_path / "original.xlsx", CREATED)
    build_report(back, tmp_path / "back.xlsx", CREATED)
    assert differences(digest(tmp_path / "original.xlsx"), digest(tmp_path / "back.xlsx")) == []


def indexcel_judgements(dataset) -> tuple:
    from indexcel.rules import assess

    return assess(dataset).indicators


def test_the_percent_formats_survive(sample_dataset):
    original = sample_dataset
    back = dataset_from_frame(original.to_frame())
    pairs = [(a.outcome(y), b.outcome(y))
             for a, b in zip(original.indicators, back.indicators, strict=True)
             for y in original.outcome_years]
    assert any(a is not None and a.percent and a.decimals == 2 for a, _ in pairs)
    assert all(_same_measure(a, b) for a, b in pairs)


def test_sorted_filtered_and_renumbered_frames_keep_their_formats(sample_dataset):
    original = sample_dataset
    df = original.to_frame()
    shuffled = df[df["Organisation"] != "Kommunstyrelsen"].sort_values(
        ["Organisation", "Nyckeltal"]).reset_index(drop=True)
    back = dataset_from_frame(shuffled)
    by_key = {(i.goal.text, i.name, i.board): i for i in original.indicators}
    assert back.indicators and not back.errors
    for indicator in back.indicators:
        first = by_key[(indicator.goal.text, indicator.name, indicator.board)]
        for year in original.outcome_years:
            assert _same_measure(first.outcome(year), indicator.outcome(year))
        assert first.given_status == indicator.given_status
    # Named index levels that are the sheet's columns are read as columns.
    indexed = dataset_from_frame(df.set_index(["Organisation", "Nyckeltal"]))
    assert {(i.board, i.name) for i in indexed.indicators} == {
        (i.board, i.name) for i in original.indicators}


def test_edits_in_pandas(sample_dataset):
    original = sample_dataset
    df = original.to_frame()
    # Row 0: near the target 0 % with a tolerance of 1 %; 25,9 % is not met.
    assert df.loc[0, "Status"] == "Ej uppfylld"
    df.loc[0, "Utfall 2024"] = 0.005  # now met: the status, left as computed, follows
    df.loc[1, "Status"] = "Uppfylld"  # typed: given
    df.loc[2, "Enhet"] = None  # its other outcomes still say percent
    df.loc[2, "Utfall 2024"] = 0.5
    back = dataset_from_frame(df)
    first, second, third = back.indicators[:3]
    assert first.outcome(2024).value == 0.005 and first.outcome(2024).percent
    assert first.given_status is None
    assert indexcel_judgements(back)[0].status is Status.MET
    assert second.given_status is Status.MET
    assert third.outcome(2024).percent and third.outcome(2024).decimals == 0
    assert back.to_frame().loc[0, "Status"] == "Uppfylld"


# -- frames an analyst built ------------------------------------------------------------------

def _analyst_frame(**changes) -> pd.DataFrame:
    data = {
        "inriktningsmål": ["1.1. En ekonomi i balans", "2.1. Trygg skola"],
        "Indikator": ["Andel behöriga", "Handläggningstid"],
        "Nämnd": ["KS", "Socialnämnd"],
        "Utfall 2023": [0.8, 25],
        "Utfall2024": [0.85, 23.5],
        "Målvärde 2024": [0.9, 22],
        "Önskad riktning": [None, "Lägre är bättre"],
        "Enhet": ["%", "dagar"],
        "Ansvarig": ["Anna", None],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_a_frame_an_analyst_built():
    dataset = dataset_from_frame(_analyst_frame())
    assert not dataset.problems
    assert (dataset.source.name, dataset.sheet, dataset.report_year) == ("DataFrame", None, 2024)
    share, days = dataset.indicators
    assert share.outcome(2024) == indexcel.Measure(0.85, decimals=0, percent=True)
    assert share.target(2024) == indexcel.Measure(0.9, decimals=0, percent=True)
    assert days.outcome(2024) == indexcel.Measure(23.5, decimals=1, percent=False)
    assert days.direction is Direction.LOWER_IS_BETTER
    assert share.row_values["Ansvarig"] == "Anna"
    assert [c.header for c in dataset.columns][:3] == ["inriktningsmål", "Indikator", "Nämnd"]
    df = dataset.to_frame()
    assert list(df.columns)[:6] == ["Inriktningsmål", "Nyckeltal", "Organisation",
                                    "Utfall 2023", "Utfall 2024", "Mål 2024"]
    assert list(df["Status"]) == ["Ej uppfylld", "Ej uppfylld"]
    named = dataset_from_frame(_analyst_frame(), source="indikatorer från pandas.xlsx")
    assert named.source.name == "indikatorer från pandas.xlsx"


def test_numbers_as_text_are_read_as_the_csv_reader_reads_them():
    df = _analyst_frame(**{"Utfall2024": ["85,3 %", "23,5"], "Enhet": [None, None]})
    share, days = dataset_from_frame(df).indicators
    assert share.outcome(2024) == indexcel.Measure(0.853, decimals=1, percent=True)
    assert days.outcome(2024) == indexcel.Measure(23.5, decimals=1, percent=False)


def test_problems_name_the_frame_row_and_column(tmp_path):
    df = _analyst_frame(**{"Utfall2024": [0.85, "många"], "Nämnd": [None, "Socialnämnd"]})
    problems = dataset_from_frame(df).problems
    # The same table as a CSV file gives the same problems, at the same lines and columns.
    csv = tmp_path / "same.csv"
    df.to_csv(csv, sep=";", index=False, decimal=",")
    from_csv = read_dataset(csv).problems
    assert [(p.severity, p.message, p.location.row, p.location.column) for p in problems] == [
        (p.severity, p.message, p.location.row, p.location.column) for p in from_csv]
    assert {(p.location, p.message) for p in problems if p.severity is Severity.ERROR} == {
        (Location("DataFrame", None, 2, "Nämnd"), "Organisation is empty."),
        (Location("DataFrame", None, 3, "Utfall2024"), "'många' is not a number."),
    }


def test_a_frame_without_the_required_columns():
    with pytest.raises(InputError, match="no column Organisation"):
        dataset_from_frame(pd.DataFrame({"Inriktningsmål": ["1. A"], "Nyckeltal": ["B"],
                                         "Utfall 2024": [1]}))
    with pytest.raises(TypeError):
        dataset_from_frame([{"Nyckeltal": "B"}])  # type: ignore[arg-type]


def test_missing_values_of_every_kind_are_empty():
    import numpy

    df = _analyst_frame(**{"Utfall 2023": [numpy.nan, pd.NA], "Ansvarig": [pd.NaT, None]})
    df["Utfall 2023"] = df["Utfall 2023"].astype(object)
    share, days = dataset_from_frame(df).indicators
    assert share.outcome(2023) is None and days.outcome(2023) is None
    assert share.row_values["Ansvarig"] is None


# -- random frames ----------------------------------------------------------------------------

_WORDS = {"Öka": Change.INCREASE, "Minska": Change.DECREASE}


@st.composite
def frames(draw):
    rows = draw(st.integers(1, 6))
    data: dict[str, list] = {h: [] for h in (
        "Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2023", "Utfall 2024",
        "Mål 2024", "Riktning", "Tolerans", "Status", "Enhet")}
    for row in range(rows):
        percent = draw(st.booleans())
        shift = 2 if percent else 0

        def number(negative: bool = True, shift: int = shift) -> float:
            if draw(st.integers(0, 4)) == 0:
                return math.nan
            low = -10**7 if negative else 0
            return draw(st.integers(low, 10**7)) / 10 ** (draw(st.integers(0, 4)) + shift)

        data["Inriktningsmål"].append(draw(st.sampled_from(["1.1. Ekonomi", "2. Skola"])))
        data["Nyckeltal"].append(f"Nyckeltal {row}")
        data["Organisation"].append(draw(st.sampled_from(["KS", "Socialnämnd", "Bygg"])))
        data["Utfall 2023"].append(number())
        data["Utfall 2024"].append(number())
        data["Mål 2024"].append(draw(st.sampled_from(["Öka", "Minska"]))
                                if draw(st.integers(0, 5)) == 0 else number())
        data["Riktning"].append(draw(st.sampled_from(
            [None, "Högre är bättre", "Lägre är bättre", "Nära målet"])))
        data["Tolerans"].append(number(negative=False))
        data["Status"].append(draw(st.sampled_from([None, None, "Uppfylld", "Ej bedömd"])))
        data["Enhet"].append("%" if percent else draw(st.sampled_from(["antal", None])))
    return pd.DataFrame(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_random_frames_survive_a_round_trip(df):
    dataset = dataset_from_frame(df)
    assert not dataset.errors, dataset.errors
    out = dataset.to_frame()
    assert len(out) == len(df)
    for header in ("Utfall 2023", "Utfall 2024", "Mål 2024", "Tolerans"):
        for given_, got in zip(df[header], out[header], strict=True):
            if isinstance(given_, str):
                assert got == given_
            elif math.isnan(given_):
                assert math.isnan(got)
            else:
                assert round(got - given_, 12) == 0
    def direction(given_, target) -> str:  # empty: Minska means lower is better
        if not pd.isna(given_):
            return given_
        minska = isinstance(target, str) and target.strip().casefold() in ("minska",
                                                                           "minskning")
        return "Lägre är bättre" if minska else "Högre är bättre"

    assert list(out["Riktning"]) == [
        direction(r, t) for r, t in zip(df["Riktning"], df["Mål 2024"], strict=True)]
    assert all(pd.isna(given_) or got == given_
               for given_, got in zip(df["Status"], out["Status"], strict=True))
    for indicator, unit in zip(dataset.indicators, df["Enhet"], strict=True):
        measures = [*indicator.outcomes.values(), indicator.target(2024), indicator.tolerance]
        assert all(m.percent == (unit == "%") for m in measures
                   if isinstance(m, indexcel.Measure))
        if isinstance(indicator.target(2024), Change):
            assert indicator.target(2024) in _WORDS.values()
    # And again, through to_frame's memo: the same dataset.
    again = dataset_from_frame(out)
    assert_same_indicators(dataset, again)
    assert indexcel_judgements(again) == indexcel_judgements(dataset)


# -- every valid sample file ------------------------------------------------------------------

@pytest.mark.parametrize("path", data_files("valid"), ids=lambda p: p.name)
def test_every_valid_file_round_trips(path):
    """Headers spelt otherwise ("Mål2024", "Indikator") come back as the input had them, for
    the report's table; control characters the reader removed stay removed, unwarned."""
    args = expected(path).get("args", [])
    original = read_dataset(path, year=int(args[1]) if args[:1] == ["--year"] else None)
    back = dataset_from_frame(original.to_frame())
    assert_same_indicators(original, back)
    assert [c.header for c in back.columns] == [c.header for c in original.columns]
    assert indexcel_judgements(back) == indexcel_judgements(original)
    assert [(p.severity, p.message) for p in back.problems] == [
        (p.severity, p.message) for p in original.problems if p.kind != "unwritable"]


FRAMES = sorted((DATA / "hostile" / "frames").glob("*.json"))


@pytest.mark.parametrize("path", FRAMES, ids=lambda p: p.stem)
def test_hostile_frames_are_read_or_refused_with_an_input_error(path):
    import json

    spec = json.loads(path.read_text(encoding="utf-8"))
    original = read_dataset(SAMPLE)
    df = original.to_frame()
    if "set_index" in spec:
        df = df.set_index(spec["set_index"], drop=spec["drop"])
    if "upper_column" in spec:
        df[spec["upper_column"]] = df[spec["upper_column"]].str.upper()
    if "column_levels" in spec:
        df.columns = pd.MultiIndex.from_tuples([(c, "x") for c in df.columns])
    if spec["outcome"] == "same":
        back = dataset_from_frame(df)
        assert not back.errors
        assert_same_indicators(original, back)
    else:
        with pytest.raises(InputError) as caught:
            dataset_from_frame(df)
        assert spec["message"] in str(caught.value)
