"""The command line: parses options and turns the library's errors into click's.

Every command is a thin layer over the library (indexcel.reader, indexcel.rules,
indexcel.writer, indexcel.kolada); nothing here decides anything about indicators. The
commands live in report.py (validate, build), sheets.py (template, rollover, kolada) and
fill.py (fill).
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback

import click

from indexcel import __version__
from indexcel.cli.fill import fill
from indexcel.cli.report import build, validate
from indexcel.cli.sheets import kolada, rollover, template


@click.group()
@click.version_option(__version__, prog_name="indexcel")
def cli() -> None:
    """Build the indicator follow-up workbook (status balls, trend arrows) from an input
    sheet (.xlsx) or a CSV export."""


for command in (validate, build, template, rollover, kolada, fill):
    cli.add_command(command)


def main() -> None:
    """Entry point: click's own handling, plus a last guard so that a bug shows a short
    message (the traceback with INDEXCEL_DEBUG=1) rather than a wall of Python. SIGTERM and
    SIGHUP stop a command as Ctrl-C does, leaving no temporary file (see process.py)."""
    # openpyxl imports numpy whenever it is installed (as pandas, the extra, installs it),
    # only to know numpy's number types, which no command has: a tenth of a second of every
    # start. The command line is its own process, so nothing else here misses numpy.
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]
    from indexcel.process import (
        Terminated,
        private_temporary_folder,
        signals_as_exceptions,
        tolerant_console,
    )

    tolerant_console()
    try:
        with signals_as_exceptions(), private_temporary_folder():
            cli(standalone_mode=True)
    except SystemExit:
        raise
    except Terminated as exc:
        with contextlib.suppress(Exception):  # the console may be gone (SIGHUP)
            click.echo(f"Stopped by {exc.name}; no partly written file was left.", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so, and how to report it
        if os.environ.get("INDEXCEL_DEBUG"):
            traceback.print_exc()
        click.echo(f"Error: internal error ({type(exc).__name__}: {exc}). This is a bug in "
                   "indexcel; run again with INDEXCEL_DEBUG=1 and report the output.", err=True)
        sys.exit(1)
