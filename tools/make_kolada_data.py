"""Write the stand-in Kolada's answers for comparisons (run once; the files are committed):

- tests/data/kolada/everyone.json: the values of the sample's KPIs for 2024 for every
  municipality but Norrtälje (whose are in 0188.json), every region, the whole country (0000)
  and the groups of municipality_groups.json, as `/v3/data/kpi/{ids}/year/{years}` answers;
- tests/data/kolada/municipality_groups.json: a few groups, as `/v3/municipality_groups`
  answers.

The municipalities are tests/data/kolada/municipalities.json (the 290 municipality codes and
names SCB publishes, the 21 regions and Riket). **The numbers are made up** (seeded, so that
this writes the same bytes every time), shaped to exercise the rules: some values missing
(null with status Missing, or marked isdeleted), ties with Norrtälje's value, the KPIs split
by gender given for women and men too, a group's value the unweighted mean of its members'
(as Kolada computes it) with `count` the members that have one.

    python tools/make_kolada_data.py
"""

from __future__ import annotations

import json
import random
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "kolada"
SEED = 17
YEARS = (2024,)
NORRTALJE = "0188"
# KPI: (mean, spread, decimals, split by gender)
KPIS = {
    "N00097": (0.0, 5.0, 1, False),  # Nettokostnadsavvikelse totalt, %
    "N03102": (3.0, 3.0, 1, False),  # Årets resultat, % av skatt och bidrag
    "N03103": (90.0, 30.0, 1, False),  # Självfinansieringsgrad investeringar, %
    "N17451": (70.0, 8.0, 1, True),  # Gymnasieelever med examen inom 3 år, %
    "N15436": (85.0, 6.0, 1, True),  # Elever i åk 9 behöriga till yrkesprogram, %
    "U09800": (20.0, 5.0, 2, False),  # Deltagartillfällen i idrottsföreningar, antal/inv
}
MISSING_KPI = "N00002"  # no value for anyone
# Municipalities whose value ties with Norrtälje's: (KPI, year) -> how many
TIES = {("N03102", 2024): 3, ("U09800", 2024): 1}
GROUPS = [
    # id, title, members (made up: the real groups are Kolada's)
    ("G37288", "Liknande kommuner, övergripande, Norrtälje, 2023",
     ["0381", "0382", "0192", "0120", "0980", "2184", "1382"]),
    ("G37290", "Liknande kommuner, övergripande, Norrtälje, 2024",
     ["0381", "0382", "0192", "0120", "0980", "2184", "0484"]),
    ("G35830", "Liknande kommuner grundskola, Norrtälje, 2024",
     ["0381", "0382", "0136", "0139", "0331", "1961", "2180"]),
    ("G37300", "Liknande kommuner, övergripande, Enköping, 2024",
     ["0188", "0382", "0192", "0484", "1382", "1961", "2184"]),
]


def rounded(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_EVEN)


def reading(gender: str, value: Decimal | None, status: str = "", count: int = 1,
            deleted: bool = False) -> dict[str, object]:
    return {"gender": gender, "value": None if value is None else float(value),
            "status": status, "count": count, "isdeleted": deleted}


def main() -> None:
    rng = random.Random(SEED)
    places = json.loads((DATA / "municipalities.json").read_text(encoding="utf-8"))["values"]
    own = json.loads((DATA / f"{NORRTALJE}.json").read_text(encoding="utf-8"))["values"]
    norrtalje = {(e["kpi"], int(e["period"])): e for e in own}
    entries = []
    totals: dict[tuple[str, str, int], tuple[Decimal | None, Decimal | None,
                                             Decimal | None]] = {}
    for kpi, (mean, spread, decimals, split) in KPIS.items():
        for year in YEARS:
            ties = TIES.get((kpi, year), 0)
            own_total = next((Decimal(str(v["value"])) for v in
                              norrtalje.get((kpi, year), {}).get("values", [])
                              if v["gender"] == "T" and v["value"] is not None), None)
            for place in places:
                code = place["id"]
                if code == NORRTALJE:
                    continue
                total = rounded(rng.gauss(mean, spread), decimals)
                if ties and place["type"] == "K" and own_total is not None:
                    total, ties = own_total, ties - 1
                women = rounded(float(total) + rng.uniform(0, 6), decimals) if split else None
                men = rounded(float(total) - rng.uniform(0, 6), decimals) if split else None
                chance = rng.random()
                values = [reading("T", total)]
                if chance < 0.01:  # missing
                    values = [reading("T", None, "Missing", 0)]
                    total = women = men = None
                elif chance < 0.015:  # a value withdrawn
                    values = [reading("T", total, deleted=True)]
                    total = women = men = None
                if split and total is not None:
                    values += [reading("K", women), reading("M", men)]
                totals[(kpi, code, year)] = (total, women, men)
                entries.append({"kpi": kpi, "municipality": code, "period": year,
                                "values": values})
            entries.append({"kpi": MISSING_KPI, "municipality": "0000", "period": year,
                            "values": [reading("T", None, "Missing", 0)]})
    for group_id, _title, members in GROUPS:
        for kpi, (_mean, _spread, decimals, split) in KPIS.items():
            for year in YEARS:
                found = [totals.get((kpi, m, year), (None, None, None)) for m in members]
                values = []
                for gender, position in (("T", 0), ("K", 1), ("M", 2)):
                    if position and not split:
                        continue
                    numbers = [f[position] for f in found if f[position] is not None]
                    if numbers:  # Kolada's group value: the unweighted mean of its members'
                        mean_value = sum(numbers, Decimal(0)) / len(numbers)
                        values.append(reading(gender, mean_value.quantize(
                            Decimal(1).scaleb(-decimals - 1), ROUND_HALF_EVEN), count=len(numbers)))
                entries.append({"kpi": kpi, "municipality": group_id, "period": year,
                                "values": values})
    write(DATA / "everyone.json", entries)
    titles = {p["id"]: p["title"] for p in places}
    write(DATA / "municipality_groups.json", [
        {"id": group_id, "title": title,
         "members": [{"member_id": m, "member_title": titles[m]} for m in members]}
        for group_id, title, members in GROUPS])


def write(path: Path, values: list[dict[str, object]]) -> None:
    lines = ",\n".join(json.dumps(v, ensure_ascii=False, separators=(",", ":"))
                       for v in values)
    path.write_text(f'{{"values":[\n{lines}\n],"next_url":null,"previous_url":null}}\n',
                    encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(values)} entries")


if __name__ == "__main__":
    main()
