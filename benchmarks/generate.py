"""Synthetic indicator input for the benchmark: a CSV as Swedish Excel saves it.

    python benchmarks/generate.py --rows 50000 --boards 300 --goals 60 -o benchmarks/data/x.csv

A tenth of the values are missing, both directions occur, some rows have comments. The same
seed gives the same file. --outcome-years and --target-years give more years of outcomes
(up to 2024) and of targets (the latest years):

    python benchmarks/generate.py --outcome-years 5 --target-years 2 -o x.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

YEAR = 2024


def headers(outcome_years: int = 3, target_years: int = 1) -> list[str]:
    return ["Inriktningsmål", "Nyckeltal", "Organisation",
            *(f"Utfall {YEAR - k}" for k in reversed(range(outcome_years))),
            *(f"Mål {YEAR - k}" for k in reversed(range(target_years))),
            "Riktning", "Enhet", "Kommentar"]


HEADERS = headers()
WORDS = ("andel elever", "antal besök", "kostnad per invånare", "väntetid dagar", "nöjdhet",
         "utsläpp ton", "energi kWh/kvm", "handläggningstid", "matsvinn kg", "sjukfrånvaro")


def _value(rng: random.Random, percent: bool) -> str:
    if rng.random() < 0.1:
        return ""
    if percent:
        return f"{rng.uniform(0, 100):.1f}".replace(".", ",") + " %"
    return f"{rng.randint(0, 500_000):,}".replace(",", "\u00a0")


def generate(path: Path, rows: int, boards: int, goals: int, seed: int = 2024,
             outcome_years: int = 3, target_years: int = 1) -> None:
    rng = random.Random(seed)
    board_names = [f"Nämnd {i:03d} för verksamhet" for i in range(1, boards + 1)]
    goal_names = [f"{g // 10 + 1}.{g % 10 + 1}. Inriktningsmål nummer {g + 1} om kvalitet"
                  for g in range(goals)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers(outcome_years, target_years))
        for index in range(rows):
            percent = rng.random() < 0.5
            lower = rng.random() < 0.3
            writer.writerow([
                goal_names[index % goals],
                f"Indikator {index}: {rng.choice(WORDS)}",
                board_names[rng.randrange(boards)],
                *(_value(rng, percent) for _ in range(outcome_years + target_years)),
                "Lägre är bättre" if lower else "Högre är bättre",
                "%" if percent else "antal",
                "Analys: utvecklingen följer planen." if rng.random() < 0.2 else "",
            ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--boards", type=int, default=300)
    parser.add_argument("--goals", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--outcome-years", type=int, default=3)
    parser.add_argument("--target-years", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, default=Path("benchmarks/data/input.csv"))
    args = parser.parse_args()
    generate(args.output, args.rows, args.boards, args.goals, args.seed, args.outcome_years,
             args.target_years)
    print(args.output)


if __name__ == "__main__":
    main()
