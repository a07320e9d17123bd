"""The house stays livable: no Python module over 400 lines and no function over 60 (migrations
are generated and exempt). Run by `make lint`; prints each offender and fails if there is one."""

import ast
import sys
from pathlib import Path

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
SKIPPED_DIRS = {".venv", "migrations", "node_modules", "staticfiles", ".git"}


def python_files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(root).parts)
    )


def offences(path: Path, root: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(root)
    found = []
    lines = text.count("\n") + (not text.endswith("\n") and bool(text))
    if lines > MAX_MODULE_LINES:
        found.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES}): split it by job")
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(
                    f"{name}:{node.lineno} {node.name}: {length} lines "
                    f"(at most {MAX_FUNCTION_LINES}): something wants its own name"
                )
    return found


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    found = [offence for path in python_files(root) for offence in offences(path, root)]
    for offence in found:
        print(offence)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
