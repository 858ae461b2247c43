"""The sentences the report writes about the goals, in Swedish, built once and rendered two
ways: as text from numbers (a cell's cached value, the frame) and as an Excel formula over
cells (the live workbook), so that the two cannot say different things.

- `goal_counts`: "Av 6 indikatorer är 5 bedömda: 1 är uppfylld och 4 är ej uppfyllda."
- `goal_text`: that, "Målet bedöms som ej uppfyllt." and the Motivering after it: the `Text`
  a controller pastes into the annual report.
- `headline`: "4 av 19 inriktningsmål uppfyllda, 6 delvis, 8 ej, 1 ej bedömt".

A sentence is a small tree of phrases (`Lit`, `Num`, `Field`, `Cat`, `When`) over named
values; `text(values)` renders it from numbers and words, `formula(refs)` from cell
references (or any expression) by the same names. Correct Swedish for 0, 1 and many: a count
of 0 is "ingen", and the word after 0 and 1 singular (uppfylld), after more plural
(uppfyllda); parts whose count is 0 are left out of a list, which is joined with "," and
"och".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from indexcel import theme, vocabulary
from indexcel.model import Status

Values = Mapping[str, int | str | None]  # name -> a count, a word or a text (None: empty)
Refs = Mapping[str, str]  # name -> a cell reference or an expression


def literal(text: str) -> str:
    """A text as a formula literal, as writer/formulas.py writes them: a "(" ends the literal
    and starts the next, so that XlsxWriter never takes 'NAME(' in a text for a function."""
    quoted = '"' + text.replace('"', '""') + '"'
    return quoted.replace("(", '"&"(') if "(" in text else quoted


# -- conditions --------------------------------------------------------------------------------

class Condition:
    def holds(self, values: Values) -> bool:
        raise NotImplementedError

    def formula(self, refs: Refs) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Equals(Condition):
    name: str
    number: int

    def holds(self, values: Values) -> bool:
        return _number(values, self.name) == self.number

    def formula(self, refs: Refs) -> str:
        return f"{refs[self.name]}={self.number}"


@dataclass(frozen=True)
class Positive(Condition):
    name: str

    def holds(self, values: Values) -> bool:
        return _number(values, self.name) > 0

    def formula(self, refs: Refs) -> str:
        return f"{refs[self.name]}>0"


@dataclass(frozen=True)
class Filled(Condition):
    """A text cell that is not empty."""

    name: str

    def holds(self, values: Values) -> bool:
        return _text(values.get(self.name)) != ""

    def formula(self, refs: Refs) -> str:
        return f'{refs[self.name]}<>""'


@dataclass(frozen=True)
class Says(Condition):
    """A cell holding `word` (without regard to case, as Excel compares)."""

    name: str
    word: str

    def holds(self, values: Values) -> bool:
        return _text(values.get(self.name)).casefold() == self.word.casefold()

    def formula(self, refs: Refs) -> str:
        return f"{refs[self.name]}={literal(self.word)}"


@dataclass(frozen=True)
class All(Condition):
    conditions: tuple[Condition, ...]

    def holds(self, values: Values) -> bool:
        return all(c.holds(values) for c in self.conditions)

    def formula(self, refs: Refs) -> str:
        return "AND(" + ",".join(c.formula(refs) for c in self.conditions) + ")"


@dataclass(frozen=True)
class Any_(Condition):
    conditions: tuple[Condition, ...]

    def holds(self, values: Values) -> bool:
        return any(c.holds(values) for c in self.conditions)

    def formula(self, refs: Refs) -> str:
        return "OR(" + ",".join(c.formula(refs) for c in self.conditions) + ")"


# -- phrases -----------------------------------------------------------------------------------

class Phrase:
    def text(self, values: Values) -> str:
        raise NotImplementedError

    def formula(self, refs: Refs) -> str:
        """The phrase as a formula expression (no leading '=')."""
        raise NotImplementedError


@dataclass(frozen=True)
class Lit(Phrase):
    value: str

    def text(self, values: Values) -> str:
        return self.value

    def formula(self, refs: Refs) -> str:
        return literal(self.value)


@dataclass(frozen=True)
class Num(Phrase):
    """A count, as a spreadsheet joins a whole number into text ("5")."""

    name: str

    def text(self, values: Values) -> str:
        return str(_number(values, self.name))

    def formula(self, refs: Refs) -> str:
        return refs[self.name]


@dataclass(frozen=True)
class Field(Phrase):
    """A text cell as it stands (the Motivering)."""

    name: str

    def text(self, values: Values) -> str:
        return _text(values.get(self.name))

    def formula(self, refs: Refs) -> str:
        return refs[self.name]


@dataclass(frozen=True)
class Cat(Phrase):
    parts: tuple[Phrase, ...]

    def text(self, values: Values) -> str:
        return "".join(part.text(values) for part in self.parts)

    def formula(self, refs: Refs) -> str:
        return "&".join(part.formula(refs) for part in self.parts)


@dataclass(frozen=True)
class When(Phrase):
    condition: Condition
    then: Phrase
    otherwise: Phrase

    def text(self, values: Values) -> str:
        return (self.then if self.condition.holds(values) else self.otherwise).text(values)

    def formula(self, refs: Refs) -> str:
        return (f"IF({self.condition.formula(refs)},{self.then.formula(refs)},"
                f"{self.otherwise.formula(refs)})")


def cat(*parts: Phrase | str) -> Phrase:
    """Parts joined; a str is a literal. Adjacent literals are merged into one."""
    merged: list[Phrase] = []
    for part in parts:
        phrase = Lit(part) if isinstance(part, str) else part
        if isinstance(phrase, Lit) and merged and isinstance(merged[-1], Lit):
            merged[-1] = Lit(merged[-1].value + phrase.value)
        elif not (isinstance(phrase, Lit) and phrase.value == ""):
            merged.append(phrase)
    if not merged:
        return Lit("")
    return merged[0] if len(merged) == 1 else Cat(tuple(merged))


def _number(values: Values, name: str) -> int:
    value = values.get(name)
    return value if isinstance(value, int) else 0


def _text(value: int | str | None) -> str:
    return "" if value is None else str(value)


# -- the sentences -----------------------------------------------------------------------------

def _counted(name: str, words: tuple[str, str]) -> Phrase:
    """'1 är uppfylld', '4 är uppfyllda' (for a count above 0)."""
    one, many = words
    is_ = theme.SENTENCE_IS
    return When(Equals(name, 1), Lit(f"1 {is_} {one}"), cat(Num(name), f" {is_} {many}"))


def _plural(name: str, words: tuple[str, str]) -> Phrase:
    """The singular after 1, the plural after 0 and more."""
    return When(Equals(name, 1), Lit(words[0]), Lit(words[1]))


def goal_counts(partly: bool = True) -> Phrase:
    """'Av 6 indikatorer är 5 bedömda: 1 är uppfylld och 4 är ej uppfyllda.' over the names
    indicators, assessed, met, partly_met and not_met. The parts of the list whose count is 0
    are left out (the assessed are at least one); with none assessed: 'är ingen bedömd.'
    `partly`: whether there is a count of partly met indicators (else none is)."""
    and_ = f" {theme.SENTENCE_AND} "
    met, not_met = Positive("met"), Positive("not_met")
    if partly:
        some = Positive("partly_met")
        listed = cat(
            When(met, _counted("met", theme.SENTENCE_MET), Lit("")),
            When(All((met, some)), When(not_met, Lit(", "), Lit(and_)), Lit("")),
            When(some, _counted("partly_met", theme.SENTENCE_PARTLY_MET), Lit("")),
            When(All((Any_((met, some)), not_met)), Lit(and_), Lit("")),
            When(not_met, _counted("not_met", theme.SENTENCE_NOT_MET), Lit("")))
    else:
        listed = cat(
            When(met, _counted("met", theme.SENTENCE_MET), Lit("")),
            When(All((met, not_met)), Lit(and_), Lit("")),
            When(not_met, _counted("not_met", theme.SENTENCE_NOT_MET), Lit("")))
    one, many = theme.SENTENCE_ASSESSED
    assessed = When(Equals("assessed", 0), Lit(f"{theme.SENTENCE_NONE} {one}."),
                    cat(Num("assessed"), " ", _plural("assessed", (one, many)), ": ", listed,
                        "."))
    return cat(f"{theme.SENTENCE_OF} ", Num("indicators"), " ",
               _plural("indicators", theme.SENTENCE_INDICATORS), f" {theme.SENTENCE_IS} ",
               assessed)


def judgement_sentence() -> Phrase:
    """'Målet bedöms som uppfyllt.' for the word in `judgement`."""
    labels = vocabulary.GOAL_JUDGEMENT_LABELS
    sentences = theme.SENTENCE_JUDGEMENT
    phrase: Phrase = Lit(sentences[Status.NOT_ASSESSED])
    for status in (Status.NOT_MET, Status.PARTLY_MET, Status.MET):
        phrase = When(Says("judgement", labels[status]), Lit(sentences[status]), phrase)
    return phrase


def goal_text(partly: bool = True) -> Phrase:
    """The annual report's sentence of a goal: its counts, its judgement, and the Motivering
    after them when there is one."""
    return cat(goal_counts(partly), " ", judgement_sentence(),
               When(Filled("motivation"), cat(" ", Field("motivation")), Lit("")))


def headline() -> Phrase:
    """'4 av 19 inriktningsmål uppfyllda, 6 delvis, 8 ej, 1 ej bedömt' over the names met,
    goals, partly_met, not_met and not_assessed (counts of goals); the last part only when
    some goal is not assessed."""
    return cat(Num("met"), f" {theme.HEADLINE_OF} ", Num("goals"), f" {theme.HEADLINE_GOALS} ",
               _plural("met", theme.HEADLINE_MET), ", ", Num("partly_met"),
               f" {theme.HEADLINE_PARTLY}, ", Num("not_met"), f" {theme.HEADLINE_NOT_MET}",
               When(Positive("not_assessed"),
                    cat(", ", Num("not_assessed"), " ",
                        _plural("not_assessed", theme.HEADLINE_NOT_ASSESSED)), Lit("")))
