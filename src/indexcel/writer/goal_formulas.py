"""The formulas of the goals' judgements, twin of indexcel/goals.py (GoalRule.verdict).

Each reads a goal's counts from cells (its number of indicators, and how many are met,
partly met and not met) and compares them as the rule does, by cross-multiplying whole
numbers: met·100 ≥ 75·assessed for a 75 % rule, so that 3 of 4 met meets it exactly. The
sentences (indexcel/sentences.py) render themselves; this module gives them their cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from indexcel import sentences, theme, vocabulary
from indexcel.goals import GoalJudgement, GoalRule
from indexcel.model import Status

WORDS = vocabulary.GOAL_JUDGEMENT_LABELS
GLYPHS = theme.STATUS_GLYPHS


@dataclass(frozen=True)
class GoalCells:
    """Where one goal's counts stand, as cell references; `partly_met` None where no count
    of partly met indicators is shown (there is none then)."""

    indicators: str
    met: str
    not_met: str
    partly_met: str | None = None
    judgement: str | None = None  # the cell of the judgement's word, for the sentences
    motivation: str | None = None  # the Motivering's cell, for the goal's Text

    @property
    def assessed(self) -> str:
        parts = [self.met, *([self.partly_met] if self.partly_met else []), self.not_met]
        return "(" + "+".join(parts) + ")"

    def refs(self) -> dict[str, str]:
        """The names the sentences use, as these cells."""
        refs = {"indicators": self.indicators, "assessed": self.assessed, "met": self.met,
                "partly_met": self.partly_met or "0", "not_met": self.not_met}
        if self.judgement is not None:
            refs["judgement"] = self.judgement
        if self.motivation is not None:
            refs["motivation"] = self.motivation
        return refs


def at_least(count: str, of: str, threshold: Fraction, comparison: str = ">=") -> str:
    """count ÷ of ≥ threshold as a comparison of whole numbers: 'D5*100>=75*(D5+F5)' (a
    threshold in whole per cent is written as one; any other as its fraction)."""
    if 100 % threshold.denominator == 0:
        scale, numerator = 100, threshold.numerator * (100 // threshold.denominator)
    else:
        scale, numerator = threshold.denominator, threshold.numerator
    return f"{count}*{scale}{comparison}{numerator}*{of}"


def judgement_expression(cells: GoalCells, rule: GoalRule,
                         words: Mapping[Status, str] = WORDS) -> str:
    """The judgement the rule gives the counts in `cells`, as one of `words` (no '=')."""
    n, assessed = cells.indicators, cells.assessed
    met = cells.met
    met_or_partly = f"({met}+{cells.partly_met})" if cells.partly_met else met
    few = at_least(assessed, n, rule.assessed, "<")
    word = {status: sentences.literal(text) for status, text in words.items()}
    return (f"IF(OR({assessed}=0,{few}),{word[Status.NOT_ASSESSED]},"
            f"IF({at_least(met, assessed, rule.met)},{word[Status.MET]},"
            f"IF({at_least(met_or_partly, assessed, rule.partly)},{word[Status.PARTLY_MET]},"
            f"{word[Status.NOT_MET]})))")


def judgement(cells: GoalCells, rule: GoalRule, words: Mapping[Status, str] = WORDS) -> str:
    return "=" + judgement_expression(cells, rule, words)


def ball(word_cell: str) -> str:
    """The ball (● ◕ ◐ ○) of the judgement word in `word_cell`."""
    formula = sentences.literal(GLYPHS[Status.NOT_ASSESSED])
    for status in (Status.NOT_MET, Status.PARTLY_MET, Status.MET):
        formula = (f"IF({word_cell}={sentences.literal(WORDS[status])},"
                   f"{sentences.literal(GLYPHS[status])},{formula})")
    return "=" + formula


def given_note(cells: GoalCells, rule: GoalRule) -> str:
    """'Bedömt för hand. Enligt regeln: ej uppfyllt.', the rule's judgement live."""
    before, after = theme.LABEL_GIVEN_RULE.split("{judgement}")
    return (f"={sentences.literal(theme.LABEL_GIVEN + ' ' + before)}&"
            f"LOWER({judgement_expression(cells, rule)})&{sentences.literal(after)}")


def given_note_text(judgement: GoalJudgement) -> str:
    """The cached value of `given_note`."""
    rule_word = WORDS[judgement.computed].lower()
    return f"{theme.LABEL_GIVEN} {theme.LABEL_GIVEN_RULE.format(judgement=rule_word)}"


def values(judgement: GoalJudgement, motivation: str | None = None) -> dict[str, int | str | None]:
    """The names the sentences use, for the cached value of a goal's sentences."""
    return {"indicators": judgement.indicators, "assessed": judgement.assessed,
            "met": judgement.met, "partly_met": judgement.partly_met,
            "not_met": judgement.not_met, "judgement": WORDS[judgement.judgement],
            "motivation": motivation}


def sentence(phrase: sentences.Phrase, cells: GoalCells) -> str:
    return "=" + phrase.formula(cells.refs())
