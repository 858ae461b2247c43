"""What `fill` promises, for any sheet and export (Hypothesis): a typed value is never
changed without --overwrite, only empty cells are filled and each from its own matched
row, every export row is accounted for, nothing else in the sheet moves, and the result
reads back as the same sheet with those outcomes."""

from __future__ import annotations

import datetime as _dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from indexcel.fill import dataset_of_sheet, fill_from_export
from indexcel.fill.match import row_key
from indexcel.model import Measure
from indexcel.reader import read_dataset

HEADER = "Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024;Riktning"
YEARS = ("Utfall 2023", "Utfall 2024")

goals = st.sampled_from(["1.1. Ekonomi", "2.1. Trygghet", "1.1.  ekonomi"])
names = st.sampled_from(["Antal besök", "ANTAL  BESÖK", "Kostnad per elev", "Kostnad per\u00a0"
                         "elev.", "Andel klara", "andel klara"])
boards = st.sampled_from(["KS", "ks", "Socialnämnd", "Social nämnd"])
values = st.sampled_from(["", "5", "5,5", "50 %", "0", "-", "12,25 %", "0 %", "421 442"])
rows = st.tuples(goals, names, boards, values, values, values,
                 st.sampled_from(["", "Lägre är bättre", "Nära målet"]))


def _write(folder: Path, name: str, lines: list[tuple[str, ...]]) -> Path:
    path = folder / name
    path.write_text(HEADER + "\n" + "\n".join(";".join(line) for line in lines) + "\n",
                    encoding="utf-8")
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows, min_size=1, max_size=6), st.lists(rows, min_size=1, max_size=8),
       st.booleans(), st.booleans())
def test_fill_keeps_its_promises(sheet_rows, export_rows, overwrite, add_new):
    with tempfile.TemporaryDirectory() as folder:
        sheet = read_dataset(_write(Path(folder), "sheet.csv", sheet_rows),
                             require_targets=False)
        export = read_dataset(_write(Path(folder), "export.csv", export_rows),
                              require_targets=False)
    result = fill_from_export(sheet, export, today=_dt.date(2026, 3, 2), overwrite=overwrite,
                              add_new=add_new)
    matching = result.matching
    event(f"filled: {bool(result.filled)}, conflicts: {bool(result.conflicts)}, "
          f"not told apart: {bool(matching.ambiguous or matching.contested)}")
    # Every export row is accounted for, once.
    accounted = [*matching.pairs, *matching.unmatched, *matching.ambiguous,
                 *(e for exports in matching.contested.values() for e in exports)]
    assert sorted(accounted) == list(range(len(export.indicators)))
    for e, s in matching.pairs.items():
        assert row_key(export.indicators[e]) == row_key(sheet.indicators[s])
    assert result.added == (matching.unmatched if add_new else [])
    assert len(result.sheet.rows) == len(sheet.indicators) + len(result.added)
    filled = {(f.index, f.header): f for f in result.filled}
    conflicts = {(c.index, c.header): c for c in result.conflicts}
    by_sheet_row = matching.sheet_rows
    for index, indicator in enumerate(sheet.indicators):
        new = result.sheet.rows[index]
        for header, old in indicator.row_values.items():
            if header not in YEARS:
                assert new[header] == old or (header == "Inriktningsmål" and not old)
                continue
            if (index, header) not in filled:
                assert new[header] == old
                continue
            # Filled: an empty cell, or a differing one with --overwrite, listed.
            assert old is None or (overwrite and conflicts[(index, header)].replaced)
            theirs = export.indicators[by_sheet_row[index]].row_values[header]
            assert isinstance(theirs, Measure) and new[header].value == theirs.value
            assert new[header].percent == theirs.percent or theirs.value == 0
        for key, conflict in conflicts.items():
            if key[0] == index:
                assert isinstance(indicator.row_values[key[1]], Measure)
                assert conflict.replaced is overwrite
    # The filled sheet reads back without errors, with the sheet's rules and targets.
    again = dataset_of_sheet(result.sheet, sheet, require_targets=False)
    assert again.errors == []
    assert len(again.indicators) == len(result.sheet.rows)
    for old, new_indicator in zip(sheet.indicators, again.indicators, strict=False):
        assert (new_indicator.direction, new_indicator.targets) == (old.direction, old.targets)
