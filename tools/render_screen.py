"""Render a tab of a built workbook as LibreOffice draws it on screen, to PNG.

    python tools/render_screen.py output/rapport.xlsx "Socialnämnd" docs/sparklines.png \
        [--width-cm 27] [--height-cm 9] [--gray]

LibreOffice prints (and exports to PDF) a line sparkline without its line: it records the
line in its print metafile without the cell's offset (OutputDevice::DrawPolyLineDirect keeps
the polygon untransformed), so the line falls outside the cell and is clipped; only the
marker points remain, a fraction of a point wide. On screen it draws them right. This tool
asks LibreOffice itself for the screen rendering, through LibreOfficeKit (the C API of
LibreOffice's own library, as Collabora Online uses it), so that the picture is what a
LibreOffice user sees. --gray turns it into shades of grey, as a black-and-white printer
would.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
import tempfile
import zlib
from pathlib import Path

PROGRAM = Path("/usr/lib/libreoffice/program")
TWIPS_PER_CM = 1440 / 2.54
PIXELS_PER_CM = 150 / 2.54

_F = ctypes.CFUNCTYPE
_P = ctypes.c_void_p


class _Document(ctypes.Structure):
    _fields_ = [("klass", _P)]


def _method(klass: int, index: int, restype, *argtypes):
    """The function at `index` of a LibreOfficeKit class (a struct of its size, then
    function pointers; the first ones have kept their places since LibreOffice 5)."""
    pointer = ctypes.cast(klass, ctypes.POINTER(_P))[index]
    return _F(restype, *argtypes)(pointer)


def render(workbook: Path, sheet: str, target: Path, width_cm: float, height_cm: float,
           gray: bool) -> None:
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    library = ctypes.CDLL(str(PROGRAM / "libmergedlo.so"))
    hook = library.libreofficekit_hook_2
    hook.restype, hook.argtypes = _P, [ctypes.c_char_p, ctypes.c_char_p]
    profile = Path(tempfile.mkdtemp(prefix="lo-render-"))
    office = hook(str(PROGRAM).encode(), profile.as_uri().encode())
    if not office:
        raise SystemExit("LibreOfficeKit did not start")
    office_class = ctypes.cast(office, ctypes.POINTER(_P))[0]
    load = _method(office_class, 2, _P, _P, ctypes.c_char_p)
    document = load(office, workbook.resolve().as_uri().encode())
    if not document:
        error = _method(office_class, 3, ctypes.c_char_p, _P)(office)
        raise SystemExit(f"LibreOffice could not open {workbook}: {error!r}")
    klass = ctypes.cast(document, ctypes.POINTER(_P))[0]
    parts = _method(klass, 4, ctypes.c_int, _P)(document)
    name_of = _method(klass, 8, ctypes.c_char_p, _P, ctypes.c_int)
    names = [name_of(document, n).decode() for n in range(parts)]
    if sheet not in names:
        raise SystemExit(f"no sheet {sheet!r}; the sheets are {names}")
    _method(klass, 13, None, _P, ctypes.c_char_p)(document, b"{}")  # initializeForRendering
    _method(klass, 7, None, _P, ctypes.c_int)(document, names.index(sheet))  # setPart
    width, height = int(width_cm * PIXELS_PER_CM), int(height_cm * PIXELS_PER_CM)
    buffer = (ctypes.c_ubyte * (width * height * 4))()
    paint = _method(klass, 10, None, _P, ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                    ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int)
    paint(document, ctypes.addressof(buffer), width, height, 0, 0,
          int(width_cm * TWIPS_PER_CM), int(height_cm * TWIPS_PER_CM))
    _write_png(target, bytes(buffer), width, height, gray)
    _method(klass, 1, None, _P)(document)  # destroy


def _write_png(path: Path, bgra: bytes, width: int, height: int, gray: bool) -> None:
    """The buffer (premultiplied BGRA) as an RGB PNG on white, or grey."""
    rows = []
    for y in range(height):
        line = bytearray([0])
        for x in range(width):
            b, g, r, a = bgra[(y * width + x) * 4:(y * width + x) * 4 + 4]
            r, g, b = (min(255, c + 255 - a) for c in (r, g, b))  # onto white
            if gray:
                r = g = b = round(0.299 * r + 0.587 * g + 0.114 * b)
            line += bytes((r, g, b))
        rows.append(bytes(line))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def main() -> None:
    arguments = sys.argv[1:]
    gray = "--gray" in arguments
    arguments = [a for a in arguments if a != "--gray"]
    sizes = {"--width-cm": 27.0, "--height-cm": 9.0}
    for option in list(sizes):
        if option in arguments:
            at = arguments.index(option)
            sizes[option] = float(arguments[at + 1])
            del arguments[at:at + 2]
    workbook, sheet, target = arguments
    render(Path(workbook), sheet, Path(target), sizes["--width-cm"], sizes["--height-cm"],
           gray)
    print(target)
    os._exit(0)  # LibreOfficeKit has no clean shutdown from ctypes; the process ends here


if __name__ == "__main__":
    main()
