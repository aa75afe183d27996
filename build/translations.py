"""The window's translations: Qt Linguist sources (resources/translations/*.ts) compiled to .qm files.

    python build/translations.py            compile every .ts whose .qm is missing or older (run.py, build.py)
    python build/translations.py --update   re-read the strings from the code into the .ts files (lupdate)

Uses the lupdate / lrelease that PySide6 ships (pyside6-lupdate, pyside6-lrelease beside this Python). The .qm
files are build outputs (ignored by git); the app loads them from resources/translations (gui/language.py).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS_DIR = REPO_ROOT / "resources" / "translations"
# The window's strings; the core's messages have their own file (picture-sorter-core_<locale>.ts).
WINDOW_SOURCE_GLOBS = ("desktop_app/gui/*.py", "desktop_app/*.py")
WINDOW_TS_FILES = ("picture-sorter_zh_TW.ts",)


class TranslationToolMissing(RuntimeError):
    pass


def qt_tool(name: str) -> str:
    """pyside6-<name> of this Python's environment (bin/ or Scripts/), else the one on PATH."""
    folder = Path(sys.executable).parent
    for candidate in (folder / f"pyside6-{name}", folder / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise TranslationToolMissing(f"pyside6-{name} was not found: install PySide6 into this environment")
    return found


def stale_sources(folder: Path = TRANSLATIONS_DIR) -> list[Path]:
    """The .ts files whose .qm is missing or older than the .ts."""
    stale = []
    for source in sorted(folder.glob("*.ts")):
        compiled = source.with_suffix(".qm")
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            stale.append(source)
    return stale


def compile_translations(folder: Path = TRANSLATIONS_DIR, force: bool = False) -> list[Path]:
    """Compile the missing or stale .qm files of ``folder`` (all of them with ``force``); returns those written."""
    sources = sorted(folder.glob("*.ts")) if force else stale_sources(folder)
    written = []
    for source in sources:
        target = source.with_suffix(".qm")
        subprocess.run([qt_tool("lrelease"), "-silent", str(source), "-qm", str(target)], check=True)
        written.append(target)
    return written


def update_sources(folder: Path = TRANSLATIONS_DIR) -> None:
    """Add new window strings to the .ts files and drop the ones the code no longer has."""
    code = sorted({str(path.relative_to(REPO_ROOT)) for pattern in WINDOW_SOURCE_GLOBS
                   for path in REPO_ROOT.glob(pattern)})
    for name in WINDOW_TS_FILES:
        subprocess.run([qt_tool("lupdate"), "-locations", "none", "-no-obsolete", *code, "-ts", str(folder / name)],
                       check=True, cwd=REPO_ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="re-read the window's strings into the .ts files")
    parser.add_argument("--force", action="store_true", help="compile every .ts, stale or not")
    args = parser.parse_args(argv)
    try:
        if args.update:
            update_sources()
        for written in compile_translations(force=args.force):
            print(f"compiled {written.relative_to(REPO_ROOT)}")
    except (TranslationToolMissing, subprocess.CalledProcessError, OSError) as exc:
        print(f"The translations could not be compiled ({exc}); the app will show English.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
