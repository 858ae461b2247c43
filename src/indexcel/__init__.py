"""indexcel: the municipal indicator follow-up workbook, from an input sheet or a CSV.

    import indexcel

    dataset = indexcel.read_dataset("input/indikatorer-2024.xlsx")
    assessment = indexcel.assess(dataset)         # statuses, trends, goals, their warnings
    frame = dataset.to_frame(assessment)          # pandas, `pip install indexcel[pandas]`
    indexcel.build_report(indexcel.dataset_from_frame(frame), "output/rapport.xlsx")

The names below are loaded on first use (PEP 562), so that `import indexcel`, which the
command line does on every start, imports no reader, writer or pandas.
"""

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (as type checkers know)

__version__ = "0.1.0"

# Public name -> the module that defines it.
_LAZY = {
    "read_dataset": "indexcel.reader",
    **dict.fromkeys(("assess", "Assessment", "AssessmentOptions", "Judgement"), "indexcel.rules"),
    **dict.fromkeys(("GoalJudgement", "GoalRule", "GoalRuleError"), "indexcel.goals"),
    "build_report": "indexcel.writer",
    "ReportOptions": "indexcel.writer",
    "BuildResult": "indexcel.writer",
    "dataset_from_frame": "indexcel.frame",
    **dict.fromkeys(("Dataset", "Indicator", "Column", "ColumnRole", "Goal", "GoalRow",
                     "GoalSheet", "Measure", "Direction", "Change", "Status", "StatusChange",
                     "Trend", "TrendBasis", "TrendConvention", "Problem", "Severity",
                     "Location"), "indexcel.model"),
    **dict.fromkeys(("IndexcelError", "InputError", "InvalidDataError",
                     "MissingDependencyError"), "indexcel.errors"),
}

__all__ = [
    "Assessment", "AssessmentOptions", "BuildResult", "Change", "Column", "ColumnRole",
    "Dataset", "Direction", "Goal", "GoalJudgement", "GoalRow", "GoalRule", "GoalRuleError",
    "GoalSheet", "IndexcelError", "Indicator", "InputError",
    "InvalidDataError", "Judgement", "Location", "Measure", "MissingDependencyError",
    "Problem", "ReportOptions", "Severity", "Status", "StatusChange", "Trend", "TrendBasis",
    "TrendConvention",
    "__version__", "assess", "build_report", "dataset_from_frame", "read_dataset",
]

if TYPE_CHECKING:  # what type checkers and editors see; nothing of it is imported at run time
    from indexcel.errors import (
        IndexcelError,
        InputError,
        InvalidDataError,
        MissingDependencyError,
    )
    from indexcel.frame import dataset_from_frame
    from indexcel.goals import GoalJudgement, GoalRule, GoalRuleError
    from indexcel.model import (
        Change,
        Column,
        ColumnRole,
        Dataset,
        Direction,
        Goal,
        GoalRow,
        GoalSheet,
        Indicator,
        Location,
        Measure,
        Problem,
        Severity,
        Status,
        StatusChange,
        Trend,
        TrendBasis,
        TrendConvention,
    )
    from indexcel.reader import read_dataset
    from indexcel.rules import Assessment, AssessmentOptions, Judgement, assess
    from indexcel.writer import BuildResult, ReportOptions, build_report


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'indexcel' has no attribute {name!r}")
    value = getattr(__import__(module, fromlist=[name]), name)  # importlib, not imported
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
