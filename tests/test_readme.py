"""README's "Using it" works as written: every command of its shell blocks, in order, in a
copy of the folder with the environment activated as README says, Kolada's API stood in for
by the local server (tests/kolada_server.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kolada_server import FakeKolada

ROOT = Path(__file__).resolve().parent.parent
NEEDED = ["input", "tests/data/valid/indikatorer-2024-excel-sv.csv",
          "tests/data/fill/seed-export-2024.xlsx", "tests/data/goals/sample-goals.csv"]


def using_it_commands() -> list[str]:
    """The shell blocks of README's section "Using it" (its subsections too), as commands:
    continued lines joined, comments and blank lines left out."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Using it\n", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def test_readme_names_the_activation_before_the_commands() -> None:
    commands = using_it_commands()
    assert commands[0].startswith("source .venv/bin/activate")
    assert sum(c.startswith("indexcel ") for c in commands) >= 10


@pytest.mark.skipif(sys.platform == "win32", reason="README's commands are for a POSIX shell")
def test_every_command_under_using_it_works_as_written(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    folder = tmp_path / "indexcel"
    for part in NEEDED:
        source, target = ROOT / part, folder / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    (folder / "output").mkdir()
    # The environment README's activation line names: this one's.
    (folder / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("INDEXCEL_")}
    with FakeKolada() as kolada:
        env["INDEXCEL_KOLADA_URL"] = kolada.base_url
        for command in using_it_commands():
            script = f"source .venv/bin/activate\n{command}\n"
            done = subprocess.run(["bash", "-c", script], cwd=folder, env=env,
                                  capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        assert kolada.requests, "the kolada commands should have asked the stand-in"
    made = {p.relative_to(folder).as_posix() for p in folder.rglob("*.xlsx")}
    for expected in ("output/rapport.xlsx", "output/fran-csv.xlsx", "output/fran-export.xlsx",
                     "input/indikatorer-2025.xlsx", "input/indikatorer-2025-kolada.xlsx",
                     "input/indikatorer-2025-kolada-ifylld.xlsx",
                     "output/namnder/Socialnämnd.xlsx"):
        assert expected in made, sorted(made)
