"""Writing a file so that a failure never leaves a half-written or damaged target."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from indexcel.errors import OutputError

OPEN_IN_EXCEL_HINT = "Close the file in Excel and try again."


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


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; move it into place only if the block succeeds.

    The temporary file is in the same folder so that the final rename is atomic.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{target.parent}: the folder cannot be created ({exc.strerror}).",
                          "Choose another output folder with -o.") from exc
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target.parent}: cannot write in this folder ({exc.strerror}).",
                          "Choose another output folder with -o.") from exc
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        try:
            # mkstemp makes the file private (0600); give the report the permissions of the
            # file it replaces, or those of any new file, so colleagues can still open it.
            os.chmod(temporary, _mode_for(target))
            os.replace(temporary, target)
        except PermissionError as exc:
            raise OutputError(f"{target}: the file is in use and cannot be replaced.",
                              OPEN_IN_EXCEL_HINT) from exc
        except OSError as exc:
            raise OutputError(f"{target}: cannot be written ({exc.strerror}).",
                              "Check the folder's permissions and free space.") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
