"""The reproducers of issue 23's hostile stand-in for Kolada, written by
tools/make_hostile_corpus.py into tests/data/hostile/kolada/ (no clock, no randomness).

Each scenario NAME.json holds what the hostile server answers, in order (tests/kolada_server.py
says the forms) and the options `indexcel kolada` is run with; NAME.json.expected.json the
exit code, fragments of the one message, and `elsewhere`: the connections a second server on
127.0.0.1 may see (always 0). Placeholders: {base} is the hostile server's API address,
{base_host} its host:port, {other} the second server's address and {other_port} its port.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "hostile" / "kolada"
PAGE_2 = "/v3/data/kpi/N00097/municipality/0188/year/2024?page=2"
DEPTH = 20_000  # Python's JSON parser gave up (RecursionError) at about 1,000


def _scenario(name: str, answers: list[dict[str, object]], expected: Mapping[str, object],
              args: list[str] | None = None, note: str = "") -> None:
    spec: dict[str, object] = {"note": note, "answers": answers}
    if args:
        spec["args"] = args
    (OUT / f"{name}.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    expected = {"exit": 1, "elsewhere": 0, **expected}
    (OUT / f"{name}.json.expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _refused(target: str, how: str) -> dict[str, list[str]]:
    return {"messages": [f"{how} to '{target}', which is not the server asked "
                         "(http://127.0.0.1:{base_port}); it was not followed and nothing was "
                         "sent there."],
            "absent": ["could not reach Kolada"]}


def _values(value: str) -> str:
    """A data answer whose total for N00097, 0188, 2024 is `value`, as it stands."""
    return ('{"values": [{"kpi": "N00097", "municipality": "0188", "period": 2024, "values": '
            f'[{{"gender": "T", "value": {value}, "status": "", "count": 1, "isdeleted": '
            'false}]}], "count": 1, "next_url": null}')


def leaving_the_server() -> None:
    """Items 1 to 3: a next_url or a redirect to another server, and to other schemes."""
    links = {
        "next-url-other-port": "{other}" + PAGE_2,
        "next-url-other-host": "http://localhost:{other_port}" + PAGE_2,
        "next-url-schemeless": "//127.0.0.1:{other_port}" + PAGE_2,
        "next-url-user-info": "http://{base_host}@127.0.0.1:{other_port}" + PAGE_2,
        "next-url-ftp": "ftp://127.0.0.1:{other_port}/values.json",
        "next-url-https-same-host": "https://{base_host}" + PAGE_2,
    }
    for name, link in links.items():
        shown = link.replace("//127.0.0.1", "http://127.0.0.1") \
            if link.startswith("//") else link
        _scenario(name, [{"next_url": link}], _refused(shown, "links its next page"),
                  note="page 1 is the data asked for, with a next_url elsewhere")
    redirects = {
        "redirect-301-other-port": (301, "{other}" + PAGE_2),
        "redirect-302-other-host": (302, "http://localhost:{other_port}" + PAGE_2),
        "redirect-303-schemeless": (303, "//127.0.0.1:{other_port}" + PAGE_2),
        "redirect-307-other-port": (307, "{other}" + PAGE_2),
        "redirect-308-other-port": (308, "{other}" + PAGE_2),
        "redirect-ftp": (302, "ftp://127.0.0.1:{other_port}/values.json"),
        "redirect-file": (302, "file:///etc/passwd"),
        "redirect-https-same-host": (301, "https://{base_host}" + PAGE_2),
    }
    for name, (status, location) in redirects.items():
        shown = location.replace("//127.0.0.1", "http://127.0.0.1") \
            if location.startswith("//") else location
        expected = _refused(shown, "redirects")
        if "https-same-host" in name:
            expected["messages"].append("If the API is at https://, give --api-url https://")
        _scenario(name, [{"status": status, "headers": {"Location": location}}], expected,
                  note=f"a {status} redirect")


def deep_json() -> None:
    """Item 4: JSON nested far deeper than Kolada's shape."""
    (OUT / "deep-arrays.body").write_text('{"values": ' + "[" * DEPTH + "]" * DEPTH + "}",
                                          encoding="utf-8")
    (OUT / "deep-objects.body").write_text('{"values": [], "x": ' + '{"a": ' * DEPTH + "0"
                                           + "}" * DEPTH + "}", encoding="utf-8")
    for name in ("deep-arrays", "deep-objects"):
        _scenario(name, [{"body_file": f"{name}.body"}],
                  {"messages": ["is not Kolada's JSON: it nests more than 16 levels deep"]},
                  note=f"{DEPTH:,} levels")


def slow_answers() -> None:
    """Item 5: one byte at a time, in the headers or in the body."""
    for where in ("headers", "body"):
        _scenario(f"drip-{where}", [{"drip": where, "every": 0.05}],
                  {"messages": ["Kolada did not answer within 1 s when asked for KPI"],
                   "seconds_at_most": 4},
                  args=["--timeout", "1"],
                  note=f"a byte of the {where} every 0.05 s, each read well within --timeout")
    _scenario("drip-every-try", [{"status": 503}, {"status": 503}, {"drip": "body",
                                                                    "every": 0.05}],
              {"messages": ["Kolada did not answer within 1 s"], "seconds_at_most": 6},
              args=["--timeout", "1"], note="two 503s, then a dripping body: not tried again")


def numbers_beyond_a_cell() -> None:
    """Item 6: published values no Excel cell holds."""
    where = "for KPI N00097, municipality 0188, year 2024, gender T (field \"value\")"
    for name, value, problem in (
            ("value-1e308", "1e308", "larger than the largest number an Excel cell holds"),
            ("value-minus-1e308", "-1e308", "larger than the largest number"),
            ("value-1e400", "1e400", "larger than the largest number an Excel cell holds"),
            ("value-4000-digits", "9" * 4000, "larger than the largest number"),
            ("value-1e-400", "1e-400", "closer to zero than an Excel cell holds"),
            ("period-1e400", None, "larger than the largest number")):
        if value is None:
            body = _values("1").replace('"period": 2024', '"period": 1e400')
            messages = ["Kolada's answer gives 1E+400 for KPI N00097, municipality 0188, year "
                        "1E+400 (field \"period\")", problem]
        else:
            body = _values(value)
            shown = str(value) if len(value) < 40 else f"{value[:30]}… (4,000 characters)"
            shown = {"1e308": "1E+308", "-1e308": "-1E+308", "1e400": "1E+400",
                     "1e-400": "1E-400"}.get(value, shown)
            messages = [f"Kolada's answer gives {shown} {where}", problem,
                        "Nothing was written."]
        _scenario(name, [{"body": body}], {"messages": messages})


def bad_api_urls() -> None:
    """Item 7: an --api-url urllib cannot even split."""
    for name, url in (("api-url-unclosed-bracket", "http://[::1"),
                      ("api-url-port-not-a-number", "http://127.0.0.1:http/v3"),
                      ("api-url-no-host", "http:///v3")):
        _scenario(name, [], {"exit": 2, "messages": [
            f"'{url}' is not a whole http(s) address"]}, args=["--api-url", url])


GENERATORS = {
    "leaving_the_server": leaving_the_server,
    "deep_json": deep_json,
    "slow_answers": slow_answers,
    "numbers_beyond_a_cell": numbers_beyond_a_cell,
    "bad_api_urls": bad_api_urls,
}


def write_all() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for generator in GENERATORS.values():
        generator()
