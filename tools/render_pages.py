"""Render pages of a built workbook to PNG through LibreOffice, for README and for review.

    python tools/render_pages.py output/indikatorer-2024-uppfoljning.xlsx docs/ \
        "Socialnämnd" "3.1. Stärka tryggheten"

Each further argument picks the first PDF page whose text starts with it. --gray renders the
pages in shades of grey, as a black-and-white printer would.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    arguments = sys.argv[1:]
    gray = "--gray" in arguments
    workbook, outdir, *wanted = [a for a in arguments if a != "--gray"]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(tmp), workbook],
                       check=True, capture_output=True)
        pdf = tmp / (Path(workbook).stem + ".pdf")
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
        for prefix in wanted:
            for page in range(1, pages + 1):
                text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf),
                                       "-"], capture_output=True, text=True, check=True).stdout
                if text.lstrip().startswith(prefix):
                    slug = re.sub(r"[^a-z0-9]+", "-", prefix.lower().replace("ä", "a")
                                  .replace("å", "a").replace("ö", "o")).strip("-")
                    target = outdir / f"page-{slug}{'-gray' if gray else ''}"
                    subprocess.run(["pdftoppm", "-png", *(["-gray"] if gray else []), "-r",
                                    "110", "-f", str(page), "-l", str(page), "-singlefile",
                                    str(pdf), str(target)], check=True)
                    print(f"{target}.png (page {page})")
                    break
            else:
                print(f"no page starts with {prefix!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
