"""Judging as a stage of its own: `indexcel.assess(dataset, options)` gives one frozen
Assessment, which the plan, `validate`, the frame and --per-board read; nothing changes a
dataset after it is read."""

from __future__ import annotations

import dataclasses
from collections import Counter

import openpyxl
import pytest

import indexcel
from conftest import DATA, SAMPLE
from indexcel.model import ColumnRole
from indexcel.rules import Assessment, AssessmentOptions, assess, judge
from indexcel.writer import PlanKind, ReportOptions, Streaming, plan_report

GIVEN = DATA / "valid" / "given-status-and-extra-columns.csv"


def _trends(frame) -> dict[str, int]:
    return dict(Counter(frame["Trend"].dropna()))


def test_building_a_report_does_not_change_what_the_dataset_says(sample_dataset, tmp_path):
    # The bug that made judging a stage of its own: a report built with another trend
    # tolerance changed the dataset's cached judgements, and so its frame.
    pytest.importorskip("pandas")
    before = _trends(sample_dataset.to_frame())
    indexcel.build_report(sample_dataset, tmp_path / "rapport.xlsx",
                          ReportOptions(trend_tolerance=0.05))
    assert _trends(sample_dataset.to_frame()) == before == {"Uppåt": 45, "Nedåt": 34,
                                                            "Oförändrad": 14}
    # The tolerance is had by asking for it.
    assert _trends(sample_dataset.to_frame(trend_tolerance=0.05)) == {
        "Oförändrad": 46, "Nedåt": 26, "Uppåt": 21}
    tolerant = assess(sample_dataset, AssessmentOptions(trend_tolerance=0.05))
    assert _trends(sample_dataset.to_frame(tolerant)) == _trends(
        sample_dataset.to_frame(trend_tolerance=0.05))


def test_a_dataset_and_its_indicators_are_frozen(sample_dataset):
    indicator = sample_dataset.indicators[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        indicator.board = "Annan nämnd"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample_dataset.indicators = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample_dataset.columns[0].header = "x"  # type: ignore[misc]
    assert isinstance(sample_dataset.indicators, tuple)
    assert sample_dataset.source == SAMPLE


def test_the_assessment_judges_every_indicator_once_with_its_options(sample_dataset):
    options = AssessmentOptions(trend_tolerance=0.01)
    assessment = indexcel.assess(sample_dataset, options)
    assert isinstance(assessment, Assessment) and assessment.dataset is sample_dataset
    assert assessment.options is options
    assert assessment.indicators == tuple(judge(i, 2024, 0.01) for i in sample_dataset.indicators)
    with pytest.raises(dataclasses.FrozenInstanceError):
        assessment.indicators = ()  # type: ignore[misc]
    # The same dataset judged twice, two ways, each as asked.
    assert assess(sample_dataset).indicators == tuple(
        judge(i, 2024) for i in sample_dataset.indicators)


def test_a_given_status_the_numbers_contradict_is_the_assessments_warning_not_the_readers():
    dataset = indexcel.read_dataset(GIVEN)
    said = "Status says 'Uppfylld' but the numbers say 'Ej uppfylld'"
    assert not any(said in p.message for p in dataset.problems)
    assessment = assess(dataset)
    assert [p.message.split(";")[0] for p in assessment.warnings] == [
        said, "Trend says 'Uppåt' but the numbers say 'Nedåt'"]
    assert [str(p.location) for p in assessment.problems] == [
        "given-status-and-extra-columns.csv, line 2"] * 2
    assert assessment.errors == []


def test_validate_prints_the_dataset_s_problems_then_the_assessment_s(invoke):
    result = invoke("validate", GIVEN)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert "appears twice" in lines[0] and "Status says 'Uppfylld'" in lines[2]
    assert "OK: 4 warning(s)" in result.output


def test_the_plan_takes_the_assessment_and_shows_its_judgements(sample_dataset):
    assessment = assess(sample_dataset, AssessmentOptions(trend_tolerance=0.05))
    plan = plan_report(assessment, ReportOptions(municipality="Norrtälje kommun"))
    assert plan.assessment is assessment and plan.kind is PlanKind.REPORT
    assert plan.judgements is assessment.indicators and plan.trend_tolerance == 0.05
    assert plan.streaming is Streaming.SMALL
    # The same tolerance again is fine; another contradicts the assessment.
    plan_report(assessment, ReportOptions(trend_tolerance=0.05))
    with pytest.raises(ValueError, match=r"trend tolerance of 0\.01"):
        plan_report(assessment, ReportOptions(trend_tolerance=0.01))
    # A dataset is assessed inside, with the options' tolerance.
    assert plan_report(sample_dataset, ReportOptions(trend_tolerance=0.05)).judgements == \
        assessment.indicators


def test_a_board_s_plan_holds_the_board_s_own_assessment(sample_dataset):
    plan = plan_report(assess(sample_dataset))
    board = plan.boards[1].board
    own = plan.for_board(board)
    assert own.kind is PlanKind.BOARD_WORKBOOK and not own.has_summary and own.table == []
    assert all(i.board == board for i in own.indicators)
    assert own.judgements == tuple(plan.judgements[i] for i in sorted(plan.boards[1].indices))
    assert own.assessment.problems == () and own.dataset.problems == ()
    assert plan.assessment.dataset is sample_dataset  # the report's plan is untouched


def test_streaming_is_decided_once_with_its_reason():
    assert Streaming.decide(None, 1_999) is Streaming.SMALL
    assert Streaming.decide(None, 2_000) is Streaming.LARGE
    assert Streaming.decide(True, 10) is Streaming.ASKED_STREAMED
    assert Streaming.decide(False, 50_000) is Streaming.ASKED_IN_MEMORY
    assert Streaming.LARGE.workbook_streams and not Streaming.SMALL.workbook_streams
    assert Streaming.LARGE.holds_in_memory(1_999) and not Streaming.LARGE.holds_in_memory(2_000)
    assert not Streaming.ASKED_STREAMED.holds_in_memory(10)
    assert [s.asked for s in Streaming] == [True, False, None, None]


@pytest.mark.parametrize("tolerance", [-0.1, float("nan"), float("inf")])
def test_assessment_options_refuse_a_tolerance_that_is_no_distance(tolerance):
    with pytest.raises(ValueError, match="trend_tolerance"):
        AssessmentOptions(trend_tolerance=tolerance)


def test_the_reader_no_longer_takes_a_trend_tolerance():
    with pytest.raises(TypeError, match="trend_tolerance"):
        indexcel.read_dataset(SAMPLE, trend_tolerance=0.05)  # type: ignore[call-arg]


def test_an_assessment_of_another_dataset_is_refused_by_the_frame(sample_dataset):
    pytest.importorskip("pandas")
    other = indexcel.read_dataset(GIVEN)
    with pytest.raises(ValueError, match="another dataset"):
        sample_dataset.to_frame(assess(other))


def test_roles_are_an_enum_that_still_compares_as_text(sample_dataset):
    roles = [c.role for c in sample_dataset.columns]
    assert all(isinstance(role, ColumnRole) for role in roles)
    assert ColumnRole.OUTCOME == "outcome" and "outcome" in roles  # as older code compares
    column = indexcel.Column("Utfall 2024", "outcome", 2024)  # type: ignore[arg-type]
    assert column.role is ColumnRole.OUTCOME
    assert ColumnRole.SOURCE.yearly and not ColumnRole.NAME.yearly


def test_the_cli_trend_choices_are_the_conventions():
    from indexcel.cli.report import build

    choice = next(p for p in build.params if p.name == "trend_mode").type
    assert list(choice.choices) == [c.value for c in indexcel.TrendConvention]


def test_build_per_board_uses_the_assessment_of_the_command(invoke, tmp_path):
    # --per-board writes from the report's plan, judged with the command's tolerance.
    out = tmp_path / "boards"
    result = invoke("build", SAMPLE, "-o", tmp_path / "r.xlsx", "--per-board", out,
                    "--jobs", "1", "--trend-tolerance", "0.05", "-q")
    assert result.exit_code == 0, result.output
    cached = openpyxl.load_workbook(out / "Socialnämnd.xlsx", data_only=True)["Socialnämnd"]
    formulas = openpyxl.load_workbook(out / "Socialnämnd.xlsx")["Socialnämnd"]
    trend_formulas = [c.value for row in formulas.iter_rows() for c in row
                      if isinstance(c.value, str) and "SIGN(" in c.value]
    assert trend_formulas and all("-0.05<=" in f for f in trend_formulas)
    # Its cached arrows are the assessment's: a change within 0.05 is unchanged (0).
    header = [c.value for c in formulas[5]]
    now, before, trend = (header.index(h) + 1 for h in ("Utfall 2024", "Utfall 2023", "Trend"))
    small = [r for r in range(6, formulas.max_row + 1)
             if isinstance(cached.cell(r, now).value, (int, float))
             and isinstance(cached.cell(r, before).value, (int, float))
             and 0 < abs(cached.cell(r, now).value - cached.cell(r, before).value) < 0.05]
    assert small and all(cached.cell(r, trend).value == 0 for r in small)
