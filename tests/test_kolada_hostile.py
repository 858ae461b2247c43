"""`indexcel kolada` against a hostile stand-in for Kolada on 127.0.0.1: the scenarios under
tests/data/hostile/kolada/ (each a reproducer of issue 23), and a second server on 127.0.0.1
that counts the connections made to it, which must stay 0. No test here touches the network."""

from __future__ import annotations

import json
import socket
import time
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SAMPLE
from indexcel.errors import KoladaError
from indexcel.kolada import client as kolada_client
from indexcel.kolada.client import KoladaClient, Settings
from indexcel.kolada.response import MAX_DEPTH, parse_page
from kolada_server import HOSTILE, ConnectionCounter, FakeKolada

FAST = Settings(connect_timeout=1.0, timeout=1.0, tries=3, backoff=0.01)
SCENARIOS = sorted(p for p in HOSTILE.glob("*.json") if not p.name.endswith(".expected.json"))


@pytest.fixture
def servers(monkeypatch):
    monkeypatch.setattr(kolada_client, "DEFAULTS", FAST)
    monkeypatch.delenv(kolada_client.ENV_BASE_URL, raising=False)
    with FakeKolada() as fake, ConnectionCounter() as other:
        yield fake, other
    # the counter has drained its last connections once the block is left


def _fill(text: str, fake: FakeKolada, other: ConnectionCounter) -> str:
    host, port = fake.server.server_address[:2]
    return (text.replace("{base_host}", f"{host}:{port}").replace("{base_port}", str(port))
            .replace("{base}", fake.base_url).replace("{other_port}", str(other.port))
            .replace("{other}", other.url))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_hostile_kolada_scenarios(invoke, monkeypatch, tmp_path, scenario: Path):
    monkeypatch.setattr(kolada_client, "DEFAULTS", FAST)
    monkeypatch.delenv(kolada_client.ENV_BASE_URL, raising=False)
    expected = json.loads(scenario.with_name(scenario.name + ".expected.json").read_text(
        encoding="utf-8"))
    out = tmp_path / "out.xlsx"
    with FakeKolada() as fake, ConnectionCounter() as other:
        spec = json.loads(_fill(scenario.read_text(encoding="utf-8"), fake, other))
        fake.trouble = spec["answers"]
        args = spec.get("args", [])
        if "--api-url" not in args:
            args = ["--api-url", fake.base_url, *args]
        started = time.monotonic()
        result = invoke("kolada", SAMPLE, "-o", out, *args)
        took = time.monotonic() - started
    messages = [_fill(m, fake, other) for m in expected["messages"]]
    assert result.exit_code == expected["exit"], result.output
    for fragment in messages:
        assert fragment in result.output, (fragment, result.output)
    for fragment in expected.get("absent", []):
        assert fragment not in result.output, result.output
    assert result.output.count("Error:") == 1
    assert "internal error" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []  # nothing, not even a temporary
    assert other.connections == expected["elsewhere"] == 0
    if "seconds_at_most" in expected:
        assert took < expected["seconds_at_most"], took


def test_the_second_server_would_count_a_connection(servers):
    """The counter counts: a test that asserts 0 connections can fail."""
    _, other = servers
    with socket.create_connection(("127.0.0.1", other.port), timeout=1):
        pass
    deadline = time.monotonic() + 2
    while other.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert other.connections == 1


def test_a_redirect_on_the_same_server_is_followed(servers):
    fake, other = servers
    path = "/v3/data/kpi/N00097/municipality/0188/year/2024?per_page=5000"
    fake.trouble = [{"status": 302, "headers": {"Location": path}}]
    kolada = KoladaClient(fake.base_url, FAST)
    assert [o.value for o in kolada.fetch(["N00097"], "0188", [2024])] == [Decimal("-12.44")]
    assert fake.requests[-1] == path and other.connections == 0


def test_a_relative_next_url_on_the_same_server_is_followed(servers):
    fake, _ = servers
    fake.trouble = [{"next_url": "/v3/data/kpi/N00097/municipality/0188/year/2023"}]
    got = KoladaClient(fake.base_url, FAST).fetch(["N00097"], "0188", [2024])
    assert len(fake.requests) == 2 and fake.requests[1].endswith("/year/2023")
    assert len(got) == 2


def test_the_library_takes_a_timeout_and_keeps_it_however_slowly_bytes_come(servers):
    fake, _ = servers
    fake.trouble = [{"drip": "body", "every": 0.05}]
    started = time.monotonic()
    with pytest.raises(KoladaError, match=r"did not answer within 0\.5 s"):
        KoladaClient(fake.base_url, FAST, timeout=0.5).fetch(["N00097"], "0188", [2024])
    assert time.monotonic() - started < 2


def test_all_requests_together_keep_the_whole_run_s_deadline(servers):
    fake, _ = servers
    fake.always = 503
    settings = Settings(connect_timeout=1.0, timeout=1.0, tries=50, backoff=0.2,
                        total_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(KoladaError, match=r"Kolada's answers took more than 1 s in all"):
        KoladaClient(fake.base_url, settings).fetch(["N00097"], "0188", [2024])
    assert time.monotonic() - started < 2
    assert Settings().total == 300  # ten times the 30 s of one request, as README says


def test_a_name_that_cannot_be_looked_up_is_said_in_words(invoke, servers, tmp_path,
                                                          monkeypatch):
    def no_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_name)
    result = invoke("kolada", SAMPLE, "-o", tmp_path / "out.xlsx", "--api-url",
                    "https://api.kolada.se/v3")
    assert result.exit_code == 1
    assert ("could not reach Kolada (the name api.kolada.se could not be looked up: no "
            "network, or the network needs a proxy (HTTPS_PROXY); [Errno -2] Name or service "
            "not known); check the connection or --api-url.") in result.output


@pytest.mark.parametrize("body", [
    b'{"values": [], "x": "' + b"[" * 1000 + b'"}',  # brackets within a string do not nest
    b'{"values": [{"kpi": "N1", "period": 2024, "values": [{"value": 1, "x": [[[[1]]]]}]}]}',
])
def test_brackets_in_strings_and_a_few_levels_more_are_still_kolada_s_json(body):
    assert parse_page(body, "u").next_url is None


def test_one_level_more_than_the_limit_is_not_kolada_s_json():
    body = b'{"values": ' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}"
    with pytest.raises(KoladaError, match="nests more than 16 levels deep"):
        parse_page(body, "u")
    body = b'{"values": ' + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"}"
    assert parse_page(body, "u").observations == []


@pytest.mark.parametrize("value, fits", [
    ("9.99999999999999e307", True), ("1e308", False), ("-1e308", False),
    ("2.3e-306", True), ("2.2e-306", False), ("0", True), ("0.0", True), ("-0", True),
    ("1" + "0" * 307, True), ("1" + "0" * 308, False),
])
def test_numbers_are_checked_against_what_a_cell_holds(value, fits):
    body = (b'{"values": [{"kpi": "N1", "municipality": "0188", "period": 2024, "values": '
            b'[{"gender": "T", "value": ' + value.encode() + b"}]}]}")
    if fits:
        assert parse_page(body, "u").observations[0].value == Decimal(value)
    else:
        with pytest.raises(KoladaError, match="for KPI N1, municipality 0188, year 2024"):
            parse_page(body, "u")
