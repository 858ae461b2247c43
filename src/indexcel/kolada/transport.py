"""One HTTP GET to the configured server and to no other, within a wall-clock deadline.

- **Same origin.** Every URL fetched, and every redirect, must have the scheme, host and port
  of the configured server. Anything else (another host or port, `//host/...`, `ftp:`,
  `file:`) raises OffOrigin before any connection is made. The opener has handlers for http
  and https only, so no other scheme can be opened even by mistake.
- **Deadline.** The request (name lookup, connection, TLS, headers, body, redirects) runs in a
  worker thread, and the caller waits for it until the deadline, however slowly the bytes
  arrive; then DeadlinePassed. The sockets of an abandoned request are shut down, so that its
  thread ends too.
- **Statuses as replies.** Any HTTP status comes back as a Reply (with the start of its body);
  only a failure to talk HTTP at all raises (urllib's URLError, OSError, HTTPException).

Standard library only. Proxies from the environment (HTTPS_PROXY, NO_PROXY) are honoured:
the origin is that of the server asked, not of a proxy in between.
"""

from __future__ import annotations

import contextlib
import email.message
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import IO, Any, NoReturn

DEFAULT_PORTS = {"http": 80, "https": 443}
ERROR_BODY = 4096  # how much of a 4xx or 5xx body is read, to quote it


@dataclass(frozen=True)
class Origin:
    """Scheme, host and port: what two URLs must share to be the same server."""

    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin | None:
        """The origin of an http(s) URL with a host; None for anything else (another scheme,
        no host, a port that is not a number, brackets that do not close)."""
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        return cls(scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme])

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


class OffOrigin(Exception):
    """A URL that is not on the configured server; nothing was sent to it."""

    def __init__(self, url: str, via: str) -> None:
        super().__init__(url)
        self.url = url
        self.via = via  # "redirect" or "link"


class DeadlinePassed(Exception):
    """The request had not ended by its deadline."""


@dataclass
class Reply:
    status: int
    reason: str
    headers: email.message.Message
    body: bytes  # the whole body of a 2xx (up to the limit asked + 1), else its start


@dataclass
class _Attempt:
    """One request in its worker thread: its sockets, and whether the caller gave up."""

    connect_timeout: float
    read_timeout: float
    sockets: list[socket.socket] = field(default_factory=list)
    abandoned: bool = False
    reply: Reply | None = None
    error: BaseException | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            abandoned = self.abandoned
        if abandoned:
            _shut(sock)
            raise DeadlinePassed

    def abandon(self) -> None:
        with self.lock:
            self.abandoned = True
            sockets = list(self.sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


_current = threading.local()  # the _Attempt of the worker thread it runs in


def _attempt() -> _Attempt:
    attempt: _Attempt | None = getattr(_current, "attempt", None)
    if attempt is None:  # a connection made outside Transport.get: no deadline to keep
        attempt = _Attempt(connect_timeout=10.0, read_timeout=30.0)
    return attempt


class Transport:
    """GET requests to one origin, each within a deadline."""

    def __init__(self, origin: Origin, headers: dict[str, str]) -> None:
        self.origin = origin
        self.headers = headers
        opener = urllib.request.OpenerDirector()
        for handler in (urllib.request.ProxyHandler(), _HTTPHandler(), _HTTPSHandler(),
                        _SameOriginRedirects(origin), urllib.request.HTTPDefaultErrorHandler(),
                        urllib.request.HTTPErrorProcessor()):
            opener.add_handler(handler)
        self._opener = opener

    def check(self, url: str, via: str) -> None:
        if Origin.of(url) != self.origin:
            raise OffOrigin(url, via)

    def get(self, url: str, deadline: float, connect_timeout: float, max_body: int) -> Reply:
        """GET `url` (checked to be on the origin); `deadline` is a time.monotonic() value.
        The body of a 2xx is read up to max_body + 1 bytes, so that a caller can tell a body
        that is too large."""
        self.check(url, "link")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DeadlinePassed
        attempt = _Attempt(connect_timeout=min(connect_timeout, remaining),
                           read_timeout=remaining)
        request = urllib.request.Request(url, headers=self.headers)
        worker = threading.Thread(target=self._work, args=(attempt, request, max_body),
                                  name="indexcel-kolada", daemon=True)
        worker.start()
        worker.join(max(deadline - time.monotonic(), 0))
        if worker.is_alive():
            attempt.abandon()
            worker.join(0.2)  # usually ends at once: its socket was shut down
            raise DeadlinePassed
        if attempt.error is not None:
            _reraise(attempt.error)
        assert attempt.reply is not None
        return attempt.reply

    def _work(self, attempt: _Attempt, request: urllib.request.Request, max_body: int) -> None:
        _current.attempt = attempt
        try:
            try:
                with self._opener.open(request, timeout=attempt.connect_timeout) as response:
                    body = response.read(max_body + 1)
                    attempt.reply = Reply(response.status, response.reason, response.headers,
                                          body)
            except urllib.error.HTTPError as exc:
                try:
                    attempt.reply = Reply(exc.code, str(exc.reason or ""), exc.headers,
                                          exc.read(ERROR_BODY))
                finally:
                    exc.close()
        except BaseException as exc:  # handed to the caller's thread
            attempt.error = exc
        finally:
            _current.attempt = None


def _reraise(error: BaseException) -> NoReturn:
    raise error


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the origin asked; checked before urllib looks at the new
    address at all (it would follow ftp: and any host)."""

    def __init__(self, origin: Origin) -> None:
        super().__init__()
        self.origin = origin

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: http.client.HTTPMessage) -> Any:
        location = headers.get("location") or headers.get("uri")
        if location is not None:
            try:
                target = urllib.parse.urljoin(req.full_url, location.strip())
            except ValueError:
                target = location
            if Origin.of(target) != self.origin:
                fp.close()
                raise OffOrigin(target, "redirect")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


# -- connections that keep to the attempt's timeouts and let the caller shut them down ------

class _Connection(http.client.HTTPConnection):
    """Connects within the attempt's connect timeout, then reads with its read timeout; the
    socket is handed to the attempt, which shuts it down if the caller stops waiting. (The
    TLS connection below puts HTTPSConnection between this and HTTPConnection, so that
    `super().connect()` there makes the TLS handshake too.)"""

    def connect(self) -> None:
        attempt = _attempt()
        if attempt.abandoned:
            raise DeadlinePassed
        self.timeout = attempt.connect_timeout
        super().connect()
        sock: socket.socket = self.sock
        sock.settimeout(attempt.read_timeout)
        attempt.watch(sock)


class _TLSConnection(_Connection, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_Connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self) -> None:
        self.ssl_context = ssl.create_default_context()  # kept here: urllib keeps it private
        super().__init__(context=self.ssl_context)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_TLSConnection, req, context=self.ssl_context)
