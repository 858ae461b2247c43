"""A local stand-in for Kolada's API v3, for tests that must never touch the network.

A ThreadingHTTPServer on 127.0.0.1 with a port of the system's choosing, in a thread. It
answers from answers recorded in Kolada's shape (tests/data/kolada/), filtered to what was
asked and split into pages of `page_size` with next_url (`count`: the items on the page), as
Kolada does:
- `GET /v3/data/kpi/{ids}/municipality/{ids}/year/{years}`: municipalities, regions, the
  whole country (0000) and groups (G...) alike;
- `GET /v3/data/kpi/{ids}/year/{years}`: every municipality, region, the country and group;
- `GET /v3/municipality/{ids}` and `/v3/municipality?title=`;
- `GET /v3/municipality_groups/{ids}` and `/v3/municipality_groups?title=` (any case, part of
  the title).
422 to more than 25 ids in any part of a path, and to a per_page over 5000, as Kolada does.
Tests queue trouble before the answers: an HTTP status, a dropped connection, a
stalled answer, a body that is not JSON, JSON without values; or replay recorded pages as
they are. Every request's path is kept in `requests`.

A hostile server's answers are queued as dicts (the scenarios of tests/data/hostile/kolada/):
`{"status": 302, "headers": {"Location": ...}}`, `{"body": "..."}` (status 200),
`{"body_file": NAME}`, `{"next_url": URL}` (the data asked for, linking on to URL), and
`{"drip": "headers" | "body", "every": SECONDS}` (one byte at a time). ConnectionCounter is a
second server that only counts the connections made to it.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).resolve().parent / "data" / "kolada"
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile" / "kolada"
STALL_SECONDS = 5.0  # longer than any test's read timeout; ended early on shutdown
DRIP_SECONDS = 60.0  # the longest a dripping answer goes on; ended early on shutdown


MAX_IDS = 25
MAX_PER_PAGE = 5000


def recorded(name: str) -> list[dict]:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))["values"]


class FakeKolada:
    def __init__(self, entries: list[dict] | None = None) -> None:
        if entries is None:
            entries = recorded("0188.json") + recorded("everyone.json")
        self.entries = entries
        self.municipalities = recorded("municipalities.json")
        self.groups = recorded("municipality_groups.json")
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
        if isinstance(kind, dict):
            self._hostile(handler, kind)
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

    def _hostile(self, handler: BaseHTTPRequestHandler, answer: dict) -> None:
        if "drip" in answer:
            self._drip(handler, answer["drip"], float(answer.get("every", 0.2)))
        elif "status" in answer:
            try:
                handler.send_response(answer["status"])
                for name, value in answer.get("headers", {}).items():
                    handler.send_header(name, value)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif "body" in answer:
            self._send(handler, 200, answer["body"].encode("utf-8"))
        elif "body_file" in answer:
            self._send(handler, 200, (HOSTILE / answer["body_file"]).read_bytes())
        elif "next_url" in answer:
            self._data(handler, next_url=answer["next_url"])

    def _drip(self, handler: BaseHTTPRequestHandler, where: str, every: float) -> None:
        """An answer one byte every `every` seconds: in the headers, or in a body announced
        as a megabyte long."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if where == "headers":
            trickle = b"X-Slow: " + b"a" * 100_000
        else:
            head += b"Content-Length: 1000000\r\n\r\n"
            trickle = b'{"values": [' + b" " * 1_000_000
        try:
            handler.wfile.write(head)
            handler.wfile.flush()
            started = time.monotonic()
            for byte in trickle:
                if self._stop.wait(every) or time.monotonic() - started > DRIP_SECONDS:
                    return
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
        except OSError:
            pass  # the client gave up, as it should
        handler.close_connection = True

    def _data(self, handler: BaseHTTPRequestHandler, next_url: str | None = None) -> None:
        url = urllib.parse.urlsplit(handler.path)
        parts = [urllib.parse.unquote(p) for p in url.path.strip("/").split("/")]
        query = urllib.parse.parse_qs(url.query)
        size = int(query.get("per_page", [str(MAX_PER_PAGE)])[0])
        segments = [p.split(",") for p in parts[3::2]] if parts[1:2] == ["data"] else \
            [parts[2].split(",")] if len(parts) == 3 else []
        if any(len(ids) > MAX_IDS for ids in segments) or not 1 <= size <= MAX_PER_PAGE:
            self._send(handler, 422, json.dumps({"detail": [{
                "msg": f"at most {MAX_IDS} ids in each part of the path, and per_page at "
                       f"most {MAX_PER_PAGE}"}]}).encode())
            return
        found = self._found(parts, query)
        if found is None:
            self._send(handler, 404, b'{"error": "Not found"}')
            return
        page = int(query.get("page", ["1"])[0])
        size = min(self.page_size, size)
        chunk = found[(page - 1) * size: page * size]
        following = None
        if page * size < len(found):
            rest = urllib.parse.urlencode({**{k: v[0] for k, v in query.items()},
                                           "page": page + 1, "per_page": size})
            following = f"{self.base_url}{url.path[3:]}?{rest}"
        body = {"values": chunk, "count": len(chunk), "next_url": next_url or following,
                "previous_url": None}
        self._send(handler, 200, json.dumps(body, ensure_ascii=False).encode())

    def _found(self, parts: list[str], query: dict[str, list[str]]) -> list[dict] | None:
        """What a path asks for, or None for a path Kolada does not have."""
        if parts[:1] != ["v3"]:
            return None
        if parts[1:3] == ["data", "kpi"] and len(parts) in (6, 8) and parts[-2] == "year" and \
                (len(parts) == 6 or parts[4] == "municipality"):
            kpis, years = parts[3].split(","), parts[-1].split(",")
            where = parts[5].split(",") if len(parts) == 8 else None
            return [e for e in self.entries if e["kpi"] in kpis and str(e["period"]) in years
                    and (where is None or e["municipality"] in where)]
        if parts[1:2] in (["municipality"], ["municipality_groups"]) and len(parts) <= 3:
            items = self.municipalities if parts[1] == "municipality" else self.groups
            if len(parts) == 3:
                return [i for i in items if i["id"] in parts[2].split(",")]
            title = query.get("title", [""])[0].casefold()
            return [i for i in items if title in i["title"].casefold()]
        return None

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


class ConnectionCounter:
    """A second server on 127.0.0.1 that accepts connections, counts them and closes them: a
    client that keeps to the server it was given never makes one."""

    def __init__(self) -> None:
        self.connections = 0
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.02)
        self.port: int = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ConnectionCounter:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._accept(drain=True)  # a connection made just before the end counts too
        self._listener.close()

    def _accept(self, drain: bool = False) -> None:
        while drain or not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                if drain:
                    return
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()
