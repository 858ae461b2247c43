"""Printed pages as their text: a PDF (LibreOffice's or Gnumeric's) through pdftotext, and
what a committee reader needs of each page, checked on it."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexcel import theme
from indexcel.writer.pages import page_header

_GAP = re.compile(r"\s{3,}")
_WORD = re.compile(r"[\wÅÄÖåäö%-]+")


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    lines: list[str]  # its non-empty lines, stripped on the right

    @property
    def header(self) -> str:
        """The page header's left part: the tab it names."""
        return _GAP.split(self.lines[0].strip())[0] if self.lines else ""

    @property
    def body(self) -> list[str]:
        """The lines between the page header and the footer."""
        return [line.strip() for line in self.lines[1:-1]]

    def words(self) -> set[str]:
        return {w for line in self.lines for w in _WORD.findall(line)}


def pages(pdf: Path) -> list[Page]:
    """Every page of `pdf`, in order."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (pdftotext)")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    found = text.split("\f")
    if found and not found[-1].strip():
        found.pop()
    return [Page(n, [line.rstrip() for line in page.splitlines() if line.strip()])
            for n, page in enumerate(found, start=1)]


def shown_heading(heading: str, report: str) -> str:
    """A tab's heading as its page header shows it (shortened to one line)."""
    left = page_header(heading, report).split("&R")[0]
    return left.removeprefix("&L&9&B").replace("&&", "&").removesuffix("…")


def by_tab(printed: list[Page], headings: list[str], report: str) -> dict[str, list[Page]]:
    """The pages of each tab, by heading, checking that every page names a tab and the
    report in its header, and that the tabs print in order, each on at least one page."""
    shown = [shown_heading(h, report) for h in headings]
    tabs: dict[str, list[Page]] = {}
    at = 0
    for page in printed:
        while at < len(shown) and not page.header.startswith(shown[at]):
            assert headings[at] in tabs, (f"page {page.number} names {page.header!r}; "
                                          f"no page named {headings[at]!r}")
            at += 1
        assert at < len(shown), f"page {page.number} names no tab: {page.lines[:1]}"
        assert page.lines[0].strip().endswith(report), (page.number, page.lines[0])
        tabs.setdefault(headings[at], []).append(page)
    assert list(tabs) == headings, set(headings) - set(tabs)
    return tabs


def continued_pages_start_with_the_header(tab: list[Page], first_column: str) -> None:
    """Every page of a tab after its first starts with the table's header repeated."""
    for page in tab[1:]:
        assert page.body and page.body[0].startswith(first_column), (page.number,
                                                                   page.body[:2])


def goal_headings_keep_their_first_row(tab: list[Page], goals: list[tuple[str, str]]) -> int:
    """Each goal's heading on a board's tab ((heading, first indicator's name) in order) is
    followed on its own page by its first indicator's row. Returns the headings found."""
    found = 0
    remaining = list(goals)
    for page in tab:
        body = page.body
        n = 0
        while n < len(body) and remaining:
            heading, first_name = remaining[0]
            if not body[n].startswith(heading[:40]):
                n += 1
                continue
            # The heading's lines, then on the same page the first row's first line.
            flat = " ".join(heading.split())
            n += 1
            while (n < len(body) and " ".join(body[n].split()) in flat
                   and not body[n].startswith(first_name[:12])):
                n += 1
            assert n < len(body), (f"page {page.number} ends with the heading "
                                   f"{heading[:60]!r}")
            assert body[n].startswith(first_name[:12]), (page.number, heading[:60], body[n])
            remaining.pop(0)
            found += 1
    assert not remaining, f"headings not found: {[h[:40] for h, _ in remaining]}"
    return found


def tables_never_split_without_their_header(tab: list[Page], row_starts: list[str]) -> int:
    """On every page of the summary, the first row of a table (a line starting with one of
    `row_starts`, or the total) has a header line above it on that page. Returns the rows
    found, each once."""
    header = re.compile(rf"{theme.LABEL_COUNT}\s+{theme.LABEL_MET}")
    seen = 0
    for page in tab:
        has_header = False
        for line in page.body:
            line = " ".join(line.split())
            if header.search(line):
                has_header = True
            elif line.startswith((*row_starts, f"{theme.LABEL_TOTAL} ")):
                assert has_header, f"page {page.number}: a row without a header: {line!r}"
                seen += 1
    return seen


def missing_words(tab: list[Page], texts: list[str], longest: int = 20) -> list[str]:
    """Words of `texts` (no longer than `longest`: longer ones break inside) that no page of
    the tab shows: lines a row too low for its text cut off."""
    shown = set().union(*(page.words() for page in tab))
    return sorted({w for text in texts for w in _WORD.findall(text)
                   if len(w) <= longest and w not in shown})
