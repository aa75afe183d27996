"""Build the one-folder app with PyInstaller: ``python build/build.py`` (with the project's environment).

The bundle lands in ``dist/picture-sorter/``; the last line printed is the path of the executable.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_contents as contents  # noqa: E402
import translations  # noqa: E402

SPEC_FILE = Path(__file__).resolve().parent / "picture_sorter.spec"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clean", action="store_true", help="start from an empty PyInstaller work folder")
    args = parser.parse_args(argv)

    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        print("PyInstaller is missing: install the build extra, e.g. pip install -e '.[build]'", file=sys.stderr)
        return 2

    started = time.perf_counter()
    if translations.main(["--force"]) != 0:  # the .qm files the bundle ships (resources/translations)
        return 1
    options = [str(SPEC_FILE), "--noconfirm", "--log-level", os.environ.get("PYINSTALLER_LOG_LEVEL", "WARN"),
               "--workpath", str(contents.WORK_DIR), "--distpath", str(contents.DIST_DIR)]
    if args.clean:
        options.append("--clean")
        shutil.rmtree(contents.WORK_DIR, ignore_errors=True)
    pyinstaller.run(options)

    executable = contents.executable_path()
    if not executable.exists():
        print(f"The build finished but {executable} is missing.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    size = folder_size(executable.parent)
    print(f"Built in {seconds / 60:.1f} min; bundle {executable.parent} is {size / 1e9:.2f} GB")
    print(executable)
    return 0


if __name__ == "__main__":
    sys.exit(main())
