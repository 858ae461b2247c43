"""A small evaluator of the Excel formulas indexcel writes, for tests.

It knows the few functions indexcel uses (IF, OR, AND, NOT, ABS, SIGN, MAX, ROUND, N,
ISNUMBER, ISTEXT, LOWER, SUM, COUNT, COUNTA, COUNTIF, COUNTIFS, SLOPE, CHOOSE) and array
constants ({2022,"",2024}) with Excel's semantics where they matter here: an empty cell is 0
in arithmetic and "" in a comparison with text, text compares without regard to case, ROUND
rounds half away from zero on the decimal digits, IF evaluates only the branch it takes, and a
subtraction of two numbers equal to about 15 digits gives 0, as LibreOffice subtracts.
test_formulas.py checks it against LibreOffice on a batch of rows, and test_magnitude.py on
rows at magnitudes from 10⁻³ to 10¹².

    evaluate('=IF(A1>=B1,"●","◐")', {"A1": 0.9, "B1": 0.85})  ->  "●"
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?\$?[A-Z]{1,3}\$?\d*(?::\$?[A-Z]{1,3}\$?\d*)?
        (?![\w(]))
  | (?P<func>[A-Z][A-Z0-9.]*(?=\())
  | (?P<op><=|>=|<>|[-+*/&=<>(),:^{}])
""", re.VERBOSE)

Lookup = Callable[[str], Any]  # a reference (as written, without $) -> value, or list for ranges


class FormulaError(Exception):
    pass


def tokens(formula: str) -> list[tuple[str, str]]:
    text = formula[1:] if formula.startswith("=") else formula
    found, at = [], 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if not match:
            raise FormulaError(f"cannot read {text[at:at + 20]!r} in {formula!r}")
        at = match.end()
        kind = match.lastgroup
        if kind != "ws":
            found.append((kind, match.group()))
    return found


def evaluate(formula: str, cells: dict[str, Any] | Lookup) -> Any:
    lookup = cells if callable(cells) else (lambda ref: cells.get(ref))
    parser = _Parser(tokens(formula), lookup)
    value = parser.expression()
    if parser.at != len(parser.tokens):
        raise FormulaError(f"unexpected {parser.tokens[parser.at]} in {formula!r}")
    return _v(value)


class _Parser:
    """Parses to thunks (callables), so that IF evaluates only the branch it takes."""

    def __init__(self, items: list[tuple[str, str]], lookup: Lookup) -> None:
        self.tokens, self.at, self.lookup = items, 0, lookup

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, text: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (text is not None and token[1] != text):
            raise FormulaError(f"expected {text!r}, found {token}")
        self.at += 1
        return token

    def expression(self):
        return self.comparison()

    def comparison(self):
        left = self.concatenation()
        while (token := self.peek()) and token[1] in ("=", "<>", "<", ">", "<=", ">="):
            self.take()
            right, op, before = self.concatenation(), token[1], left
            left = _thunk(lambda a=before, b=right, o=op: _compare(_v(a), _v(b), o))
        return left

    def concatenation(self):
        left = self.additive()
        while (token := self.peek()) and token[1] == "&":
            self.take()
            right, before = self.additive(), left
            left = _thunk(lambda a=before, b=right: _text(_v(a)) + _text(_v(b)))
        return left

    def additive(self):
        left = self.multiplicative()
        while (token := self.peek()) and token[1] in ("+", "-"):
            self.take()
            right, op, before = self.multiplicative(), token[1], left
            left = _thunk(lambda a=before, b=right, o=op: _number(_v(a)) + _number(_v(b))
                          if o == "+" else _minus(_number(_v(a)), _number(_v(b))))
        return left

    def multiplicative(self):
        left = self.unary()
        while (token := self.peek()) and token[1] in ("*", "/"):
            self.take()
            right, op, before = self.unary(), token[1], left
            left = _thunk(lambda a=before, b=right, o=op: _arith(_v(a), _v(b), o))
        return left

    def unary(self):
        token = self.peek()
        if token and token[1] in ("-", "+"):
            self.take()
            inner = self.unary()
            return _thunk(lambda: -_number(_v(inner)) if token[1] == "-" else _number(_v(inner)))
        return self.primary()

    def primary(self):
        kind, text = self.take()
        if kind == "number":
            return float(text)
        if kind == "string":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            ref = text.replace("$", "")
            return _thunk(lambda: self.lookup(ref))
        if kind == "func":
            self.take("(")
            args = []
            if self.peek() and self.peek()[1] != ")":
                args.append(self.expression())
                while self.peek() and self.peek()[1] == ",":
                    self.take(",")
                    args.append(self.expression())
            self.take(")")
            return _call(text, args)
        if text == "(":
            inner = self.expression()
            self.take(")")
            return inner
        if text == "{":  # an array constant of one row: numbers and texts
            items: list = []
            while True:
                kind, item = self.take()
                negative = item == "-"
                if negative:
                    kind, item = self.take()
                if kind == "number":
                    items.append(-float(item) if negative else float(item))
                elif kind == "string":
                    items.append(item[1:-1].replace('""', '"'))
                else:
                    raise FormulaError(f"unexpected {item!r} in an array constant")
                if self.take()[1] == "}":
                    return items
        raise FormulaError(f"unexpected {text!r}")


class _Thunk:
    __slots__ = ("run",)

    def __init__(self, run) -> None:
        self.run = run


def _thunk(run) -> _Thunk:
    return _Thunk(run)


def _v(value):
    while isinstance(value, _Thunk):
        value = value.run()
    return value


def _number(value) -> float:
    if value is None:  # an empty cell
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        raise FormulaError(f"#VALUE!: {value!r} in arithmetic")
    return float(value)


def _minus(a: float, b: float) -> float:
    """As LibreOffice subtracts (rtl::math::approxSub): numbers of one sign equal to within
    2**-48 of the first give exactly 0."""
    difference = a - b
    if difference and (a < 0) == (b < 0) and abs(difference) < abs(a) * 2.0 ** -48:
        return 0.0
    return difference


def _arith(a, b, op) -> float:
    x, y = _number(a), _number(b)
    if op == "*":
        return x * y
    if y == 0:
        raise FormulaError("#DIV/0!")
    return x / y


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value).removesuffix(".0")
    return str(value)


def _compare(a, b, op: str) -> bool:
    # Excel: an empty cell equals "" and 0; numbers sort before text; text without case.
    if a is None:
        a = "" if isinstance(b, str) else 0.0
    if b is None:
        b = "" if isinstance(a, str) else 0.0
    if isinstance(a, str) != isinstance(b, str):
        rank_a, rank_b = isinstance(a, str), isinstance(b, str)
        a, b = rank_a, rank_b
    elif isinstance(a, str):
        a, b = a.casefold(), b.casefold()
    else:
        a, b = float(a), float(b)
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b,
            ">=": a >= b}[op]


def excel_round(value: float, digits: int) -> float:
    """Half away from zero on the decimal digits of the value as Excel shows it (15
    significant digits)."""
    if not math.isfinite(value):
        return value
    shown = Decimal(f"{value:.15g}")
    return float(shown.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _truth(value) -> bool:
    value = _v(value)
    if isinstance(value, str):
        raise FormulaError("#VALUE!: text as a condition")
    return bool(value)


def _call(name: str, args: list):
    def run():
        if name == "IF":
            return _v(args[1]) if _truth(args[0]) else (_v(args[2]) if len(args) > 2 else False)
        if name == "OR":
            return any(_truth(a) for a in [*args])
        if name == "AND":
            return all([_truth(a) for a in args])
        if name == "NOT":
            return not _truth(args[0])
        if name == "CHOOSE":  # evaluates only the argument it picks
            index = int(_number(_v(args[0])))
            if not 1 <= index < len(args):
                raise FormulaError("#VALUE!: CHOOSE out of range")
            return _v(args[index])
        values = [_v(a) for a in args]
        if name == "ABS":
            return abs(_number(values[0]))
        if name == "SIGN":
            number = _number(values[0])
            return float((number > 0) - (number < 0))
        if name == "ROUND":
            return excel_round(_number(values[0]), int(_number(values[1])))
        if name == "MAX":
            numbers = [v for v in _flat(values) if isinstance(v, (int, float))
                       and not isinstance(v, bool)]
            return float(max(numbers, default=0.0))
        if name == "N":
            value = values[0]
            return float(value) if isinstance(value, (int, float)) else 0.0
        if name == "ISNUMBER":
            return isinstance(values[0], (int, float)) and not isinstance(values[0], bool)
        if name == "ISTEXT":
            return isinstance(values[0], str)
        if name == "LOWER":
            return _text(values[0]).lower()
        if name == "SUM":
            return sum(_number(v) for v in _flat(values) if isinstance(v, (int, float)))
        if name == "COUNT":
            return float(sum(1 for v in _flat(values) if _numeric(v)))
        if name == "SLOPE":
            return _slope(_flat([values[0]]), _flat([values[1]]))
        if name == "COUNTA":
            return float(sum(1 for v in _flat(values) if v not in (None, "")))
        if name in ("COUNTIF", "COUNTIFS"):
            return float(_countifs(values))
        raise FormulaError(f"unknown function {name}")
    return _thunk(run)


def _numeric(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _slope(ys: list, xs: list) -> float:
    """As LibreOffice's SLOPE (ScInterpreter::CalculateSlopeIntercept): pairs where either is
    not a number are left out; about the means."""
    if len(ys) != len(xs):
        raise FormulaError("#N/A: SLOPE over ranges of different sizes")
    pairs = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)
             if _numeric(x) and _numeric(y)]
    if len(pairs) < 2:
        raise FormulaError("#DIV/0!: SLOPE of fewer than two points")
    mean_x = sum(x for x, _ in pairs) / len(pairs)
    mean_y = sum(y for _, y in pairs) / len(pairs)
    spread = sum((x - mean_x) ** 2 for x, _ in pairs)
    if spread == 0:
        raise FormulaError("#DIV/0!: SLOPE with one x")
    return sum((x - mean_x) * (y - mean_y) for x, y in pairs) / spread


def _flat(values) -> list:
    found = []
    for value in values:
        found.extend(value if isinstance(value, list) else [value])
    return found


def _countifs(values) -> int:
    pairs = list(zip(values[::2], values[1::2], strict=True))
    length = len(pairs[0][0])
    return sum(1 for row in range(length)
               if all(_matches(rng[row], criterion) for rng, criterion in pairs))


def _matches(value, criterion) -> bool:
    text = str(criterion)
    if text.startswith("="):
        text = text[1:]
    pattern = "".join(
        ".*" if part == "*" else "." if part == "?" else re.escape(part[1:]) if part.startswith(
            "~") else re.escape(part)
        for part in re.findall(r"~.|\*|\?|[^~*?]+", text))
    return re.fullmatch(pattern, _text(value), re.IGNORECASE | re.DOTALL) is not None
