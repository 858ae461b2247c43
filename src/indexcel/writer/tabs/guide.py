"""The guide (Läshänvisning): title, legend drawn with the report's own balls and arrows, the
rules, source and date, and a linked table of contents."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from indexcel import theme, vocabulary
from indexcel.goals import percent_text
from indexcel.model import Direction, Status, Trend
from indexcel.writer import conditional, layout
from indexcel.writer.context import Context
from indexcel.writer.sheetnames import shorten

TEXT = layout.GUIDE_TEXT_WIDTH


def write_guide(ctx: Context, sheet: Worksheet) -> None:
    s, plan = ctx.styles, ctx.plan
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, TEXT)
    ctx.text(sheet, 0, 0, plan.title, wrap=False, fmt=s.title)
    sheet.set_row(0, 24)
    if plan.municipality:
        ctx.text(sheet, 1, 0, theme.GUIDE_MUNICIPALITY.format(municipality=plan.municipality),
                 wrap=False, fmt=s.subtitle)
    row = 3
    ctx.text(sheet, row, 0, theme.GUIDE_HEADING.format(year=plan.year), False, s.heading)
    row += 1
    intro = theme.GUIDE_INTRO.format(first_year=min(plan.outcome_years), year=plan.year)
    _paragraph(ctx, sheet, row, intro)
    row = _legend(ctx, sheet, row + 2)
    row = _rules(ctx, sheet, row + 1)
    row = _goal_rules(ctx, sheet, row + 1)
    row = _source(ctx, sheet, row + 1)
    _contents(ctx, sheet, row + 1)


def _paragraph(ctx: Context, sheet: Worksheet, row: int, text: str) -> None:
    ctx.fit_row(sheet, row, [(text, TEXT)])
    ctx.text(sheet, row, 1, text, fmt=ctx.styles.paragraph)


def _legend(ctx: Context, sheet: Worksheet, row: int) -> int:
    s, features = ctx.styles, ctx.plan.features
    ctx.text(sheet, row, 0, theme.GUIDE_LEGEND_HEADING, False, s.heading)
    row += 1
    glyph_rows = []
    for status, text in theme.GUIDE_STATUS_LEGEND:
        if status not in features.statuses:
            continue
        ctx.text(sheet, row, 0, theme.STATUS_GLYPHS[status], False, s.legend_glyph)
        ctx.text(sheet, row, 1, text, fmt=s.paragraph)
        glyph_rows.append(row)
        row += 1
    conditional.glyph_colours(sheet, s, glyph_rows[0], glyph_rows[-1], 0, features.statuses)
    row += 1
    icon_rows: dict[str, list[int]] = {}
    legend = (theme.GUIDE_IMPROVEMENT_LEGEND if features.improvement
              else theme.GUIDE_TREND_LEGEND)
    coloured = conditional.icon_set(Direction.HIGHER_IS_BETTER, features.improvement)
    for trend, text in legend:
        sheet.write_number(row, 0, trend.value, s.legend_icon)
        ctx.text(sheet, row, 1, text, fmt=s.paragraph)
        icon_rows.setdefault(coloured, []).append(row)
        row += 1
    if not features.improvement:
        grey = theme.GUIDE_GREY_ARROW_NEAR if features.near else theme.GUIDE_GREY_ARROW
        for trend in (Trend.DOWN, Trend.UNCHANGED, Trend.UP):
            sheet.write_number(row, 0, trend.value, s.legend_icon)
            label = vocabulary.TREND_LABELS[trend].lower()
            ctx.text(sheet, row, 1, grey.format(label=label), fmt=s.paragraph)
            icon_rows.setdefault(theme.TREND_ICON_SET[Direction.LOWER_IS_BETTER],
                                 []).append(row)
            row += 1
    conditional.arrows(sheet, icon_rows, 0)
    return row


def _rules(ctx: Context, sheet: Worksheet, row: int) -> int:
    """The rules in use, in Swedish, one paragraph each."""
    plan, features = ctx.plan, ctx.plan.features
    ctx.text(sheet, row, 0, theme.GUIDE_RULES_HEADING, False, ctx.styles.heading)
    row += 1
    tolerance = plan.trend_tolerance
    tolerance_text = theme.GUIDE_TOLERANCE_ZERO
    if tolerance:
        shown = f"{tolerance:g}".replace(".", ",")
        tolerance_text = theme.GUIDE_TOLERANCE.format(tolerance=shown)
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
    if features.improvement:
        used += ["improvement"]
    else:
        used += ["trend", "trend_colour_near" if features.near else "trend_colour"]
    used += ["no_arrow", "given_improvement" if features.improvement else "given",
             "given_improvement_near" if features.improvement and features.near else None,
             "live_limits" if features.tolerance or features.partly else "live"]
    for key in used:
        if key is None:
            continue
        text = theme.GUIDE_RULES[key].format(year=plan.year, previous=plan.year - 1,
                                             tolerance_text=tolerance_text, assumed=assumed,
                                             total=total)
        ctx.fit_row(sheet, row, [(text, TEXT)])
        ctx.text(sheet, row, 1, "• " + text, fmt=ctx.styles.paragraph)
        row += 1
    return row


def _goal_rules(ctx: Context, sheet: Worksheet, row: int) -> int:
    """How the goals are judged: their balls, the rule with the thresholds in use, a
    judgement given by hand."""
    plan, s = ctx.plan, ctx.styles
    rule = plan.goal_rule
    ctx.text(sheet, row, 0, theme.GUIDE_GOALS_HEADING, False, s.heading)
    row += 1
    first = row
    for status, text in theme.GUIDE_GOAL_LEGEND:
        ctx.text(sheet, row, 0, theme.STATUS_GLYPHS[status], False, s.legend_glyph)
        ctx.text(sheet, row, 1, text, fmt=s.paragraph)
        row += 1
    conditional.glyph_colours(sheet, s, first, row - 1, 0, list(Status))
    texts = theme.GUIDE_GOAL_RULES
    partly = plan.features.partly_status  # some indicator is partly met
    lines = [texts["board_basis" if plan.board else "basis"].format(
        partly_assessed=texts["partly_assessed"] if partly else ""), texts["rule"].format(
        assessed=percent_text(rule.assessed), met=percent_text(rule.met),
        partly=percent_text(rule.partly), or_partly=texts["or_partly"] if partly else "")]
    lines += [texts["board_live"]] if plan.board else [texts["given"], texts["live"]]
    for text in lines:
        ctx.fit_row(sheet, row, [(text, TEXT)])
        ctx.text(sheet, row, 1, "• " + text, fmt=s.paragraph)
        row += 1
    return row


def _source(ctx: Context, sheet: Worksheet, row: int) -> int:
    dataset, s = ctx.plan.dataset, ctx.styles
    source = dataset.source.name if dataset.source else ""
    source_text = (theme.GUIDE_SOURCE_SHEET.format(source=source, sheet=dataset.sheet)
                   if dataset.sheet else theme.GUIDE_SOURCE.format(source=source))
    ctx.text(sheet, row, 1, source_text, fmt=s.paragraph)
    row += 1
    if dataset.uses_kolada:  # Kolada's terms ask for the credit
        ctx.text(sheet, row, 1, theme.GUIDE_KOLADA_CREDIT, fmt=s.paragraph)
        _paragraph(ctx, sheet, row + 1, theme.GUIDE_KOLADA_DETAIL)
        row += 2
    ctx.text(sheet, row, 1, theme.GUIDE_DATE.format(date=ctx.plan.created.date().isoformat()),
             fmt=s.paragraph)
    return row + 1


def _contents(ctx: Context, sheet: Worksheet, row: int) -> None:
    """Links to every other tab, grouped as the report is."""
    plan, s = ctx.plan, ctx.styles
    ctx.text(sheet, row, 0, theme.GUIDE_TOC_HEADING, False, s.heading)
    row += 1
    groups = [("boards", [(tab.sheet, tab.board) for tab in plan.boards]),
              ("goals", [(tab.sheet, shorten(tab.goal.text, 125)) for tab in plan.goals])]
    if plan.has_summary:
        groups = [("summary", [(theme.SHEET_SUMMARY, theme.SHEET_SUMMARY)]), *groups,
                  ("all", [(theme.SHEET_ALL, theme.SHEET_ALL)])]
        if plan.goals:
            groups.append(("all_goals", [(theme.SHEET_GOALS, theme.SHEET_GOALS)]))
    for group, entries in groups:
        ctx.text(sheet, row, 1, theme.GUIDE_TOC_GROUPS[group], False, s.goal_heading)
        row += 1
        for name, label in entries:
            ctx.link(sheet, row, 1, name, label, s.link)
            row += 1
