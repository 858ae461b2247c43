"""The house's layout as the imports draw it: CLI -> reader -> model -> rules -> plan -> writer,
with no circle among the modules and no arrow from the reader to the rules.

Every `import indexcel...` in src/ is read from the source (at module level and inside
functions; those under `if TYPE_CHECKING:` are for type checkers only and left out).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
MODULES = {".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): p
           for p in sorted((SRC / "indexcel").rglob("*.py"))}

# Imports inside a function that point up the layers, each a convenience of a public type
# that loads its module only when called: Dataset.to_frame (pandas, frame.py),
# Dataset.goals_to_frame (pandas, goal_frame.py) and Dataset.uses_kolada (the word "Kolada",
# vocabulary.py, which imports the model).
ALLOWED_UPWARDS = {("indexcel.model", "indexcel.frame"), ("indexcel.model", "indexcel.goal_frame"),
                   ("indexcel.model", "indexcel.vocabulary")}

# What judging must never import: directions.py gives judging its warnings about assumed
# directions (rules.assess adds them to the Assessment), so it is judging's layer too.
_ABOVE_JUDGING = ("indexcel.reader", "indexcel.writer", "indexcel.frame", "indexcel.cli",
                  "indexcel.kolada", "indexcel.fill", "indexcel.perboard")

# What a layer must never import, at any level.
FORBIDDEN = {
    "indexcel.model": ("indexcel.reader", "indexcel.rules", "indexcel.directions",
                       "indexcel.writer", "indexcel.cli"),
    "indexcel.reader": ("indexcel.rules", "indexcel.directions", "indexcel.writer",
                        "indexcel.frame", "indexcel.cli", "indexcel.kolada", "indexcel.fill",
                        "indexcel.perboard"),
    "indexcel.rules": _ABOVE_JUDGING,
    "indexcel.directions": _ABOVE_JUDGING,
    "indexcel.writer": ("indexcel.reader", "indexcel.frame", "indexcel.cli", "indexcel.kolada",
                        "indexcel.fill"),
}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(module: str) -> list[tuple[str, bool]]:
    """(module imported, at module level) for every indexcel import of `module`."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                for rest in child.orelse:
                    visit(rest, top)
                continue
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                   ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, inner) for a in child.names if a.name.startswith("indexcel"))
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0 \
                    and child.module.startswith("indexcel"):
                for alias in child.names:  # `from indexcel.writer import cells`: a module
                    name = f"{child.module}.{alias.name}"
                    found.append((name if name in MODULES else child.module, inner))
            visit(child, inner)

    visit(tree, True)
    return [(name, top) for name, top in found if name != module]


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_every_module_is_read():
    assert "indexcel.rules" in MODULES and "indexcel.reader.table" in MODULES
    assert any(name == "indexcel.rules" for name, _ in _imports("indexcel.writer.plan"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_what_stands_above_it(layer):
    wrong = [(module, name) for module in MODULES if _in(module, layer)
             for name, _ in _imports(module)
             if any(_in(name, above) for above in FORBIDDEN[layer])
             and (module, name) not in ALLOWED_UPWARDS]
    assert wrong == []


def test_only_the_command_line_imports_the_command_line():
    wrong = [(module, name) for module in MODULES if not _in(module, "indexcel.cli")
             and module != "indexcel.__main__"
             for name, _ in _imports(module) if _in(name, "indexcel.cli")]
    assert wrong == []


def test_the_modules_import_one_another_without_a_circle():
    graph = {module: {name for name, top in _imports(module) if top and name in MODULES}
             for module in MODULES}
    done: set[str] = set()

    def walk(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("a circle: " + " -> ".join([*path[path.index(module):],
                                                             module]))
        if module in done:
            return
        for name in sorted(graph[module]):
            walk(name, [*path, module])
        done.add(module)

    for module in sorted(graph):
        walk(module, [])


def test_the_convenience_imports_are_the_only_ones_upwards():
    # The allowed arrows exist (else the allowance is stale), and only inside functions.
    for module, name in ALLOWED_UPWARDS:
        levels = [top for found, top in _imports(module) if found == name]
        assert levels and not any(levels), (module, name)
