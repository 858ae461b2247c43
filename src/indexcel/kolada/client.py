"""Asking Kolada's open API (v3): values of some KPIs for some municipalities (or groups, or
all municipalities) and years, and the metadata of municipalities and their groups.

    client = KoladaClient()                         # --api-url, $INDEXCEL_KOLADA_URL, or v3
    observations = client.fetch(["N00097"], "0188", [2023, 2024])
    everyone = client.fetch_everyone(["N00097"], [2024])     # every municipality and region
    groups = client.groups_titled("Norrtälje")               # municipality_groups?title=

`GET {base}/data/kpi/{ids}/municipality/{ids}/year/{years}?per_page=5000`, and
`{base}/data/kpi/{ids}/year/{years}` for every municipality at once. Kolada takes at most 25
ids in each part of the path (KPIs, municipalities and years alike) and answers 422 to more;
the client asks in groups of 25 and follows `next_url` (v2: `next_page`) to the last page.
`per_page` is at most 5000.

Every request goes through one path (`_pages`, then `_get_json`), whatever it asks for:
- only to the configured server: a `next_url` or a redirect to another scheme, host or port is
  refused before any connection is made (transport.py);
- within a wall-clock deadline of `Settings.timeout` (30 s), however slowly the bytes come,
  and all requests of a client within `Settings.total_timeout` (ten times that), retries and
  waits included;
- its JSON nested no deeper than Kolada's shape, every number within what a cell holds
  (response.py).
Three tries, with backoff, on 429, 5xx and a dropped connection. Any other failure raises
KoladaError at once (a 422 names what was asked): the caller writes nothing unless every
request succeeded.

Standard library only (urllib.request, json), and imported only by `indexcel kolada`.
"""

from __future__ import annotations

import dataclasses
import http.client
import itertools
import os
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from indexcel import __version__
from indexcel.errors import KoladaError, OptionError
from indexcel.kolada.response import (
    Group,
    Municipality,
    Observation,
    load_json,
    quote,
    read_groups,
    read_items,
    read_municipalities,
    read_page,
)
from indexcel.kolada.transport import DeadlinePassed, OffOrigin, Origin, Reply, Transport

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
ENV_BASE_URL = "INDEXCEL_KOLADA_URL"
MAX_IDS_PER_SEGMENT = 25  # Kolada answers 422 to more, in any part of the path
MAX_KPIS_PER_REQUEST = MAX_IDS_PER_SEGMENT
PER_PAGE = 5000  # the most Kolada gives on a page (it answers 422 to more)
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


def chunked(ids: Sequence[str]) -> list[list[str]]:
    """The ids in groups of at most 25, one group a part of a request's path."""
    ids = list(ids)
    return [ids[i:i + MAX_IDS_PER_SEGMENT] for i in range(0, len(ids), MAX_IDS_PER_SEGMENT)]


def requests_for(kpis: Sequence[str], municipalities: Sequence[str] | None,
                 years: Sequence[int]) -> int:
    """How many requests `fetch` (or, without municipalities, `fetch_everyone`) makes,
    before any paging: one for each group of 25 KPIs, municipalities and years."""
    groups = len(chunked(kpis)) * len(chunked([str(y) for y in years]))
    return groups * (len(chunked(municipalities)) if municipalities is not None else 1)


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

    def fetch(self, kpis: Sequence[str], municipalities: str | Sequence[str],
              years: Sequence[int], progress: Callable[[int], None] | None = None
              ) -> list[Observation]:
        """Every observation Kolada has for these KPIs, municipalities (or group ids; 0000 is
        the whole country) and years. `progress(1)` is called after each request's pages."""
        if isinstance(municipalities, str):
            municipalities = [municipalities]
        return self._data(kpis, list(municipalities), years, progress)

    def fetch_everyone(self, kpis: Sequence[str], years: Sequence[int],
                       progress: Callable[[int], None] | None = None) -> list[Observation]:
        """Every observation Kolada has for these KPIs and years, for every municipality and
        region (and the country, and groups, where Kolada gives them): to rank one."""
        return self._data(kpis, None, years, progress)

    def _data(self, kpis: Sequence[str], municipalities: list[str] | None,
              years: Sequence[int], progress: Callable[[int], None] | None
              ) -> list[Observation]:
        observations: list[Observation] = []
        places: list[list[str] | None] = list(chunked(municipalities)) \
            if municipalities is not None else [None]
        for group, place, when in itertools.product(
                chunked(kpis), places, chunked([str(y) for y in years])):
            asked = f"KPI {','.join(group)}, " + (
                f"municipality {','.join(place)}" if place is not None
                else "every municipality") + f", year {','.join(when)}"
            for data, url in self._pages(self.data_url(group, place, when), asked):
                observations.extend(read_page(data, url).observations)
            if progress is not None:
                progress(1)
        return observations

    def municipality(self, municipality: str) -> Municipality | None:
        """Kolada's municipality (or region) of this id, with its name; None if it has none."""
        asked = f"the municipality {municipality}"
        url = self._url(("municipality", municipality))
        for data, page_url in self._pages(url, asked):
            for found in read_municipalities(read_items(data, page_url).items):
                if found.id == municipality:
                    return found
        return None

    def groups_titled(self, text: str) -> list[Group]:
        """The municipality groups whose title holds `text` (Kolada's search, any case)."""
        asked = f"the municipality groups titled '{text}'"
        url = self._url(("municipality_groups",), {"title": text})
        groups: list[Group] = []
        for data, page_url in self._pages(url, asked):
            groups.extend(read_groups(read_items(data, page_url).items))
        return groups

    def group(self, group_id: str) -> Group | None:
        """The municipality group of this id, with its members; None if Kolada has none."""
        group_id = group_id.strip().upper()
        asked = f"the municipality group {group_id}"
        for data, page_url in self._pages(self._url(("municipality_groups", group_id)), asked):
            for found in read_groups(read_items(data, page_url).items):
                if found.id == group_id:
                    return found
        return None

    def data_url(self, kpis: Sequence[str], municipalities: str | Sequence[str] | None,
                 years: Sequence[int | str]) -> str:
        if isinstance(municipalities, str):
            municipalities = [municipalities]
        parts = ["data", "kpi", ",".join(kpis)]
        if municipalities is not None:
            parts += ["municipality", ",".join(municipalities)]
        return self._url((*parts, "year", ",".join(str(y) for y in years)))

    def _url(self, parts: Sequence[str], query: dict[str, str] | None = None) -> str:
        path = urllib.parse.quote("/".join(parts), safe="/,")
        return (f"{self.base_url}/{path}?"
                + urllib.parse.urlencode({**(query or {}), "per_page": PER_PAGE}))

    def _pages(self, url: str, asked: str) -> Iterator[tuple[Any, str]]:
        """The parsed JSON of each page of an answer, and the page's address, following
        next_url to the last page; every request on the one fetching path."""
        following: str | None = url
        seen: set[str] = set()
        while following is not None:
            if following in seen or len(seen) >= MAX_PAGES:
                raise KoladaError(f"Kolada's pages for {asked} do not end (next_url "
                                  f"{following} again).", "Try again later.")
            seen.add(following)
            data = self._get_json(following, asked)
            yield data, following
            link = data.get("next_url") or data.get("next_page") \
                if isinstance(data, dict) else None
            following = self._next(following, link if isinstance(link, str) and link
                                   else None, asked)

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
        if reply.status == 422:
            return KoladaError(
                f"Kolada refused the request for {asked} ({status}: over one of its limits, "
                f"or an id it does not know; {url}); the answer starts: {quote(reply.body)}",
                "Check the Kolada-id column, --municipality, --similar-group and --years, or "
                "--api-url. Nothing was written.")
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
