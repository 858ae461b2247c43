"""The command's process: termination signals, its temporary files, its console.

- SIGTERM and SIGHUP (where the platform has them) raise `Terminated` while a command runs,
  so that the cleanup Ctrl-C gets (every `finally`, writer/atomic.py's removal of the
  temporary file beside the target) runs for them too.
- Every temporary file of the command (XlsxWriter's row files and parts) is made in a folder
  of its own that is removed when the command ends, however it ends. A command killed
  outright (SIGKILL) cannot remove it: its name says whose it is
  (`indexcel-<host>-<pid>-<random>`), and the next command removes those of processes of this
  machine that no longer run, and any older than a day.
- Output to a console that cannot show a character (cp850, cp1252 on Windows) gets a
  replacement instead of a UnicodeEncodeError.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, TypeAlias

# What signal.signal returns and takes: a handler, SIG_DFL or SIG_IGN, or None (not set from
# Python).
Handler: TypeAlias = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

HOST = hashlib.blake2b(socket.gethostname().encode("utf-8", "replace"),
                       digest_size=4).hexdigest()  # in temporary names, to tell whose they are
LEFTOVER_AGE = 24 * 3600  # seconds; no command takes a day
_FOLDER = re.compile(r"^indexcel-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[a-z0-9_]{8}$")

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


def abandoned(host: str, pid: int, modified: float) -> bool:
    """Whether a temporary named for `host` and `pid` belongs to no running process: one of
    this machine whose process is gone, or any older than LEFTOVER_AGE."""
    if time.time() - modified > LEFTOVER_AGE:
        return True
    return host == HOST and pid != os.getpid() and not process_runs(pid)


def process_runs(pid: int) -> bool:
    """Whether a process `pid` runs on this machine; True where it cannot be told (Windows,
    where os.kill would end the process rather than probe it)."""
    if os.name != "posix" or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


def clear_leftover_folders(parent: str) -> list[str]:
    """Remove the temporary folders that killed commands of this user left in `parent`."""
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return []
    for entry in entries:
        found = _FOLDER.match(entry.name)
        if found is None:
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if entry.is_dir(follow_symlinks=False) and mine and abandoned(
                    found["host"], int(found["pid"]), info.st_mtime):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(entry.path)
    return removed


@contextlib.contextmanager
def private_temporary_folder() -> Iterator[str]:
    """Temporary files of this process (and of the processes it starts) in a folder of their
    own, removed at the end; those a killed command left are removed first."""
    parent = tempfile.gettempdir()
    clear_leftover_folders(parent)
    folder = tempfile.mkdtemp(prefix=f"indexcel-{HOST}-{os.getpid()}-", dir=parent)
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
