"""Asking Kolada's open API (v3) for the values of some KPIs, one municipality, some years.

    client = KoladaClient()                         # --api-url, $INDEXCEL_KOLADA_URL, or v3
    observations = client.fetch(["N00097"], "0188", [2023, 2024])

`GET {base}/data/kpi/{id,id,...}/municipality/{id}/year/{y,y,...}?per_page=5000`, at most 25
KPI ids a request, following `next_url` (v2: `next_page`) to the last page.

Every request goes through one path (`_get_json`), whatever it asks for:
- only to the configured server: a `next_url` or a redirect to another scheme, host or port is
  refused before any connection is made (transport.py);
- within a wall-clock deadline of `Settings.timeout` (30 s), however slowly the bytes come,
  and all requests of a client within `Settings.total_timeout` (ten times that), retries and
  waits included;
- its JSON nested no deeper than Kolada's shape, every number within what a cell holds
  (response.py).
Three tries, with backoff, on 429, 5xx and a dropped connection. Any other failure raises
KoladaError at once: the caller writes nothing unless every request succeeded.

Standard library only (urllib.request, json), and imported only by `indexcel kolada`.
"""

from __future__ import annotations

import dataclasses
import http.client
import os
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from indexcel import __version__
from indexcel.errors import KoladaError, OptionError
from indexcel.kolada.response import Observation, load_json, quote, read_page
from indexcel.kolada.transport import DeadlinePassed, OffOrigin, Origin, Reply, Transport

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
ENV_BASE_URL = "INDEXCEL_KOLADA_URL"
MAX_KPIS_PER_REQUEST = 25  # Kolada answers 400 to more
PER_PAGE = 5000
MAX_PAGES = 1000  # a next_url that never ends is Kolada's mistake, not a reason to loop
MAX_BODY = 64 * 1024 * 1024  # a page of 5,000 values is about 1.5 MB
TOTAL_TIMEOUT_FACTOR = 10
NOTHING_WRITTEN = "Nothing was written."


@dataclass(frozen=True)
class Settings:
    connect_timeout: float = 10.0  # seconds to connect (within `timeout`)
    timeout: float = 30.0  # seconds one request may take in all, however slowly bytes come
    tries: int = 3
    backoff: float = 1.0  # seconds before the second try, doubled before each next
    max_wait: float = 30.0  # the longest Retry-After honoured
    total_timeout: float | None = None  # all requests of a client; None: 10 x timeout

    @property
    def total(self) -> float:
        if self.total_timeout is not None:
            return self.total_timeout
        return self.timeout * TOTAL_TIMEOUT_FACTOR


DEFAULTS = Settings()


def resolve_base_url(option: str | None = None) -> str:
    """--api-url, else $INDEXCEL_KOLADA_URL, else Kolada's v3, without a trailing slash.
    Raises OptionError for anything but an http(s) address with a host."""
    url = (option or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).strip()
    given = f"'{url}'" if option or not os.environ.get(ENV_BASE_URL) else \
        f"${ENV_BASE_URL}, '{url}',"
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        parts = None
    problem = None
    if parts is None or Origin.of(url) is None:
        problem = (f"{given} is not a whole http(s) address: http:// or https://, a host, and "
                   "a port only if it is a number.")
    elif parts.query or parts.fragment or "@" in parts.netloc:
        problem = f"{given} has a query, a fragment or a user name; give the API's address only."
    if problem is not None:
        raise OptionError("--api-url", problem,
                          f"Leave it out for Kolada's own, {DEFAULT_BASE_URL}, or give an "
                          "address such as http://localhost:8080/v3.")
    return url.rstrip("/")


def chunked(kpis: Sequence[str]) -> list[list[str]]:
    """The KPI ids in groups of at most 25, one group a request."""
    kpis = list(kpis)
    return [kpis[i:i + MAX_KPIS_PER_REQUEST] for i in range(0, len(kpis), MAX_KPIS_PER_REQUEST)]


class KoladaClient:
    """One base URL and its timeouts. `sleep` is injectable so tests need not wait;
    `timeout` (seconds) replaces `settings.timeout` when given."""

    def __init__(self, base_url: str | None = None, settings: Settings | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 timeout: float | None = None) -> None:
        self.base_url = resolve_base_url(base_url)
        settings = settings or DEFAULTS
        if timeout is not None:
            settings = dataclasses.replace(settings, timeout=timeout)
        self.settings = settings
        self.sleep = sleep
        self.requests = 0  # HTTP requests made, retries included
        origin = Origin.of(self.base_url)
        assert origin is not None  # resolve_base_url checked it
        self.origin = origin
        self._transport = Transport(origin, {"Accept": "application/json",
                                             "User-Agent": f"indexcel/{__version__}"})
        self._all_by: float | None = None  # time.monotonic() by which every request must end

    def fetch(self, kpis: Sequence[str], municipality: str, years: Sequence[int],
              progress: Callable[[int], None] | None = None) -> list[Observation]:
        """Every observation Kolada has for these KPIs, the municipality and the years.
        `progress(1)` is called after each group of KPIs."""
        observations: list[Observation] = []
        for group in chunked(kpis):
            asked = (f"KPI {','.join(group)}, municipality {municipality}, "
                     f"year {','.join(map(str, years))}")
            url: str | None = self.data_url(group, municipality, years)
            seen: set[str] = set()
            while url is not None:
                if url in seen or len(seen) >= MAX_PAGES:
                    raise KoladaError(f"Kolada's pages for {asked} do not end (next_url "
                                      f"{url} again).", "Try again later.")
                seen.add(url)
                page = read_page(self._get_json(url, asked), url)
                observations.extend(page.observations)
                url = self._next(url, page.next_url, asked)
            if progress is not None:
                progress(1)
        return observations

    def data_url(self, kpis: Sequence[str], municipality: str, years: Sequence[int]) -> str:
        path = "/".join(("data", "kpi", ",".join(kpis), "municipality", municipality,
                         "year", ",".join(str(y) for y in years)))
        return f"{self.base_url}/{urllib.parse.quote(path, safe='/,')}?per_page={PER_PAGE}"

    @staticmethod
    def _next(url: str, following: str | None, asked: str) -> str | None:
        if following is None:
            return None
        try:
            return urllib.parse.urljoin(url, following.strip())
        except ValueError as exc:
            raise KoladaError(f"Kolada's answer for {asked} points to a next page that is "
                              f"not a web address: {following!r}.", "Try again later.") from exc

    # -- the one fetching path: every request of any kind -------------------------------------
    def _get_json(self, url: str, asked: str) -> Any:
        """GET `url` on the configured server and parse its JSON, checked (response.py)."""
        return load_json(self._get(url, asked), url)

    def _get(self, url: str, asked: str) -> bytes:
        settings = self.settings
        if self._all_by is None:
            self._all_by = time.monotonic() + settings.total
        for attempt in range(1, settings.tries + 1):
            last = attempt == settings.tries
            now = time.monotonic()
            if now >= self._all_by:
                raise self._overall_error(asked)
            deadline = min(now + settings.timeout, self._all_by)
            self.requests += 1
            try:
                reply = self._transport.get(url, deadline, settings.connect_timeout, MAX_BODY)
            except OffOrigin as exc:
                raise self._off_origin_error(exc, asked) from None
            except DeadlinePassed:
                if deadline >= self._all_by:
                    raise self._overall_error(asked) from None
                raise KoladaError(
                    f"Kolada did not answer within {settings.timeout:g} s when asked for "
                    f"{asked} ({url}).",
                    "Try again later, give it more time with --timeout, or check the "
                    f"connection or --api-url. {NOTHING_WRITTEN}") from None
            except (ConnectionResetError, ConnectionAbortedError,
                    http.client.IncompleteRead) as exc:
                # The connection dropped mid-answer (RemoteDisconnected is a reset too).
                if not last:
                    self._pause(self._wait(attempt, None), asked)
                    continue
                raise KoladaError(
                    f"could not reach Kolada (the connection was dropped {settings.tries} "
                    f"times: {type(exc).__name__}); check the connection or --api-url.",
                    f"Asked for {asked} ({url}). {NOTHING_WRITTEN}") from exc
            except http.client.HTTPException as exc:
                raise KoladaError(
                    f"the answer to {url} is not HTTP ({type(exc).__name__}: {exc}).",
                    f"Check --api-url. {NOTHING_WRITTEN}") from exc
            except TimeoutError as exc:  # a read that waited as long as the whole request may
                raise KoladaError(
                    f"Kolada did not answer within {settings.timeout:g} s when asked for "
                    f"{asked} ({url}).",
                    "Try again later, give it more time with --timeout, or check the "
                    f"connection or --api-url. {NOTHING_WRITTEN}") from exc
            except urllib.error.URLError as exc:  # refused, no route, unknown name, TLS, ...
                raise KoladaError(f"could not reach Kolada ({self._reason(exc.reason)}); "
                                  "check the connection or --api-url.",
                                  f"Tried {url}. {NOTHING_WRITTEN}") from exc
            except OSError as exc:
                raise KoladaError(f"could not reach Kolada ({self._reason(exc)}); check the "
                                  "connection or --api-url.",
                                  f"Tried {url}. {NOTHING_WRITTEN}") from exc
            if reply.status == 429 or reply.status >= 500:
                if not last:
                    self._pause(self._wait(attempt, reply.headers.get("Retry-After")), asked)
                    continue
                raise self._status_error(reply, url, asked)
            if not 200 <= reply.status < 300:
                raise self._status_error(reply, url, asked)
            if len(reply.body) > MAX_BODY:
                raise KoladaError(f"Kolada's answer to {url} is larger than "
                                  f"{MAX_BODY // 2**20} MB; it was not read.",
                                  f"Check --api-url. {NOTHING_WRITTEN}")
            return reply.body
        raise AssertionError("unreachable: the last try returns or raises")

    def _reason(self, reason: object) -> str:
        """What went wrong on the way to the server, in words first."""
        if isinstance(reason, socket.gaierror):
            return (f"the name {self.origin.host} could not be looked up: no network, or the "
                    f"network needs a proxy (HTTPS_PROXY); {reason}")
        if isinstance(reason, TimeoutError):
            return f"no connection within {self.settings.connect_timeout:g} s"
        if isinstance(reason, ConnectionRefusedError):
            return f"nothing answers at {self.origin}; {reason}"
        return str(reason)

    def _off_origin_error(self, exc: OffOrigin, asked: str) -> KoladaError:
        how = "redirects" if exc.via == "redirect" else "links its next page"
        target = Origin.of(exc.url)
        hint = ("A mirror or proxy given with --api-url must answer with addresses of its "
                "own. ")
        if target is not None and target.host == self.origin.host and \
                target.scheme != self.origin.scheme:
            hint = (f"If the API is at {target.scheme}://, give --api-url "
                    f"{target.scheme}://... . ")
        return KoladaError(
            f"Kolada's answer for {asked} {how} to {exc.url!r}, which is not the server "
            f"asked ({self.origin}); it was not followed and nothing was sent there.",
            hint + NOTHING_WRITTEN)

    def _overall_error(self, asked: str) -> KoladaError:
        return KoladaError(
            f"Kolada's answers took more than {self.settings.total:g} s in all "
            f"({self.requests} requests); gave up when asking for {asked}.",
            "Try again later, or give each request more time with --timeout (the whole run "
            f"may take {TOTAL_TIMEOUT_FACTOR} times as long). {NOTHING_WRITTEN}")

    def _pause(self, seconds: float, asked: str) -> None:
        if self._all_by is not None and time.monotonic() + seconds >= self._all_by:
            raise self._overall_error(asked)
        self.sleep(seconds)

    def _status_error(self, reply: Reply, url: str, asked: str) -> KoladaError:
        status = f"{reply.status} {reply.reason}".strip()
        if reply.status == 429 or reply.status >= 500:
            return KoladaError(
                f"Kolada answered {status} {self.settings.tries} times when asked for {asked} "
                f"({url}).", "Kolada is busy or down; nothing was written. Try again later.")
        return KoladaError(
            f"Kolada answered {status} when asked for {asked} ({url}); the answer starts: "
            f"{quote(reply.body)}",
            "Check the Kolada-id column, --municipality and --years, or --api-url. Nothing "
            "was written.")

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        wait = self.settings.backoff * float(2 ** (attempt - 1))
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after.strip()))
        return min(wait, self.settings.max_wait)
