"""A local stand-in for Kolada's API v3, for tests that must never touch the network.

A ThreadingHTTPServer on 127.0.0.1 with a port of the system's choosing, in a thread. It
answers `GET /v3/data/kpi/{ids}/municipality/{id}/year/{years}` from answers recorded in
Kolada's shape (tests/data/kolada/), filtered to what was asked and split into pages of
`page_size` with next_url, as Kolada does; 400 to a request with more than 25 KPI ids, as
Kolada does. Tests queue trouble before the answers: an HTTP status, a dropped connection, a
stalled answer, a body that is not JSON, JSON without values; or replay recorded pages as
they are. Every request's path is kept in `requests`.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).resolve().parent / "data" / "kolada"
STALL_SECONDS = 5.0  # longer than any test's read timeout; ended early on shutdown


class FakeKolada:
    def __init__(self, entries: list[dict] | None = None) -> None:
        if entries is None:
            entries = json.loads((RECORDED / "0188.json").read_text(encoding="utf-8"))["values"]
        self.entries = entries
        self.page_size = 5000
        self.trouble: list[object] = []  # answered first, one a request, in order
        self.always: object | None = None  # answered to every request when set
        self.replay: list[Path] = []  # recorded pages, answered one a request, as they are
        self.requests: list[str] = []
        self._stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the name http.server calls
                fake.requests.append(self.path)
                fake._answer(self)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                                       daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v3"

    def __enter__(self) -> FakeKolada:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    # -- answers ------------------------------------------------------------------------------
    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        if self.trouble:
            kind = self.trouble.pop(0)
        elif self.always is not None:
            kind = self.always
        elif self.replay:
            page = self.replay.pop(0).read_text(encoding="utf-8")
            self._send(handler, 200, page.replace("{base}", self.base_url).encode())
            return
        else:
            kind = None
        if kind == "reset":  # close with a TCP reset, before any answer
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                          struct.pack("ii", 1, 0))
            handler.connection.close()
            handler.close_connection = True
            return
        if kind == "stall":
            if self._stop.wait(STALL_SECONDS):
                return  # the test is over; the client gave up long ago
            kind = None
        if kind == "not-json":
            self._send(handler, 200, (RECORDED / "not-json.html").read_bytes(), "text/html")
        elif kind == "no-values":
            self._send(handler, 200, (RECORDED / "no-values.json").read_bytes())
        elif isinstance(kind, int):
            body = json.dumps({"error": f"status {kind} from the test server"}).encode()
            self._send(handler, kind, body)
        else:
            self._data(handler)

    def _data(self, handler: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(handler.path)
        parts = url.path.strip("/").split("/")
        if len(parts) != 8 or parts[:3] != ["v3", "data", "kpi"] or parts[4] != "municipality" \
                or parts[6] != "year":
            self._send(handler, 404, b'{"error": "Not found"}')
            return
        kpis, municipality, years = parts[3].split(","), parts[5], parts[7].split(",")
        if len(kpis) > 25:
            self._send(handler, 400, b'{"error": "Too many ids; at most 25 are allowed"}')
            return
        found = [e for e in self.entries if e["kpi"] in kpis
                 and e["municipality"] == municipality and str(e["period"]) in years]
        query = urllib.parse.parse_qs(url.query)
        page = int(query.get("page", ["1"])[0])
        size = min(self.page_size, int(query.get("per_page", ["5000"])[0]))
        chunk = found[(page - 1) * size: page * size]
        following = None
        if page * size < len(found):
            following = f"{self.base_url}{url.path[3:]}?page={page + 1}&per_page={size}"
        body = {"values": chunk, "count": len(found), "next_url": following,
                "previous_url": None}
        self._send(handler, 200, json.dumps(body).encode())

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes,
              kind: str = "application/json") -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", kind)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)


def closed_port_url() -> str:
    """An address on this machine where nothing listens: 'no network', without a network."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v3"
