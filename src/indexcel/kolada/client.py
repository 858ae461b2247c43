"""Asking Kolada's open API (v3) for the values of some KPIs, one municipality, some years.

    client = KoladaClient()                         # --api-url, $INDEXCEL_KOLADA_URL, or v3
    observations = client.fetch(["N00097"], "0188", [2023, 2024])

`GET {base}/data/kpi/{id,id,...}/municipality/{id}/year/{y,y,...}?per_page=5000`, at most 25
KPI ids a request, following `next_url` (v2: `next_page`) to the last page. 10 s to connect,
30 s to read; three tries, with backoff, on 429, 5xx and a dropped connection. Any other
failure raises KoladaError at once: the caller writes nothing unless every request succeeded.

Standard library only (urllib.request, json), and imported only by `indexcel kolada`.
"""

from __future__ import annotations

import http.client
import os
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from indexcel import __version__
from indexcel.errors import KoladaError
from indexcel.kolada.response import Observation, parse_page, quote

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
ENV_BASE_URL = "INDEXCEL_KOLADA_URL"
MAX_KPIS_PER_REQUEST = 25  # Kolada answers 400 to more
PER_PAGE = 5000
MAX_PAGES = 1000  # a next_url that never ends is Kolada's mistake, not a reason to loop
MAX_BODY = 64 * 1024 * 1024  # a page of 5,000 values is about 1.5 MB


@dataclass(frozen=True)
class Settings:
    connect_timeout: float = 10.0  # seconds to connect
    read_timeout: float = 30.0  # seconds any one read may wait
    tries: int = 3
    backoff: float = 1.0  # seconds before the second try, doubled before each next
    max_wait: float = 30.0  # the longest Retry-After honoured


DEFAULTS = Settings()


def resolve_base_url(option: str | None = None) -> str:
    """--api-url, else $INDEXCEL_KOLADA_URL, else Kolada's v3, without a trailing slash."""
    url = (option or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).strip()
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        from indexcel.errors import OptionError

        raise OptionError("--api-url", f"'{url}' is not an http(s) address.",
                          f"Leave it out for {DEFAULT_BASE_URL}, or give a whole address.")
    return url.rstrip("/")


def chunked(kpis: Sequence[str]) -> list[list[str]]:
    """The KPI ids in groups of at most 25, one group a request."""
    kpis = list(kpis)
    return [kpis[i:i + MAX_KPIS_PER_REQUEST] for i in range(0, len(kpis), MAX_KPIS_PER_REQUEST)]


class KoladaClient:
    """One base URL and its timeouts. `sleep` is injectable so tests need not wait."""

    def __init__(self, base_url: str | None = None, settings: Settings | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = resolve_base_url(base_url)
        self.settings = settings or DEFAULTS
        self.sleep = sleep
        self.requests = 0  # HTTP requests made, retries included
        self._opener = urllib.request.build_opener(
            _HTTPHandler(self.settings.read_timeout), _HTTPSHandler(self.settings.read_timeout))

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
                page = parse_page(self._get(url, asked), url)
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
        following = urllib.parse.urljoin(url, following)
        if urllib.parse.urlsplit(following).scheme not in ("http", "https"):
            raise KoladaError(f"Kolada's answer for {asked} points to a next page that is "
                              f"not a web address: {following!r}.", "Try again later.")
        return following

    # -- one GET, with retries ------------------------------------------------------------------
    def _get(self, url: str, asked: str) -> bytes:
        settings = self.settings
        request = urllib.request.Request(url, headers={
            "Accept": "application/json", "User-Agent": f"indexcel/{__version__}"})
        for attempt in range(1, settings.tries + 1):
            last = attempt == settings.tries
            self.requests += 1
            try:
                with self._opener.open(request, timeout=settings.connect_timeout) as response:
                    body: bytes = response.read(MAX_BODY + 1)
            except urllib.error.HTTPError as exc:
                try:
                    if (exc.code == 429 or exc.code >= 500) and not last:
                        self.sleep(self._wait(attempt, exc.headers.get("Retry-After")))
                        continue
                    raise self._status_error(exc, url, asked) from exc
                finally:
                    exc.close()
            except (ConnectionResetError, ConnectionAbortedError,
                    http.client.IncompleteRead) as exc:
                # The connection dropped mid-answer (RemoteDisconnected is a reset too).
                if not last:
                    self.sleep(self._wait(attempt, None))
                    continue
                raise KoladaError(
                    f"could not reach Kolada (the connection was dropped {settings.tries} "
                    f"times: {type(exc).__name__}); check the connection or --api-url.",
                    f"Asked for {asked} ({url}). Nothing was written.") from exc
            except http.client.HTTPException as exc:
                raise KoladaError(
                    f"the answer to {url} is not HTTP ({type(exc).__name__}: {exc}).",
                    "Check --api-url. Nothing was written.") from exc
            except TimeoutError as exc:  # a read that waited longer than read_timeout
                raise KoladaError(
                    f"Kolada did not answer within {settings.read_timeout:g} s when asked for "
                    f"{asked} ({url}).",
                    "Try again later, or check the connection or --api-url. Nothing was "
                    "written.") from exc
            except urllib.error.URLError as exc:  # refused, no route, unknown name, TLS, ...
                reason = exc.reason
                if isinstance(reason, TimeoutError):
                    reason = f"no connection within {settings.connect_timeout:g} s"
                raise KoladaError(
                    f"could not reach Kolada ({reason}); check the connection or --api-url.",
                    f"Tried {url}. Nothing was written.") from exc
            except OSError as exc:
                raise KoladaError(
                    f"could not reach Kolada ({exc}); check the connection or --api-url.",
                    f"Tried {url}. Nothing was written.") from exc
            if len(body) > MAX_BODY:
                raise KoladaError(f"Kolada's answer to {url} is larger than "
                                  f"{MAX_BODY // 2**20} MB; it was not read.",
                                  "Check --api-url. Nothing was written.")
            return body
        raise AssertionError("unreachable: the last try returns or raises")

    def _status_error(self, exc: urllib.error.HTTPError, url: str, asked: str) -> KoladaError:
        status = f"{exc.code} {exc.reason}".strip()
        if exc.code == 429 or exc.code >= 500:
            return KoladaError(
                f"Kolada answered {status} {self.settings.tries} times when asked for {asked} "
                f"({url}).", "Kolada is busy or down; nothing was written. Try again later.")
        return KoladaError(
            f"Kolada answered {status} when asked for {asked} ({url}); the answer starts: "
            f"{quote(exc.read(4096))}",
            "Check the Kolada-id column, --municipality and --years, or --api-url. Nothing "
            "was written.")

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        wait = self.settings.backoff * 2.0 ** (attempt - 1)
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after.strip()))
        return min(wait, self.settings.max_wait)


# -- connections with a connect timeout and a read timeout of their own --------------------------
# urllib uses one timeout for both; these set the socket's timeout to the read timeout once
# the connection (and, for https, its handshake and any proxy tunnel) is made.

class _ReadTimeout:
    read_timeout: float

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.sock.settimeout(self.read_timeout)  # type: ignore[attr-defined]


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self._connection: Any = type("Connection", (_ReadTimeout, http.client.HTTPConnection),
                                     {"read_timeout": read_timeout})

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float) -> None:
        self.ssl_context = ssl.create_default_context()  # kept here: urllib keeps it private
        super().__init__(context=self.ssl_context)
        self._connection: Any = type("Connection", (_ReadTimeout, http.client.HTTPSConnection),
                                     {"read_timeout": read_timeout})

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=self.ssl_context)
