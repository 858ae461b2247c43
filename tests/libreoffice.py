"""LibreOffice headless as the tests' spreadsheet application: open, recalculate, convert."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# LibreOffice shows the cached values of an xlsx unless its profile says to recalculate on
# load (0 = always). ../shared/notes/excel-rendering.md
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """The soffice binary; skip without it, except in CI, where its absence is a failure."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is not installed; .ci/run should install it")
    pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")


def convert(source: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Open `source` in LibreOffice, recalculating every formula, and save it as `fmt`."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    target = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    # LibreOffice exits 0 even when it could not load the file: the output must exist.
    assert target.exists(), f"LibreOffice did not convert {source}:\n{completed.stderr}"
    return target
