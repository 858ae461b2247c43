"""The printed report, as a committee reads it: LibreOffice prints the sample, an input with
long names and many goals (tests/data/print/long-names.csv, tools/make_print_cases.py) and a
board's own workbook to PDF, and pdftotext reads every page back.

Every page of a tab names the tab in its header, and the tabs print in order; a goal's
heading is never the last line of a page but stands with its first row; a summary table
never runs on to a page without its header; no row is too low for its text (no word of a
name is cut off), in LibreOffice and in Gnumeric. The table of all indicators does not
print.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, SAMPLE
from indexcel import theme, vocabulary
from indexcel.model import Dataset, Goal
from indexcel.perboard import build_per_board
from indexcel.reader import read_dataset
from indexcel.writer import ReportOptions, build_report, plan_report
from libreoffice import convert, soffice
from printed import (
    Page,
    by_tab,
    continued_pages_start_with_the_header,
    goal_headings_keep_their_first_row,
    missing_words,
    pages,
    tables_never_split_without_their_header,
)

pytestmark = pytest.mark.libreoffice
LONG = DATA / "print" / "long-names.csv"
MUNICIPALITY = "Norrtälje kommun"
REPORT = "Uppföljning indikatorer 2024 – Norrtälje kommun"  # the page header's right part
CASES = {"sample": SAMPLE, "long-names": LONG}
Printed = dict[str, tuple[Dataset, Path, list[Page]]]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """Each case built and printed by LibreOffice: (dataset, workbook, pages)."""
    soffice()
    folder = tmp_path_factory.mktemp("print")
    done = {}
    for name, source in CASES.items():
        dataset = read_dataset(source)
        built = folder / f"{name}.xlsx"
        build_report(dataset, built, ReportOptions(municipality=MUNICIPALITY))
        pdf = convert(built, "pdf", folder / f"pdf-{name}", folder / f"profile-{name}")
        done[name] = (dataset, built, pages(pdf))
    return done


def _headings(dataset: Dataset) -> list[str]:
    plan = plan_report(dataset)
    return [theme.SHEET_GUIDE, theme.SHEET_SUMMARY, *(tab.board for tab in plan.boards),
            *(tab.goal.text for tab in plan.goals),
            *([theme.SHEET_GOALS] if plan.goals else [])]  # after Alla indikatorer, unprinted


def _board_goals(dataset: Dataset, board: str) -> list[tuple[str, str]]:
    """(heading, first indicator's name) of each goal on `board`'s tab, in the tab's order."""
    first: dict[str, tuple[Goal, str]] = {}
    for indicator in dataset.indicators:
        if indicator.board == board:
            first.setdefault(indicator.goal.key, (indicator.goal, indicator.name))
    ordered = sorted(first.values(), key=lambda pair: pair[0].sort_key)
    return [(theme.LABEL_GOAL_HEADING.format(goal=goal.text), name) for goal, name in ordered]


@pytest.mark.parametrize("case", list(CASES))
def test_every_page_names_its_tab_and_the_tabs_print_in_order(printed: Printed, case: str) -> None:
    dataset, _, printed_pages = printed[case]
    headings = _headings(dataset)
    tabs = by_tab(printed_pages, headings, REPORT)
    assert sum(len(p) for p in tabs.values()) == len(printed_pages)
    # The table of all indicators is for filtering: no page of it.
    assert not any(theme.SHEET_ALL in page.header for page in printed_pages)
    for page in printed_pages:  # the footer: the title and the page's number
        assert any(line.strip().startswith("Uppföljning indikatorer 2024") and
                   f"Sida {page.number} av {len(printed_pages)}" in line
                   for line in page.lines[-3:]), page.number
    for board in dataset.boards:
        continued_pages_start_with_the_header(tabs[board], vocabulary.HEADER_NAME)
    for heading in headings[2 + len(dataset.boards):]:
        if heading != theme.SHEET_GOALS:
            continued_pages_start_with_the_header(tabs[heading], vocabulary.HEADER_BOARD)
    for page in tabs.get(theme.SHEET_GOALS, []):  # its header (wrapped) on every page
        assert any(line.startswith(vocabulary.HEADER_GOAL) for line in page.body[:3]), \
            page.number


@pytest.mark.parametrize("case", list(CASES))
def test_no_page_ends_with_a_goal_heading(printed: Printed, case: str) -> None:
    dataset, _, printed_pages = printed[case]
    tabs = by_tab(printed_pages, _headings(dataset), REPORT)
    found = sum(goal_headings_keep_their_first_row(tabs[board], _board_goals(dataset, board))
                for board in dataset.boards)
    assert found == sum(len(_board_goals(dataset, b)) for b in dataset.boards)
    if case == "long-names":
        # The case is made to put headings near the ends of pages: the boards with more than
        # a page of rows start many of their pages with a heading kept from the page before.
        starts = [page for board in dataset.boards for page in tabs[board][1:]
                  if page.body[1].startswith("Inriktningsmål:")]
        assert len(starts) >= 5


@pytest.mark.parametrize("case", list(CASES))
def test_no_summary_table_splits_without_its_header(printed: Printed, case: str) -> None:
    dataset, _, printed_pages = printed[case]
    tabs = by_tab(printed_pages, _headings(dataset), REPORT)
    plan = plan_report(dataset)
    starts = [f"{tab.goal.number} {tab.goal.title.split()[0]}" for tab in plan.goals]
    starts += [f"{tab.board} " for tab in plan.boards]
    summary = tabs[theme.SHEET_SUMMARY]
    seen = tables_never_split_without_their_header(summary, starts)
    assert seen == len(plan.goals) + len(plan.boards) + 2  # every row, two totals
    continued = [p for p in summary if any(theme.LABEL_CONTINUED.strip() in line
                                            for line in p.body)]
    if case == "long-names":
        assert len(summary) >= 4 and continued  # its tables run on, headed again
    else:
        assert not continued  # the sample's tables fit a page each


@pytest.mark.parametrize("case", list(CASES))
def test_no_row_is_too_low_for_its_text_in_libreoffice(printed: Printed, case: str) -> None:
    dataset, _, printed_pages = printed[case]
    tabs = by_tab(printed_pages, _headings(dataset), REPORT)
    for board in dataset.boards:
        own = [i for i in dataset.indicators if i.board == board]
        texts = [i.name for i in own] + [i.comment or "" for i in own]
        assert missing_words(tabs[board], texts) == [], board


def test_no_row_is_too_low_for_its_text_in_gnumeric(printed: Printed, tmp_path: Path) -> None:
    """Gnumeric draws the rows at the heights the file gives (it ignores icon sets and the
    print scale, so it prints wider pages): each board's tab, printed on its own, shows
    every word of its names and comments."""
    if shutil.which("ssconvert") is None:
        pytest.skip("Gnumeric is not installed (apt-get install gnumeric)")
    dataset, built, _ = printed["long-names"]
    subprocess.run(["ssconvert", "-S", "-T", "Gnumeric_pdf:pdf_assistant", str(built),
                    str(tmp_path / "sheet-%n.pdf")], capture_output=True, check=True,
                   timeout=300)
    sheets = _headings(dataset)  # the tabs' order: guide, summary, boards, goals
    for board in dataset.boards:
        pdf = tmp_path / f"sheet-{sheets.index(board)}.pdf"
        own = [i for i in dataset.indicators if i.board == board]
        texts = [i.name for i in own] + [i.comment or "" for i in own]
        assert missing_words(pages(pdf), texts) == [], board


def test_the_guide_s_first_page_is_for_the_committee_and_the_second_for_the_compiler(
        printed: Printed) -> None:
    dataset, _, printed_pages = printed["sample"]
    tabs = by_tab(printed_pages, _headings(dataset), REPORT)
    # The committee's pages (the legend, the rules, how the goals are judged), then the
    # compiler's page.
    *committee, second = tabs[theme.SHEET_GUIDE]
    text = "\n".join(line for page in committee for line in page.body)
    assert theme.GUIDE_GOALS_HEADING in text
    assert theme.GUIDE_LEGEND_HEADING in text and theme.GUIDE_RULES_HEADING in text
    assert "Grön boll: uppfylld indikator." in text
    for note in ("värdesiffror", "Ändrar du", "Underlag:"):
        assert note not in text, note
    # One line for the grey arrows, not three.
    assert sum("Grå pil" in line for page in committee for line in page.body) == 1
    notes = "\n".join(second.body)
    assert theme.GUIDE_NOTES_HEADING in notes and "Underlag: indikatorer-2024.xlsx" in notes
    flowing = " ".join(notes.split())
    assert "jämförs på 14 värdesiffror" in flowing and "Alla indikatorer skrivs inte ut" in flowing
    # The contents are for the screen: links lead nowhere on paper.
    assert theme.GUIDE_TOC_HEADING not in notes
    assert "Kommun: Norrtälje kommun" not in text


def test_a_board_workbook_prints_its_guide_summary_tab_and_goals(tmp_path: Path) -> None:
    soffice()
    dataset = read_dataset(LONG)
    board = dataset.boards[0]  # Socialnämnd: 90 indicators, over many pages
    plan = plan_report(dataset, ReportOptions(municipality=MUNICIPALITY))
    (result,) = [r for r in build_per_board(plan, tmp_path / "boards", jobs=1)
                 if r.path.name == f"{board}.xlsx"]
    printed_pages = pages(convert(result.path, "pdf", tmp_path / "pdf", tmp_path / "profile"))
    own = plan.for_board(board)
    headings = [theme.SHEET_GUIDE, theme.BOARD_SUMMARY_HEADING.format(board=board), board,
                *(tab.goal.text for tab in own.goals)]
    tabs = by_tab(printed_pages, headings, REPORT)
    guide = "\n".join(line for page in tabs[theme.SHEET_GUIDE] for line in page.body)
    assert board in guide
    assert theme.SHEET_ALL not in guide and "kommunens nämnder" not in guide
    summary = tabs[headings[1]]
    starts = [f"{tab.goal.number} {tab.goal.title.split()[0]}" for tab in own.goals]
    assert tables_never_split_without_their_header(summary, starts) == len(own.goals) + 1
    total = next(line for page in summary for line in page.body if line.startswith("Totalt"))
    counts = own.boards[0].counts
    assert total.split()[1:4] == [str(counts.total), str(counts.met), str(counts.not_met)]
    goal_headings_keep_their_first_row(tabs[board], _board_goals(dataset, board))
