"""Render pages of a built workbook to PNG through LibreOffice, for README and for review.

    python tools/render_pages.py output/indikatorer-2024-uppfoljning.xlsx docs/ \
        board-tab=Kommunstyrelsekontoret page-break=Kommunstyrelsekontoret#2 "3.1. Stärka"

Each further argument picks a page by the tab its page header names (the start of the
header's text): NAME=PREFIX writes docs/NAME.png, PREFIX alone page-<prefix>.png, and
PREFIX#N the tab's N-th page (the first without it). --gray renders the pages in shades of
grey, as a black-and-white printer would.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path


def _slug(text: str) -> str:
    text = text.lower().replace("ä", "a").replace("å", "a").replace("ö", "o")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def main() -> None:
    arguments = sys.argv[1:]
    gray = "--gray" in arguments
    workbook, outdir, *wanted = [a for a in arguments if a != "--gray"]
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                        workbook], check=True, capture_output=True)
        pdf = folder / (Path(workbook).stem + ".pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        headers = [page.strip().splitlines()[0].strip() if page.strip() else ""
                   for page in text.split("\f")]
        for spec in wanted:
            name, _, prefix = spec.rpartition("=") if "=" in spec else ("", "", spec)
            prefix, _, nth = prefix.partition("#")
            pages = [n for n, header in enumerate(headers, start=1) if header.startswith(prefix)]
            index = int(nth or 1) - 1
            if index >= len(pages):
                print(f"no page {index + 1} of a tab named {prefix!r}", file=sys.stderr)
                continue
            page = pages[index]
            target = out / f"{name or 'page-' + _slug(prefix)}{'-gray' if gray else ''}"
            subprocess.run(["pdftoppm", "-png", *(["-gray"] if gray else []), "-r", "110",
                            "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                            str(target)], check=True)
            print(f"{target}.png (page {page})")


if __name__ == "__main__":
    main()
