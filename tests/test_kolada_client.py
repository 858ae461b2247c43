"""The Kolada client against a local stand-in for the API (tests/kolada_server.py): paging,
chunking, genders, missing values, retries, timeouts and every kind of bad answer. No test
here touches the network."""

from __future__ import annotations

import json
import socket
import threading
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexcel.errors import KoladaError, OptionError
from indexcel.kolada.client import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    KoladaClient,
    Settings,
    resolve_base_url,
)
from indexcel.kolada.response import (
    Observation,
    Reading,
    load_json,
    parse_page,
    read_groups,
    read_items,
    read_municipalities,
)
from kolada_server import RECORDED, FakeKolada, closed_port_url

FAST = Settings(connect_timeout=1.0, timeout=0.3, tries=3, backoff=0.01)


@pytest.fixture
def fake():
    with FakeKolada() as server:
        yield server


def client(url: str, settings: Settings = FAST) -> KoladaClient:
    return KoladaClient(url, settings)


def totals(observations: list[Observation]) -> dict[tuple[str, int], Decimal | None]:
    return {(o.kpi, o.period): o.value for o in observations}


def test_the_total_is_taken_whatever_the_order_of_the_genders(fake):
    got = totals(client(fake.base_url).fetch(["N17451"], "0188", [2022, 2024]))
    # 2022 lists T first, 2024 lists M, K, T: the total either way, never women or men
    assert got == {("N17451", 2022): Decimal("62.3"), ("N17451", 2024): Decimal("64.2")}


def test_missing_values_are_none_never_zero(fake):
    got = totals(client(fake.base_url).fetch(["N15436", "N17451", "N00002"], "0188",
                                             [2023, 2024]))
    assert got[("N15436", 2024)] is None  # null, status Missing (the women's 80.0 is ignored)
    assert got[("N17451", 2023)] is None  # isdeleted: true
    assert got[("N00002", 2023)] is None and got[("N00002", 2024)] is None
    assert got[("N15436", 2023)] == Decimal("76.8")


def test_an_unknown_kpi_id_gives_nothing(fake):
    assert client(fake.base_url).fetch(["N99999"], "0188", [2024]) == []


def test_numbers_keep_the_decimals_kolada_published(fake):
    got = totals(client(fake.base_url).fetch(["N00097", "U09800"], "0188", [2021, 2024]))
    assert str(got[("N00097", 2021)]) == "-2.0"
    assert str(got[("U09800", 2024)]) == "22.04"


def test_pages_are_followed_to_the_last(fake):
    fake.page_size = 2
    observations = client(fake.base_url).fetch(["N00097", "N03102"], "0188",
                                               [2022, 2023, 2024])
    assert len(observations) == 6
    assert len(fake.requests) == 3
    assert "page=3" in fake.requests[-1]


def test_recorded_pages_with_next_url_then_v2_next_page(fake):
    fake.replay = [RECORDED / "paged" / f"page-{n}.json" for n in (1, 2, 3)]
    kolada = client(fake.base_url)
    got = totals(kolada.fetch(["N00097", "N03102"], "0188", [2022, 2023, 2024]))
    assert len(got) == 6 and got[("N03102", 2024)] == Decimal("3.9")
    assert kolada.requests == 3
    assert fake.requests[1].endswith("page=2&per_page=2")  # next_url
    assert fake.requests[2].endswith("page=3&per_page=2")  # v2's next_page


def test_more_than_25_kpis_are_asked_for_in_groups_of_25(fake):
    ids = [f"N{90000 + n:05d}" for n in range(1, 31)]
    fake.entries = [{"kpi": kpi, "municipality": "0188", "period": 2024,
                     "values": [{"gender": "T", "value": n, "status": "", "count": 1,
                                 "isdeleted": False}]} for n, kpi in enumerate(ids)]
    steps = []
    got = totals(client(fake.base_url).fetch(ids, "0188", [2024], progress=steps.append))
    assert len(got) == 30 and got[("N90030", 2024)] == 29
    assert [len(r.split("/")[4].split(",")) for r in fake.requests] == [25, 5]
    assert steps == [1, 1]


@pytest.mark.parametrize("segment", ["kpi", "municipality", "year"])
def test_the_fake_refuses_26_ids_in_any_segment_with_422_as_kolada_does(fake, segment):
    fake.entries = []
    kolada = client(fake.base_url)
    kpis, places, years = ["N00097"], ["0188"], [2024]
    if segment == "kpi":
        kpis = [f"N{n:05d}" for n in range(26)]
    elif segment == "municipality":
        places = [f"{n:04d}" for n in range(100, 126)]
    else:
        years = list(range(1990, 2016))
    with pytest.raises(KoladaError) as caught:
        kolada._get(kolada.data_url(kpis, places, years), "the 26 ids")
    assert "422 Unprocessable Entity" in str(caught.value)
    assert "Kolada refused the request for the 26 ids" in str(caught.value)
    assert kolada.requests == 1  # a 422 is not tried again


def test_a_422_names_what_was_asked(fake):
    fake.always = 422
    with pytest.raises(KoladaError) as caught:
        client(fake.base_url).fetch(["N00097", "N03102"], ["0188", "0000"], [2024])
    message = str(caught.value)
    assert message.startswith("Kolada refused the request for KPI N00097,N03102, "
                              "municipality 0188,0000, year 2024 (422 Unprocessable Entity")
    assert "--similar-group" in message and "Nothing was written" in message


def test_26_years_are_asked_for_in_two_requests(fake):
    years = list(range(2000, 2026))
    got = totals(client(fake.base_url).fetch(["N00097"], "0188", years))
    assert got[("N00097", 2021)] == Decimal("-2.0") and got[("N00097", 2025)] == Decimal("-8.0")
    assert [len(r.split("/")[-1].split("?")[0].split(",")) for r in fake.requests] == [25, 1]


def test_municipalities_the_country_and_a_group_in_one_request(fake):
    observations = client(fake.base_url).fetch(["N00097"], ["0188", "0000", "G37290"], [2024])
    by_place = {o.municipality: o for o in observations}
    assert sorted(by_place) == ["0000", "0188", "G37290"]
    assert by_place["G37290"].count == 7  # a group's value: how many members it averages
    assert len(fake.requests) == 1 and "/municipality/0188,0000,G37290/" in fake.requests[0]


def test_every_municipality_at_once_paged(fake):
    fake.page_size = 100
    kolada = client(fake.base_url)
    everyone = kolada.fetch_everyone(["N00097"], [2024])
    places = {o.municipality for o in everyone}
    assert len([p for p in places if p[:2] != "00" and p[0] != "G"]) == 290
    assert {"0000", "0001", "G37290"} <= places  # the country, a region and groups as well
    assert "/data/kpi/N00097/year/2024?" in fake.requests[0]
    assert kolada.requests == len(fake.requests) == 4  # 316 entries, 100 a page


def test_genders_are_read_where_the_kpi_is_split(fake):
    got = {(o.kpi, o.period): o for o in client(fake.base_url).fetch(
        ["N17451", "N00097"], "0188", [2024])}
    split = got[("N17451", 2024)]
    assert (split.value, split.women.value, split.men.value) == (
        Decimal("64.2"), Decimal("68.3"), Decimal("60.1"))
    assert split.split_by_gender and not got[("N00097", 2024)].split_by_gender


def test_periods_as_numbers_and_as_text(fake):
    got = totals(client(fake.base_url).fetch(["N03102"], "0188", [2022, 2023]))
    assert got == {("N03102", 2022): Decimal("11.4"), ("N03102", 2023): Decimal("6.6")}
    assert '"period": "2023"' in (RECORDED / "0188.json").read_text(encoding="utf-8")


def test_municipality_and_its_groups(fake):
    kolada = client(fake.base_url)
    assert kolada.municipality("0188").title == "Norrtälje"
    assert kolada.municipality("9999") is None
    titles = [g.title for g in kolada.groups_titled("Norrtälje")]
    assert titles == ["Liknande kommuner, övergripande, Norrtälje, 2023",
                      "Liknande kommuner, övergripande, Norrtälje, 2024",
                      "Liknande kommuner grundskola, Norrtälje, 2024"]
    assert "/municipality_groups?title=Norrt%C3%A4lje&per_page=5000" in fake.requests[-1]
    group = kolada.group("g37290")
    assert group.title.endswith("Norrtälje, 2024") and len(group.members) == 7
    assert group.members[0].id == "0381" and group.members[0].title == "Enköping"
    assert kolada.group("G1") is None


def test_a_503_then_an_answer(fake):
    fake.trouble = [503]
    kolada = client(fake.base_url)
    assert len(kolada.fetch(["N00097"], "0188", [2024])) == 1
    assert kolada.requests == 2


def test_a_429_and_a_dropped_connection_are_tried_again(fake):
    fake.trouble = [429, "reset"]
    waits = []
    kolada = KoladaClient(fake.base_url, FAST, sleep=waits.append)
    assert len(kolada.fetch(["N00097"], "0188", [2024])) == 1
    assert waits == [0.01, 0.02]  # backoff doubles


def test_a_500_every_time_gives_up_after_three_tries(fake):
    fake.always = 500
    kolada = client(fake.base_url)
    with pytest.raises(KoladaError) as caught:
        kolada.fetch(["N00097"], "0188", [2024])
    assert "Kolada answered 500 Internal Server Error 3 times" in str(caught.value)
    assert "N00097" in str(caught.value)
    assert kolada.requests == 3


def test_a_4xx_is_not_tried_again_and_says_what_was_asked(fake):
    fake.always = 404
    kolada = client(fake.base_url)
    with pytest.raises(KoladaError) as caught:
        kolada.fetch(["N00097", "N03102"], "0188", [2023, 2024])
    message = str(caught.value)
    assert "404 Not Found" in message
    assert "KPI N00097,N03102, municipality 0188, year 2023,2024" in message
    assert kolada.requests == 1


def test_a_body_that_is_not_json_is_quoted(fake):
    fake.always = "not-json"
    with pytest.raises(KoladaError) as caught:
        client(fake.base_url).fetch(["N00097"], "0188", [2024])
    assert "is not JSON" in str(caught.value)
    assert "<!DOCTYPE html>" in str(caught.value)


def test_json_without_values_is_quoted(fake):
    fake.always = "no-values"
    with pytest.raises(KoladaError) as caught:
        client(fake.base_url).fetch(["N00097"], "0188", [2024])
    assert 'no "values"' in str(caught.value)
    assert "Unknown resource" in str(caught.value)


def test_a_stalled_answer_times_out_quickly(fake):
    fake.always = "stall"
    started = time.monotonic()
    with pytest.raises(KoladaError) as caught:
        client(fake.base_url).fetch(["N00097"], "0188", [2024])
    assert time.monotonic() - started < 1.0
    assert "did not answer within 0.3 s" in str(caught.value)


def test_no_network_says_so():
    with pytest.raises(KoladaError) as caught:
        client(closed_port_url()).fetch(["N00097"], "0188", [2024])
    assert str(caught.value).startswith("could not reach Kolada (")
    assert "check the connection or --api-url" in str(caught.value)


def test_an_https_address_is_asked_over_tls():
    """The https connection opens with a TLS handshake (its first bytes are a TLS record), on
    the same watched connection as http; a server that answers in plain HTTP is an error."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        heard: list[bytes] = []

        def answer() -> None:
            connection, _ = server.accept()
            with connection:
                heard.append(connection.recv(3))
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        url = f"https://127.0.0.1:{server.getsockname()[1]}/v3"
        with pytest.raises(KoladaError) as caught:
            client(url, Settings(connect_timeout=1.0, timeout=2.0, tries=1)).fetch(
                ["N00097"], "0188", [2024])
        thread.join(5)
    assert heard == [b"\x16\x03\x01"]  # a TLS handshake record
    assert str(caught.value).startswith("could not reach Kolada (")


def test_the_base_url_comes_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.delenv(ENV_BASE_URL, raising=False)
    assert resolve_base_url() == DEFAULT_BASE_URL == "https://api.kolada.se/v3"
    monkeypatch.setenv(ENV_BASE_URL, "http://mirror.example/v3/")
    assert resolve_base_url() == "http://mirror.example/v3"
    assert resolve_base_url("http://other.example/v3") == "http://other.example/v3"
    with pytest.raises(OptionError):
        resolve_base_url("api.kolada.se/v3")


def test_the_request_names_kpis_municipality_and_years():
    url = KoladaClient("https://api.kolada.se/v3").data_url(["N00097", "U09800"], "0188",
                                                            [2023, 2024])
    assert url == ("https://api.kolada.se/v3/data/kpi/N00097,U09800/municipality/0188/year/"
                   "2023,2024?per_page=5000")


@pytest.mark.parametrize("body, expected", [
    # a status beside a value is kept for the note; Missing is missing even with a number
    (b'{"values": [{"kpi": "N1", "period": 2024, "values": [{"gender": "T", "value": 5, '
     b'"status": "Prelimin\xc3\xa4rt"}]}]}',
     [Observation("N1", None, 2024, Decimal(5), "Preliminärt")]),
    (b'{"values": [{"kpi": "N1", "period": 2024, "values": [{"gender": "T", "value": 5, '
     b'"status": "Missing"}]}]}', [Observation("N1", None, 2024, None, "Missing")]),
    (b'{"values": [{"kpi": "N1", "period": 2024, "values": [{"gender": "T", "value": 5, '
     b'"isdeleted": true}]}]}', [Observation("N1", None, 2024, None)]),
    # genders: women and men where given, the total alone otherwise
    (b'{"values": [{"kpi": "N1", "period": "2024", "values": [{"gender": "M", "value": 1}, '
     b'{"gender": "k", "value": null}, {"gender": "T", "value": 2, "count": 7}]}]}',
     [Observation("N1", None, 2024, Decimal(2), "", 7, Reading(None), Reading(Decimal(1)))]),
    # unknown fields are ignored, missing optional ones tolerated
    (b'{"values": [{"kpi": "N1", "period": "2024", "values": [{"value": 5}]}], "x": 1}',
     [Observation("N1", None, 2024, Decimal(5))]),
    (b'{"values": [{"kpi": "N1", "period": 2024}]}', [Observation("N1", None, 2024, None)]),
    (b'{"values": [{"kpi": "N1", "period": 2024, "values": [{"gender": "T", "value": '
     b'true}]}]}', [Observation("N1", None, 2024, None)]),
    (b'{"values": [{"kpi": "N1", "period": 2024, "values": [{"gender": "T", "value": NaN}]}]}',
     [Observation("N1", None, 2024, None)]),
    (b'{"values": [{"period": 2024}, "junk", {"kpi": "N1", "period": "later"}]}', []),
])
def test_answers_are_read_defensively(body, expected):
    assert parse_page(body, "u").observations == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8)
    | st.sampled_from(["T", "K", "M", "Missing", "2024", "G37290", "0188"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "title", "members", "member_id", "member_title", "kpi",
                         "municipality", "period", "values", "gender", "value", "status",
                         "count", "isdeleted", "next_url"]), inner, max_size=6),
    max_leaves=30)


@settings(deadline=None)  # the first example also pays for imports
@given(st.dictionaries(st.sampled_from(["values", "next_url", "count"]), json_values,
                       max_size=3))
def test_any_answer_is_read_or_refused_never_a_crash(data):
    body = json.dumps(data).encode()
    try:
        items = read_items(load_json(body, "u"), "u", body)
    except KoladaError:
        return
    read_groups(items.items)
    read_municipalities(items.items)
    parse_page(body, "u")
