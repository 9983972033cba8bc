"""Done means: every rule ID of issue 3 is implemented once and has a passing and a failing
test, named with the ID (RULES.md)."""

import ast
import re
from pathlib import Path

RULE_IDS = (
    [f"U{i}" for i in range(1, 10)]
    + [f"P{i}" for i in range(1, 6)]
    + [f"C{i}" for i in range(1, 9)]
    + [f"W{i}" for i in range(1, 4)]
    + [f"H{i}" for i in range(1, 9)]
    + [f"T{i}" for i in range(1, 8)]
    + [f"F{i}" for i in range(1, 9)]
    + ["M7", "PR4", "PR6", "PR7"]
)
HERE = Path(__file__).resolve().parent
ENGINE = HERE.parent / "engine"


def _test_names() -> list[str]:
    names = []
    for path in HERE.glob("test_*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        names += [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    return names


def test_every_rule_has_a_passing_and_a_failing_test():
    names = _test_names()
    missing = []
    for rule in RULE_IDS:
        mine = [n for n in names if n.startswith(f"test_{rule.lower()}_")]
        if not any("pass" in n for n in mine) or not any("fail" in n for n in mine):
            missing.append((rule, mine))
    assert not missing


def test_every_rule_is_checked_by_exactly_one_function():
    defined: dict[str, list[str]] = {}
    for path in ENGINE.glob("*.py"):
        for match in re.finditer(r"^def check_(\w+?)\(", path.read_text("utf-8"), re.M):
            defined.setdefault(match.group(1).upper(), []).append(path.name)
    duplicated = {rule: files for rule, files in defined.items() if len(files) > 1}
    assert not duplicated
    implemented = set(defined) | {"W1", "W2", "W3"}  # W: rules.engine.wages, by design
    assert not [rule for rule in RULE_IDS if rule not in implemented]
