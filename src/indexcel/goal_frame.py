"""The goals' judgements as a pandas DataFrame: `Dataset.goals_to_frame()`, the companion of
`Dataset.to_frame()` for goals. One row per goal, in the order of `dataset.goals`, with the
columns of the report's table `Alla inriktningsmål` (the counts, the judgement, the Motivering
and the annual report's Text), and besides: Ej bedömda, the rule's own judgement (Enligt
regeln) and whether the one shown was given by hand (Bedömt för hand).

pandas is an optional extra; this module is imported only when the method is called.
"""

from __future__ import annotations

from indexcel import rules, sentences, theme, vocabulary
from indexcel.errors import MissingDependencyError
from indexcel.model import Dataset

try:
    import numpy
    import pandas
except ImportError as exc:
    raise MissingDependencyError(
        f"pandas is needed for goals_to_frame() ({exc}).", "pip install indexcel[pandas]"
    ) from exc

__all__ = ["COLUMNS", "goals_to_frame"]

WORDS = vocabulary.GOAL_JUDGEMENT_LABELS
COLUMNS = (vocabulary.HEADER_GOAL, theme.LABEL_COUNT, theme.LABEL_ASSESSED, theme.LABEL_MET,
           theme.LABEL_PARTLY_MET, theme.LABEL_NOT_MET, theme.LABEL_NOT_ASSESSED,
           theme.LABEL_SHARE_MET, vocabulary.HEADER_JUDGEMENT, theme.LABEL_RULE_JUDGEMENT,
           theme.LABEL_GIVEN_COLUMN, vocabulary.HEADER_MOTIVATION, theme.LABEL_GOAL_TEXT)


def goals_to_frame(dataset: Dataset,
                   assessment: rules.Assessment | None = None) -> pandas.DataFrame:
    """See Dataset.goals_to_frame."""
    if assessment is None:
        assessment = rules.assess(dataset)
    elif assessment.dataset is not dataset:
        raise ValueError("the assessment is of another dataset: assess this one "
                         "(indexcel.assess(dataset)).")
    phrase = sentences.goal_text()
    rows = []
    for judgement in assessment.goals:
        share = judgement.share_met
        values: dict[str, int | str | None] = {
            "indicators": judgement.indicators, "assessed": judgement.assessed,
            "met": judgement.met, "partly_met": judgement.partly_met,
            "not_met": judgement.not_met, "judgement": WORDS[judgement.judgement],
            "motivation": judgement.motivation}
        rows.append((judgement.goal.text, judgement.indicators, judgement.assessed,
                     judgement.met, judgement.partly_met, judgement.not_met,
                     judgement.not_assessed, numpy.nan if share is None else float(share),
                     WORDS[judgement.judgement], WORDS[judgement.computed], judgement.is_given,
                     judgement.motivation, phrase.text(values)))
    frame = pandas.DataFrame(rows, columns=list(COLUMNS))
    for column in COLUMNS[1:7]:
        frame[column] = frame[column].astype("int64")
    frame[theme.LABEL_GIVEN_COLUMN] = frame[theme.LABEL_GIVEN_COLUMN].astype(bool)
    frame[theme.LABEL_SHARE_MET] = frame[theme.LABEL_SHARE_MET].astype("float64")
    return frame
