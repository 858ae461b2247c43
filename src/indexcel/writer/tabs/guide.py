"""The guide (Läshänvisning).

Its first printed page is for the committee: the title, what the report holds, the legend
drawn with the report's own balls and arrows, and the rules in use, one line each. The
second is for whoever compiles the report: where the data came from, how the file works when
edited, and a linked table of contents.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from indexcel import theme
from indexcel.goals import percent_text
from indexcel.model import Direction, Status, Trend
from indexcel.writer import conditional, layout
from indexcel.writer.context import SUBTITLE_HEIGHT, TITLE_HEIGHT, Context
from indexcel.writer.pages import Pages
from indexcel.writer.sheetnames import shorten

TEXT = layout.GUIDE_TEXT_WIDTH
WIDTHS = [6, TEXT]
HEADING_HEIGHT = 21.0  # 12 pt headings


def write_guide(ctx: Context, sheet: Worksheet) -> None:
    s, plan = ctx.styles, ctx.plan
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    pages = Pages(WIDTHS)
    kind = "report" if plan.has_summary else "board"
    board = plan.boards[0].board if kind == "board" else ""
    ctx.text(sheet, 0, 0, plan.title, wrap=False, fmt=s.title)
    _set(sheet, pages, 0, TITLE_HEIGHT)
    subtitle = " – ".join(part for part in (plan.municipality, board) if part)
    if subtitle:
        ctx.text(sheet, 1, 0, subtitle, wrap=False, fmt=s.subtitle)
        _set(sheet, pages, 1, SUBTITLE_HEIGHT)
    else:
        ctx.spacer(sheet, 1, SUBTITLE_HEIGHT, pages)
    row = _heading(ctx, sheet, pages, 3, theme.GUIDE_HEADING.format(year=plan.year))
    years = {"first_year": min(plan.outcome_years), "year": plan.year, "board": board}
    row = _paragraph(ctx, sheet, pages, row, theme.GUIDE_INTRO[kind].format(**years))
    row = _paragraph(ctx, sheet, pages, row, theme.GUIDE_TABS[kind])
    row = _legend(ctx, sheet, pages, row + 1)
    row = _rules(ctx, sheet, pages, row + 1)
    row = _goal_rules(ctx, sheet, pages, row + 1)
    # The compiler's page: a page of its own.
    pages.page_break(row + 1)
    row = _notes(ctx, sheet, pages, row + 1, kind, board)
    # The contents are for the screen: their links lead nowhere on paper.
    pages.setup(sheet, theme.SHEET_GUIDE, ctx.page_title, plan.title, len(WIDTHS) - 1)
    _contents(ctx, sheet, pages, row + 1)


def _set(sheet: Worksheet, pages: Pages, row: int, height: float) -> None:
    sheet.set_row(row, height)
    pages.row(row, height)


def _heading(ctx: Context, sheet: Worksheet, pages: Pages, row: int, text: str) -> int:
    """A heading, kept with the two lines after it; returns the next row."""
    pages.keep(row, [HEADING_HEIGHT, layout.ROW_MINIMUM, layout.ROW_MINIMUM])
    ctx.text(sheet, row, 0, text, False, ctx.styles.heading)
    _set(sheet, pages, row, HEADING_HEIGHT)
    return row + 1


def _paragraph(ctx: Context, sheet: Worksheet, pages: Pages, row: int, text: str,
               col: int = 1) -> int:
    ctx.fit_row(sheet, row, [(text, TEXT)], pages)
    ctx.text(sheet, row, col, text, fmt=ctx.styles.paragraph)
    return row + 1


def _legend(ctx: Context, sheet: Worksheet, pages: Pages, row: int) -> int:
    s, features = ctx.styles, ctx.plan.features
    row = _heading(ctx, sheet, pages, row, theme.GUIDE_LEGEND_HEADING)
    glyph_rows = []
    for status, text in theme.GUIDE_STATUS_LEGEND:
        if status not in features.statuses:
            continue
        ctx.text(sheet, row, 0, theme.STATUS_GLYPHS[status], False, s.legend_glyph)
        glyph_rows.append(row)
        row = _paragraph(ctx, sheet, pages, row, text)
    conditional.glyph_colours(sheet, s, glyph_rows[0], glyph_rows[-1], 0, features.statuses)
    icon_rows: dict[str, list[int]] = {}
    if features.trend_over_all:
        legend = (theme.GUIDE_IMPROVEMENT_LEGEND_ALL if features.improvement
                  else theme.GUIDE_TREND_LEGEND_ALL)
    else:
        legend = (theme.GUIDE_IMPROVEMENT_LEGEND if features.improvement
                  else theme.GUIDE_TREND_LEGEND)
    coloured = conditional.icon_set(Direction.HIGHER_IS_BETTER, features.improvement)
    for trend, text in legend:
        sheet.write_number(row, 0, trend.value, s.legend_icon)
        icon_rows.setdefault(coloured, []).append(row)
        row = _paragraph(ctx, sheet, pages, row, text)
    if not features.improvement:
        grey = theme.GUIDE_GREY_ARROW_NEAR if features.near else theme.GUIDE_GREY_ARROW
        sheet.write_number(row, 0, Trend.DOWN.value, s.legend_icon)
        icon_rows.setdefault(theme.TREND_ICON_SET[Direction.LOWER_IS_BETTER], []).append(row)
        row = _paragraph(ctx, sheet, pages, row, grey)
    conditional.arrows(sheet, icon_rows, 0)
    return row


def _rules(ctx: Context, sheet: Worksheet, pages: Pages, row: int) -> int:
    """The rules in use, in Swedish, one line each."""
    plan, features = ctx.plan, ctx.plan.features
    row = _heading(ctx, sheet, pages, row, theme.GUIDE_RULES_HEADING)
    tolerance = plan.trend_tolerance
    over_all = features.trend_over_all
    tolerance_text = theme.GUIDE_TOLERANCE_ZERO_SLOPE if over_all else theme.GUIDE_TOLERANCE_ZERO
    if tolerance:
        shown = f"{tolerance:g}".replace(".", ",")
        tolerance_text = (theme.GUIDE_TOLERANCE_SLOPE if over_all
                          else theme.GUIDE_TOLERANCE).format(tolerance=shown)
    assumed = features.assumed_directions
    total = len(plan.indicators)
    used = ["status",
            None if not assumed else "assumed_all" if (
                assumed == total and not features.direction_column) else "assumed_some",
            "near" if features.near else None,
            "tolerance" if features.tolerance else None,
            "partly" if features.partly_status else None,
            "change" if features.change else None, "missing",
            "share_partly" if features.partly_status else "share"]
    if features.earlier:
        used += ["earlier", "status_change" if plan.has_summary else None]
    suffix = "_all" if over_all else ""
    used += ["improvement" + suffix if features.improvement else "trend" + suffix]
    if len(plan.trend_years) > 1:
        used += ["sparkline"]
    if len(plan.shown_years) < len(plan.outcome_years):
        used += ["hidden_years"]
    for key in used:
        if key is not None:
            text = theme.GUIDE_RULES[key].format(
                year=plan.year, previous=plan.year - 1, tolerance_text=tolerance_text,
                assumed=assumed, total=total, shown=len(plan.shown_years))
            row = _paragraph(ctx, sheet, pages, row, "• " + text)
    return row


def _goal_rules(ctx: Context, sheet: Worksheet, pages: Pages, row: int) -> int:
    """How the goals are judged: their balls and the rule with the thresholds in use (a
    judgement given by hand, and that the judgements are live, are the compiler's notes)."""
    plan, s = ctx.plan, ctx.styles
    rule = plan.goal_rule
    row = _heading(ctx, sheet, pages, row, theme.GUIDE_GOALS_HEADING)
    glyph_rows = []
    for status, text in theme.GUIDE_GOAL_LEGEND:
        ctx.text(sheet, row, 0, theme.STATUS_GLYPHS[status], False, s.legend_glyph)
        glyph_rows.append(row)
        row = _paragraph(ctx, sheet, pages, row, text)
    conditional.glyph_colours(sheet, s, glyph_rows[0], glyph_rows[-1], 0, list(Status))
    texts = theme.GUIDE_GOAL_RULES
    partly = plan.features.partly_status  # some indicator is partly met
    lines = [texts["board_basis" if plan.board else "basis"].format(
        partly_assessed=texts["partly_assessed"] if partly else ""), texts["rule"].format(
        assessed=percent_text(rule.assessed), met=percent_text(rule.met),
        partly=percent_text(rule.partly), or_partly=texts["or_partly"] if partly else "")]
    for text in lines:
        row = _paragraph(ctx, sheet, pages, row, "• " + text)
    return row


def _notes(ctx: Context, sheet: Worksheet, pages: Pages, row: int, kind: str, board: str) -> int:
    """The compiler's notes: the data's source and date, and how the file works."""
    plan, features = ctx.plan, ctx.plan.features
    dataset = plan.dataset
    row = _heading(ctx, sheet, pages, row, theme.GUIDE_NOTES_HEADING)
    source = dataset.source.name if dataset.source else ""
    lines = [theme.GUIDE_SOURCE_SHEET.format(source=source, sheet=dataset.sheet)
             if dataset.sheet else theme.GUIDE_SOURCE.format(source=source),
             theme.GUIDE_DATE.format(date=plan.created.date().isoformat())]
    if dataset.uses_kolada:  # Kolada's terms ask for the credit
        lines += [theme.GUIDE_KOLADA_CREDIT, theme.GUIDE_KOLADA_DETAIL]
    for text in lines:
        row = _paragraph(ctx, sheet, pages, row, text)
    live = ("live_board" if kind == "board" else
            "live_limits" if features.tolerance or features.partly else "live")
    notes = ["given_improvement" if features.improvement else "given",
             *(["given_improvement_near"] if features.improvement and features.near else []),
             "rounding", live,
             *(["table"] if kind == "report" else []), "print"]
    for key in notes:
        row = _paragraph(ctx, sheet, pages, row, "• " + theme.GUIDE_NOTES[key].format(
            board=board))
    goal_texts = theme.GUIDE_GOAL_RULES
    for key in ["board_live"] if plan.board else ["given", "live"]:
        row = _paragraph(ctx, sheet, pages, row, "• " + goal_texts[key])
    return row


def _contents(ctx: Context, sheet: Worksheet, pages: Pages, row: int) -> int:
    """Links to every other tab, grouped as the workbook is."""
    plan, s = ctx.plan, ctx.styles
    row = _heading(ctx, sheet, pages, row, theme.GUIDE_TOC_HEADING)
    boards = [(tab.sheet, tab.board) for tab in plan.boards]
    groups = [("summary", [(theme.SHEET_SUMMARY, theme.SHEET_SUMMARY)]),
              ("boards" if plan.has_summary else "board", boards),
              ("goals", [(tab.sheet, shorten(tab.goal.text, 125)) for tab in plan.goals])]
    if plan.has_summary:
        groups.append(("all", [(theme.SHEET_ALL, theme.SHEET_ALL)]))
        if plan.goals:
            groups.append(("all_goals", [(theme.SHEET_GOALS, theme.SHEET_GOALS)]))
    for group, entries in groups:
        pages.keep(row, [layout.ROW_MINIMUM] * 2)
        ctx.text(sheet, row, 1, theme.GUIDE_TOC_GROUPS[group], False, s.goal_heading)
        _set(sheet, pages, row, layout.ROW_MINIMUM)
        row += 1
        for name, label in entries:
            ctx.link(sheet, row, 1, name, label, s.link)
            _set(sheet, pages, row, layout.ROW_MINIMUM)
            row += 1
    return row
