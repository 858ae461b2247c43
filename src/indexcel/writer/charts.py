"""The charts: a stacked bar of status per goal on the summary, a pie on each goal's tab.
Each has alternative text in Swedish (theme.py), for screen readers and Excel's
Accessibility Checker."""

from __future__ import annotations

from typing import Any

from xlsxwriter.chart import Chart
from xlsxwriter.workbook import Workbook

from indexcel import theme
from indexcel.writer.cells import column_letter
from indexcel.writer.sheetnames import quote

PIE_WIDTH, PIE_HEIGHT = 440, 230  # pixels
LABEL_SIZE = 10  # points: numbers, labels and legends, legible on paper
_NOT_ASSESSED_FILL = "#D9D9D9"
_NOT_ASSESSED_BORDER = "#7F7F7F"


def _fill(key: str) -> dict[str, Any]:
    if key == "not_assessed":
        return {"fill": {"color": _NOT_ASSESSED_FILL}, "border": {"color": _NOT_ASSESSED_BORDER}}
    colour = theme.COLOURS["partly_met_chart" if key == "partly_met" else key]
    return {"fill": {"color": colour}, "border": {"color": colour}}


def status_bars(workbook: Workbook, sheet_name: str, header_row: int, first: int, last: int,
                category_col: int, value_col: int, title: str, keys: list[str]) -> Chart:
    """Stacked bars of the counts in rows first..last, one series per status key, whose
    columns start at `value_col`, named by their headers in `header_row`."""
    chart = workbook.add_chart({"type": "bar", "subtype": "stacked"})
    ref = quote(sheet_name)
    for offset, key in enumerate(keys):
        chart.add_series({
            "name": [sheet_name, header_row, value_col + offset],
            "categories": f"={ref}!${column_letter(category_col)}${first + 1}:"
                          f"${column_letter(category_col)}${last + 1}",
            "values": f"={ref}!${column_letter(value_col + offset)}${first + 1}:"
                      f"${column_letter(value_col + offset)}${last + 1}",
            **_fill(key),
            "gap": 60,
        })
    chart.set_title({"name": title, "name_font": _font(11, bold=True)})
    chart.set_y_axis({"reverse": True, "num_font": _font(LABEL_SIZE)})
    chart.set_x_axis({"major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}},
                      "num_format": "0", "num_font": _font(LABEL_SIZE)})
    chart.set_legend({"position": "bottom", "font": _font(LABEL_SIZE)})
    return chart




def status_pie(workbook: Workbook, sheet_name: str, header_row: int, row: int, col: int,
               keys: list[str], counts: list[int]) -> Chart:
    """A pie of the counts in `row` from column col + 1, one slice per status key. The
    legend and the labels name only the states that occur (`counts`, as written)."""
    chart = workbook.add_chart({"type": "pie"})
    ref = quote(sheet_name)
    first, last = column_letter(col + 1), column_letter(col + len(keys))
    empty = [n for n, count in enumerate(counts) if not count]
    chart.add_series({
        "categories": f"={ref}!${first}${header_row + 1}:${last}${header_row + 1}",
        "values": f"={ref}!${first}${row + 1}:${last}${row + 1}",
        "points": [_point(key) for key in keys],
        "data_labels": {"value": True, "position": "best_fit",
                        "font": _font(LABEL_SIZE, bold=True),
                        "custom": [{"delete": True} if not count else None
                                   for count in counts]},
    })
    chart.set_title({"name": theme.LABEL_GOAL_CHART_TITLE,
                     "name_font": _font(11, bold=True)})
    chart.set_legend({"position": "right", "font": _font(LABEL_SIZE),
                      **({"delete_series": empty} if empty else {})})
    chart.set_size({"width": PIE_WIDTH, "height": PIE_HEIGHT})
    chart.set_chartarea({"border": {"none": True}})
    return chart


def _font(size: float, bold: bool = False) -> dict[str, str | float | bool]:
    """A chart's text in the report's font (a chart's own default is the theme's, Calibri)."""
    return {"name": theme.FONT, "size": size, "bold": bold}


def _point(key: str) -> dict[str, Any]:
    if key == "not_assessed":
        return {"fill": {"color": _NOT_ASSESSED_FILL}, "border": {"color": _NOT_ASSESSED_BORDER}}
    return {"fill": {"color": theme.COLOURS["partly_met_chart" if key == "partly_met"
                                          else key]}}
