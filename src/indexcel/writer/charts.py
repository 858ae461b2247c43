"""The charts: a stacked bar of status per goal on the summary, a pie on each goal's tab."""

from __future__ import annotations

from indexcel import theme
from indexcel.writer.cells import column_letter
from indexcel.writer.sheetnames import quote

STATUS_SERIES = ("met", "not_met", "not_assessed")
_NOT_ASSESSED_FILL = "#D9D9D9"
_NOT_ASSESSED_BORDER = "#7F7F7F"


def status_bars(workbook, sheet_name: str, first: int, last: int, category_col: int,
                value_col: int, title: str):
    """Stacked bars of the counts in rows first..last, one series per status."""
    chart = workbook.add_chart({"type": "bar", "subtype": "stacked"})
    ref = quote(sheet_name)
    for offset, key in enumerate(STATUS_SERIES):
        colour = theme.COLOURS[key] if key != "not_assessed" else _NOT_ASSESSED_FILL
        chart.add_series({
            "name": [sheet_name, first - 1, value_col + offset],
            "categories": f"={ref}!${column_letter(category_col)}${first + 1}:"
                          f"${column_letter(category_col)}${last + 1}",
            "values": f"={ref}!${column_letter(value_col + offset)}${first + 1}:"
                      f"${column_letter(value_col + offset)}${last + 1}",
            "fill": {"color": colour},
            "border": {"color": _NOT_ASSESSED_BORDER if key == "not_assessed" else colour},
            "gap": 60,
        })
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}},
                      "num_format": "0"})
    chart.set_legend({"position": "bottom"})
    return chart


def status_pie(workbook, sheet_name: str, header_row: int, row: int, col: int):
    """A pie of the counts met, not met and not assessed in `row`, from column col + 1."""
    chart = workbook.add_chart({"type": "pie"})
    ref = quote(sheet_name)
    first, last = column_letter(col + 1), column_letter(col + len(STATUS_SERIES))
    chart.add_series({
        "categories": f"={ref}!${first}${header_row + 1}:${last}${header_row + 1}",
        "values": f"={ref}!${first}${row + 1}:${last}${row + 1}",
        "points": [{"fill": {"color": theme.COLOURS["met"]}},
                   {"fill": {"color": theme.COLOURS["not_met"]}},
                   {"fill": {"color": _NOT_ASSESSED_FILL},
                    "border": {"color": _NOT_ASSESSED_BORDER}}],
        "data_labels": {"value": True, "position": "best_fit"},
    })
    chart.set_title({"name": theme.LABEL_GOAL_CHART_TITLE,
                     "name_font": {"size": 10, "bold": True}})
    chart.set_legend({"position": "right", "font": {"size": 8}})
    chart.set_size({"width": 330, "height": 170})
    chart.set_chartarea({"border": {"none": True}})
    return chart
