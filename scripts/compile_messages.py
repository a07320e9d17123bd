"""Compile the translation catalogues (locale/*/LC_MESSAGES/*.po -> .mo) with Babel, so that no
GNU gettext is needed: run by `make run`, `make test`, the Docker build and the test session.

    python scripts/compile_messages.py [--force] [file.po ...]

Only a .mo older than its .po is rewritten (--force: all); each is written to a temporary file
and renamed, so parallel runs (pytest-xdist workers) never read half a file. Fuzzy entries are
left out, as msgfmt does. Prints nothing unless it compiled something.
"""

import os
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def compile_catalogue(po: Path) -> Path:
    """Write po's .mo next to it, atomically."""
    with po.open("rb") as source:
        catalogue = read_po(source, locale=po.parent.parent.name)
    mo = po.with_suffix(".mo")
    handle, temporary = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalogue, use_fuzzy=False)
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return mo


def compile_all(paths: list[Path] | None = None, *, force: bool = False) -> list[Path]:
    """Compile the given catalogues (default: all under locale/) that need it."""
    return [compile_catalogue(po) for po in paths or catalogues() if force or stale(po)]


def main(argv: list[str]) -> int:
    force = "--force" in argv
    paths = [Path(arg).resolve() for arg in argv if arg != "--force"]
    for mo in compile_all(paths or None, force=force):
        print(f"compiled {mo.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
