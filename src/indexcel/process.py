"""The command's process: termination signals, its temporary files, its console.

- SIGTERM and SIGHUP (where the platform has them) raise `Terminated` while a command runs,
  so that the cleanup Ctrl-C gets (every `finally`, writer/atomic.py's removal of the
  temporary file beside the target) runs for them too.
- Every temporary file of the command (XlsxWriter's row files and parts) is made in a folder
  of its own that is removed when the command ends, however it ends.
- Output to a console that cannot show a character (cp850, cp1252 on Windows) gets a
  replacement instead of a UnicodeEncodeError.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, TypeAlias

# What signal.signal returns and takes: a handler, SIG_DFL or SIG_IGN, or None (not set from
# Python).
Handler: TypeAlias = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

TERMINATING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                            if hasattr(signal, name))


class Terminated(BaseException):
    """The process was asked to stop by a signal. A BaseException, like KeyboardInterrupt,
    so that no `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        with contextlib.suppress(ValueError):
            return signal.Signals(self.signum).name
        return f"signal {self.signum}"


def _raise_once() -> Callable[[int, FrameType | None], None]:
    fired = False

    def handler(signum: int, _frame: FrameType | None) -> None:
        nonlocal fired
        if not fired:  # a second signal must not cut short the cleanup of the first
            fired = True
            raise Terminated(signum)

    return handler


def install_signal_handlers() -> dict[int, Handler]:
    """Make SIGTERM and SIGHUP raise Terminated; returns the handlers they had. A signal the
    process ignores (SIGHUP under nohup) stays ignored."""
    previous: dict[int, Handler] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    handler = _raise_once()
    for signum in TERMINATING_SIGNALS:
        try:
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue
            previous[signum] = signal.signal(signum, handler)
        except (OSError, ValueError):
            continue
    return previous


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    previous = install_signal_handlers()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def private_temporary_folder() -> Iterator[str]:
    """Temporary files of this process (and of the processes it starts) in a folder of their
    own, removed at the end."""
    folder = tempfile.mkdtemp(prefix="indexcel-")
    saved_tempdir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = folder
    os.environ["TMPDIR"] = folder  # worker processes started with 'spawn' read it
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(folder, ignore_errors=True)


def tolerant_console() -> None:
    """Let stdout and stderr replace what their encoding cannot show (→ on a cp850 console)
    instead of raising UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="replace")
