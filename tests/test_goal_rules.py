"""The goal rule (indexcel/goals.py) and its formulas (writer/goal_formulas.py, the sentences
of indexcel/sentences.py): exact at every threshold, in Python and in the formulas alike, and
a judgement given by hand wins. The formulas are evaluated by tests/formula_eval.py."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from formula_eval import evaluate
from indexcel import sentences, theme, vocabulary
from indexcel.errors import OptionError
from indexcel.goals import GoalRule, GoalRuleError, judge_goal, share
from indexcel.model import Goal, Status
from indexcel.rules import AssessmentOptions
from indexcel.writer import goal_formulas
from indexcel.writer.goal_formulas import GoalCells

WORDS = vocabulary.GOAL_JUDGEMENT_LABELS
GOAL = Goal.parse("1.1. En ekonomi i balans")
CELLS = GoalCells(indicators="B2", met="D2", not_met="F2", partly_met="E2", judgement="H2",
                  motivation="I2")
NO_PARTLY = GoalCells(indicators="B2", met="D2", not_met="F2", judgement="H2")


def reference(indicators: int, met: int, partly: int, not_met: int, rule: GoalRule) -> Status:
    """The rule as the issue states it, with exact shares (Fractions), not cross-multiplied."""
    assessed = met + partly + not_met
    if assessed == 0 or Fraction(assessed, indicators) < rule.assessed:
        return Status.NOT_ASSESSED
    if Fraction(met, assessed) >= rule.met:
        return Status.MET
    if Fraction(met + partly, assessed) >= rule.partly:
        return Status.PARTLY_MET
    return Status.NOT_MET


def statuses(met: int, partly: int, not_met: int, not_assessed: int) -> list[Status]:
    return ([Status.MET] * met + [Status.PARTLY_MET] * partly + [Status.NOT_MET] * not_met
            + [Status.NOT_ASSESSED] * not_assessed)


def cells(indicators: int, met: int, partly: int, not_met: int, word: str = "",
          motivation: str | None = None) -> dict:
    # Counts as COUNTIFS gives them (floats), as the formulas read them.
    return {"B2": float(indicators), "D2": float(met), "E2": float(partly),
            "F2": float(not_met), "H2": word, "I2": motivation}


@pytest.mark.parametrize(("met", "partly", "not_met", "not_assessed", "expected"), [
    (3, 0, 1, 0, Status.MET),  # 3 of 4 met is 75 % and meets a 75 % rule
    (2, 0, 1, 0, Status.PARTLY_MET),  # 66,7 %
    (2, 1, 1, 0, Status.PARTLY_MET),  # 50 % met, 75 % met or partly
    (1, 1, 2, 0, Status.PARTLY_MET),  # met or partly exactly 50 %
    (1, 0, 2, 0, Status.NOT_MET),
    (1, 0, 0, 1, Status.MET),  # half the indicators assessed: judged
    (1, 0, 0, 2, Status.NOT_ASSESSED),  # a third assessed: too few
    (0, 0, 0, 3, Status.NOT_ASSESSED),  # none assessed
    (0, 0, 0, 0, Status.NOT_ASSESSED),  # no indicators
    (0, 2, 2, 0, Status.PARTLY_MET),
])
def test_the_rule_with_its_defaults(met, partly, not_met, not_assessed, expected):
    judgement = judge_goal(GOAL, statuses(met, partly, not_met, not_assessed))
    assert judgement.computed is judgement.judgement is expected
    assert (judgement.indicators, judgement.assessed) == (
        met + partly + not_met + not_assessed, met + partly + not_met)


def test_a_judgement_given_by_hand_wins_and_the_rule_s_is_kept():
    judgement = judge_goal(GOAL, statuses(1, 0, 3, 0), given=Status.MET, motivation="Skäl.")
    assert judgement.judgement is Status.MET and judgement.computed is Status.NOT_MET
    assert judgement.is_given and judgement.motivation == "Skäl."
    assert judgement.share_met == Fraction(1, 4)


@pytest.mark.parametrize(("value", "expected"), [
    (75, Fraction(3, 4)), ("75", Fraction(3, 4)), ("75 %", Fraction(3, 4)),
    ("75%", Fraction(3, 4)), ("0.75", Fraction(3, 4)), ("0,75", Fraction(3, 4)),
    (0.75, Fraction(3, 4)), (Fraction(3, 4), Fraction(3, 4)), (Decimal("0.75"), Fraction(3, 4)),
    ("66,7 %", Fraction(667, 1000)), (0.7, Fraction(7, 10)), ("1", Fraction(1)),
    ("1 %", Fraction(1, 100)), ("0", Fraction(0)), ("100 %", Fraction(1)),
    (" 50\u00a0% ", Fraction(1, 2)),
])
def test_a_share_is_taken_as_75_75_percent_or_0_75_alike(value, expected):
    assert share(value) == expected
    assert AssessmentOptions(goal_met=value, goal_partly=0).goal_rule.met == expected


@pytest.mark.parametrize("value", ["", "mycket", "101", "150 %", "-5", "−0,1", "nan", "inf",
                                   float("nan"), float("inf"), -1, True, None, "75 %%"])
def test_a_bad_share_is_an_error_naming_the_option(value):
    with pytest.raises(GoalRuleError) as caught:
        AssessmentOptions(goal_assessed=value)  # type: ignore[arg-type]
    assert isinstance(caught.value, OptionError) and isinstance(caught.value, ValueError)
    assert caught.value.option == "--goal-assessed"
    assert "share" in caught.value.message


def test_partly_above_met_is_an_error():
    with pytest.raises(GoalRuleError) as caught:
        AssessmentOptions(goal_met="60 %", goal_partly="61 %")
    assert caught.value.option == "--goal-partly"
    assert "61 %" in caught.value.message and "60 %" in caught.value.message
    AssessmentOptions(goal_met="60 %", goal_partly="60 %")  # equal is allowed


def test_the_options_hold_exact_fractions():
    options = AssessmentOptions(goal_assessed="50", goal_met=0.8, goal_partly="0,4")
    assert (options.goal_assessed, options.goal_met, options.goal_partly) == (
        Fraction(1, 2), Fraction(4, 5), Fraction(2, 5))
    assert options.goal_rule == GoalRule(Fraction(1, 2), Fraction(4, 5), Fraction(2, 5))


# -- Hypothesis: the rule, exactly at every threshold ---------------------------------------------

percent = st.integers(0, 100).map(lambda n: Fraction(n, 100))
odd_share = st.builds(Fraction, st.integers(0, 30), st.integers(1, 30)).filter(lambda f: f <= 1)
threshold = percent | odd_share


@st.composite
def rules(draw) -> GoalRule:
    met = draw(threshold)
    return GoalRule(draw(threshold), met, draw(threshold.filter(lambda f: f <= met)))


@st.composite
def counts_at(draw, rule: GoalRule) -> tuple[int, int, int, int]:
    """Counts on or near a threshold of `rule`: a share of exactly the threshold, one more,
    one fewer, or anything."""
    assessed = draw(st.integers(0, 40))
    target = draw(st.sampled_from([rule.met, rule.partly, None]))
    if target is not None and assessed and (target * assessed).denominator == 1:
        hit = int(target * assessed) + draw(st.sampled_from([0, 0, 1, -1]))
        hit = min(max(hit, 0), assessed)
        if target is rule.met:
            met = hit
            partly = draw(st.integers(0, assessed - met))
        else:
            both = hit
            met = draw(st.integers(0, both))
            partly = both - met
    else:
        met = draw(st.integers(0, assessed))
        partly = draw(st.integers(0, assessed - met))
    not_met = assessed - met - partly
    if draw(st.booleans()) and assessed and rule.assessed:
        # the share assessed exactly at (or one off) its threshold
        indicators = max(assessed, int(assessed / rule.assessed) + draw(st.sampled_from([0, 1])))
    else:
        indicators = assessed + draw(st.integers(0, 40))
    return indicators, met, partly, not_met


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_the_rule_is_exact_at_every_threshold(data):
    rule = data.draw(rules())
    indicators, met, partly, not_met = data.draw(counts_at(rule))
    assume(indicators >= met + partly + not_met)
    got = rule.verdict(indicators, met, partly, not_met)
    assert got is reference(indicators, met, partly, not_met, rule)
    statuses_ = statuses(met, partly, not_met, indicators - met - partly - not_met)
    assert judge_goal(GOAL, statuses_, rule).computed is got


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_the_judgement_formula_says_what_the_rule_says(data):
    rule = data.draw(rules())
    indicators, met, partly, not_met = data.draw(counts_at(rule))
    assume(indicators >= met + partly + not_met)
    expected = WORDS[rule.verdict(indicators, met, partly, not_met)]
    values = cells(indicators, met, partly, not_met)
    assert evaluate(goal_formulas.judgement(CELLS, rule), values) == expected
    if partly == 0:  # a tab that shows no partly-met count
        assert evaluate(goal_formulas.judgement(NO_PARTLY, rule), values) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30),
       st.sampled_from([None, *Status]), st.sampled_from(["", "Skäl till bedömningen.",
                                                          '"Citat" (och parentes)']))
def test_given_judgements_ball_and_sentences_say_what_python_says(n, met, partly, not_met,
                                                                   given_, motivation):
    """The workbook's Bedömning cell holds the given word (text) or the rule's formula; the
    ball, the goal's sentence and the note 'Bedömt för hand' read it, as their cached
    values say."""
    indicators = n + met + partly + not_met
    judgement = judge_goal(GOAL, statuses(met, partly, not_met, n), given=given_,
                           motivation=motivation or None)
    rule = GoalRule()
    values = cells(indicators, met, partly, not_met, motivation=motivation)
    word = (WORDS[judgement.given] if judgement.given is not None
            else evaluate(goal_formulas.judgement(CELLS, rule), values))
    assert word == WORDS[judgement.judgement]
    values["H2"] = word
    assert evaluate(goal_formulas.ball("H2"), values) == theme.STATUS_GLYPHS[judgement.judgement]
    phrase = sentences.goal_text()
    expected_text = phrase.text(goal_formulas.values(judgement, motivation))
    assert evaluate(goal_formulas.sentence(phrase, CELLS), values) == expected_text
    assert expected_text.endswith(motivation)
    assert theme.SENTENCE_JUDGEMENT[judgement.judgement] in expected_text
    assert evaluate(goal_formulas.given_note(CELLS, rule), values) == \
        goal_formulas.given_note_text(judgement)


@pytest.mark.parametrize(("counts", "text"), [
    ((6, 5, 1, 0, 4), "Av 6 indikatorer är 5 bedömda: 1 är uppfylld och 4 är ej uppfyllda."),
    ((1, 1, 1, 0, 0), "Av 1 indikator är 1 bedömd: 1 är uppfylld."),
    ((6, 0, 0, 0, 0), "Av 6 indikatorer är ingen bedömd."),
    ((3, 3, 0, 0, 3), "Av 3 indikatorer är 3 bedömda: 3 är ej uppfyllda."),
    ((9, 6, 2, 1, 3),
     "Av 9 indikatorer är 6 bedömda: 2 är uppfyllda, 1 är delvis uppfylld och 3 är ej "
     "uppfyllda."),
    ((4, 4, 0, 2, 2), "Av 4 indikatorer är 4 bedömda: 2 är delvis uppfyllda och 2 är ej "
     "uppfyllda."),
    ((2, 2, 1, 1, 0), "Av 2 indikatorer är 2 bedömda: 1 är uppfylld och 1 är delvis uppfylld."),
])
def test_the_counts_in_correct_swedish_for_0_1_and_many(counts, text):
    indicators, assessed, met, partly, not_met = counts
    values = {"indicators": indicators, "assessed": assessed, "met": met,
              "partly_met": partly, "not_met": not_met}
    phrase = sentences.goal_counts()
    assert phrase.text(values) == text
    assert evaluate("=" + phrase.formula(CELLS.refs()), cells(indicators, met, partly,
                                                              not_met)) == text
    if partly == 0:  # the same, where no count of partly met is shown
        shorter = sentences.goal_counts(partly=False)
        assert shorter.text(values) == text
        formula = "=" + shorter.formula(NO_PARTLY.refs())
        assert "E2" not in formula and "0>0" not in formula
        assert evaluate(formula, cells(indicators, met, partly, not_met)) == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(Status)), max_size=25))
def test_the_headline_formula_says_what_python_says(judged):
    values: dict = {s.value: judged.count(s) for s in Status}
    values["goals"] = len(judged)
    phrase = sentences.headline()
    sheet = {f"K{row}": WORDS[s] for row, s in enumerate(judged, start=9)}
    words = f"$K$9:$K${8 + max(len(judged), 1)}"
    refs = {s.value: f"COUNTIF({words},{sentences.literal(WORDS[s])})" for s in Status}
    refs["goals"] = f"COUNTA({words})"

    def lookup(ref: str):
        if ":" in ref:
            first, last = (int(part[1:]) for part in ref.split(":"))
            return [sheet.get(f"K{r}") for r in range(first, last + 1)]
        return sheet.get(ref)

    text = phrase.text(values)
    assert evaluate("=" + phrase.formula(refs), lookup) == text
    met = values["met"]
    assert text.startswith(f"{met} av {len(judged)} inriktningsmål "
                           + ("uppfyllt" if met == 1 else "uppfyllda"))
    assert ("ej bedöm" in text) == (values["not_assessed"] > 0)


def test_the_headline_of_the_issue():
    values = {"met": 4, "goals": 19, "partly_met": 6, "not_met": 8, "not_assessed": 1}
    assert sentences.headline().text(values) == \
        "4 av 19 inriktningsmål uppfyllda, 6 delvis, 8 ej, 1 ej bedömt"
    values["not_assessed"] = 2
    assert sentences.headline().text(values).endswith("2 ej bedömda")


def test_thresholds_outside_whole_percent_are_written_as_fractions():
    rule = GoalRule(Fraction(1, 3), Fraction(2, 3), Fraction(1, 3))
    formula = goal_formulas.judgement(CELLS, rule)
    assert "D2*3>=2*(D2+E2+F2)" in formula
    assert "(D2+E2+F2)*3<1*B2" in formula
    assert "D2*100>=75*" in goal_formulas.judgement(CELLS, GoalRule())
