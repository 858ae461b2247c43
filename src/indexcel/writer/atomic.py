"""Writing files so that a failure never leaves a half-written or damaged target.

Each file is written to a hidden temporary beside its target and moved into place once it is
complete (the rename within one folder is atomic). `Staging` holds several such temporaries
(the report and its board workbooks) and moves them all only when every one is complete.

A run killed outright (SIGKILL, a power cut) cannot remove its temporaries. Their names say
whose they are: `.<name>.indexcel-<host>-<pid>-<random>.tmp`. A later run removes those of a
process of this machine that no longer runs, and any older than a day; never another file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from indexcel.errors import OutputError
from indexcel.process import HOST, abandoned

T = TypeVar("T")
OPEN_IN_EXCEL_HINT = "Close the file in Excel and try again."
MAX_NAME_BYTES = 255  # a file name, on every common file system
_TEMPORARY = re.compile(r"^\..*\.indexcel-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[a-z0-9_]{8}\.tmp$",
                        re.DOTALL)
_cleared: set[str] = set()  # folders this process has cleared of leftovers


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_target(target: Path, protected: list[Path]) -> None:
    for path in protected:
        if path is not None and (same_file(target, path) or target.resolve() == path.resolve()):
            raise OutputError(
                f"{target}: this is the input file; indexcel never writes over its input.",
                "Choose another output file with -o.",
            )
    if target.exists() and target.is_dir():
        raise OutputError(f"{target}: this is a folder.", "Give a file name ending in .xlsx.")


def write_error(target: Path, exc: OSError, option: str = "-o") -> OutputError:
    """A failed write of `target` (or of its temporary) in words: the disk is full, the
    folder may not be written, the name is too long; never the temporary's name."""
    reason = exc.strerror or str(exc)
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return OutputError(f"{target}: cannot be written: the disk is full ({reason}).",
                           f"Free some space, or choose another place with {option}. A file "
                           "already there was left as it was.")
    if code == errno.EROFS:
        return OutputError(f"{target}: cannot be written: the disk is read-only ({reason}).",
                           f"Choose another place with {option}.")
    if code == errno.ENAMETOOLONG:
        return OutputError(f"{target}: the name is longer than the file system allows "
                           f"({reason}).", f"Choose a shorter name or folder with {option}.")
    if isinstance(exc, PermissionError):
        return OutputError(f"{target}: cannot be written here ({reason}).",
                           f"Choose a folder you may write in with {option}.")
    return OutputError(f"{target}: cannot be written ({reason}).",
                       f"Check the folder's permissions and free space, or choose another "
                       f"place with {option}.")


def _short(stem: str, limit: int = 100) -> str:
    """The start of a name, at most `limit` bytes in UTF-8 (a temporary's name must fit)."""
    data = stem.encode("utf-8", "surrogatepass")[:limit]
    return data.decode("utf-8", "ignore")


class Staging:
    """Temporaries beside their targets, moved into place together by commit(); discard()
    (or leaving a `with` block by an exception) removes them, and the folders made for them
    if they are empty."""

    def __init__(self) -> None:
        self.files: list[tuple[Path, Path]] = []  # (temporary, target)
        self._made: list[Path] = []  # folders made for the targets, outermost first

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is not None:
            self.discard()

    def reserve(self, target: Path, option: str = "-o") -> Path:
        """A new, empty temporary file beside `target` (its folder made if need be)."""
        folder = target.parent
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{folder}: the folder cannot be created ({exc.strerror}).",
                              f"Choose another folder with {option}.") from exc
        self._made.extend(p for p in reversed(missing) if p not in self._made)
        clear_leftovers(folder)
        try:
            handle, name = tempfile.mkstemp(
                prefix=f".{_short(target.stem)}.indexcel-{HOST}-{os.getpid()}-",
                suffix=".tmp", dir=folder)
        except OSError as exc:
            raise write_error(target, exc, option) from exc
        os.close(handle)
        temporary = Path(name)
        self.files.append((temporary, target))
        return temporary

    def commit(self) -> None:
        """Move every temporary into place, in the order reserved."""
        for done, (temporary, target) in enumerate(self.files):
            try:
                # mkstemp makes the file private (0600); give the file the permissions of
                # the file it replaces, or those of any new file, so colleagues can open it.
                os.chmod(temporary, _mode_for(target))
                os.replace(temporary, target)
            except OSError as exc:
                placed = [t for _, t in self.files[:done]]
                rest = len(self.files) - done
                self.files = self.files[done:]
                self.discard(keep_folders=True)
                already = (f"; {len(placed)} file(s) of this run were already in place "
                           f"({', '.join(p.name for p in placed[:5])}"
                           f"{', …' if len(placed) > 5 else ''}) and the other {rest} were "
                           "not written" if placed else "")
                if isinstance(exc, PermissionError):
                    raise OutputError(f"{target}: the file is in use and cannot be replaced"
                                      f"{already}.", OPEN_IN_EXCEL_HINT) from exc
                error = write_error(target, exc)
                raise OutputError(error.message + already, error.hint) from exc
        self.files = []

    def discard(self, keep_folders: bool = False) -> None:
        for temporary, _ in self.files:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.files = []
        if not keep_folders:
            for folder in reversed(self._made):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if empty: never what someone else put there
        self._made = []


@contextlib.contextmanager
def atomic_target(target: Path, option: str = "-o") -> Iterator[Path]:
    """Yield a temporary path beside `target`; move it into place only if the block succeeds.
    An OSError in the block (a full disk) becomes an OutputError naming `target`."""
    with Staging() as staging:
        temporary = staging.reserve(target, option)
        try:
            yield temporary
        except OSError as exc:
            raise write_error(target, exc, option) from exc
        staging.commit()


class FailSafeFile:
    """The file a workbook is saved into (XlsxWriter takes a file object as well as a name).
    A write that fails (a full disk) raises OSError, once: from then on the file takes every
    write without writing. XlsxWriter leaves its zip file open when a write fails, and the
    zip file's own clean-up would fail again, as an "Exception ignored" traceback."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "wb")  # noqa: SIM115 (closed by close() or abort())
        self.failed: OSError | None = None
        self._position = 0

    def _fail(self, exc: OSError) -> None:
        if self.failed is None:
            self.failed = exc
            with contextlib.suppress(OSError, ValueError):
                self._position = self._file.tell()

    def write(self, data: bytes) -> int:
        if self.failed is None:
            return self._guarded(self._file.write, data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        if self.failed is None:
            return self._guarded(self._file.tell)
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if self.failed is None:
            return self._guarded(self._file.seek, offset, whence)
        self._position = offset if whence == os.SEEK_SET else self._position + offset
        return self._position

    def seekable(self) -> bool:
        return True

    def flush(self) -> None:
        if self.failed is None:
            self._guarded(self._file.flush)

    def _guarded(self, operation: Callable[..., T], *args: Any) -> T:
        """Any operation on the file may be the one that finds the disk full (a seek
        writes out what is buffered)."""
        try:
            return operation(*args)
        except OSError as exc:
            self._fail(exc)
            raise

    def close(self) -> None:
        """Close; an error of the last writes is raised, unless one was raised before."""
        if self.failed is None:
            try:
                self._file.close()
            except OSError as exc:
                self._fail(exc)
                raise
        else:
            self.abort()

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()


def written_error(exc: Exception) -> OSError:
    """The OSError within XlsxWriter's FileCreateError (which wraps any failed write)."""
    inner = exc.args[0] if exc.args else None
    return inner if isinstance(inner, OSError) else OSError(str(exc))


@contextlib.contextmanager
def workbook_file(path: Path) -> Iterator[FailSafeFile]:
    """A FailSafeFile for `path`, closed at the end of the block (an error there raised)."""
    handle = FailSafeFile(path)
    try:
        yield handle
    except BaseException:
        handle.abort()
        raise
    handle.close()


def clear_leftovers(folder: Path) -> list[Path]:
    """Remove the temporaries that killed runs left in `folder` (once per process and
    folder): those of a process of this machine that no longer runs, and any older than a
    day. Returns what was removed."""
    key = os.path.abspath(folder)
    if key in _cleared:
        return []
    _cleared.add(key)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        found = _TEMPORARY.match(entry.name)
        if found is None:
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and abandoned(
                    found["host"], int(found["pid"]), entry.stat(follow_symlinks=False).st_mtime):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
