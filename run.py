#!/usr/bin/env python3
"""Set-up and start in one command: `python3 run.py` opens the app, `python3 run.py test` runs the tests
(everything offscreen, then the window tests again under Xvfb where it is installed).

On first use this creates `.venv/` at the repository root and installs the project into it; afterwards it reuses
it (and reinstalls only when pyproject.toml changed). Works on Windows, macOS and Linux with Python 3.11.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
NO_TESTS_COLLECTED = 5  # pytest's exit code when the arguments selected no window test


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment(extras: str) -> Path:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is needed (this is {sys.version.split()[0]}). Run this file with python3.11.")
    if not venv_python().exists():
        print("Creating the virtual environment in .venv (first run only) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("Installing the app and its libraries into .venv (first run only, a few minutes) ...", flush=True)
        python = str(venv_python())
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]"], cwd=ROOT)
        STAMP.write_text(wanted)
    return venv_python()


def run_tests(python: Path, pytest_args: list[str]) -> int:
    """All tests with Qt's offscreen platform, then the window tests again on a real X server (Xvfb + xcb) where
    Xvfb is installed: offscreen once hid a start-up deadlock that froze the window on real displays."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    code = subprocess.call([str(python), "-m", "pytest", *pytest_args], cwd=ROOT, env=env)
    if code != 0:
        return code
    xvfb_run = shutil.which("xvfb-run") if sys.platform.startswith("linux") else None
    if xvfb_run is None:
        if sys.platform.startswith("linux"):
            print("Note: Xvfb is not installed, so the window tests ran offscreen only "
                  "(sudo apt-get install xvfb to run them on a real X server too).")
        return code
    print("The window tests again on a real X server (Xvfb, xcb platform) ...", flush=True)
    env["QT_QPA_PLATFORM"] = "xcb"
    code = subprocess.call([xvfb_run, "-a", "-s", "-screen 0 1366x768x24", str(python), "-m", "pytest",
                            *pytest_args, "--gui-only"], cwd=ROOT, env=env)
    return 0 if code == NO_TESTS_COLLECTED else code


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "app"
    rest = argv[1:]
    if command == "test":
        return run_tests(ensure_environment("test"), rest)
    if command == "app":
        python = ensure_environment("test")
        return subprocess.call([str(python), "-m", "desktop_app", *rest], cwd=ROOT)
    if command == "cli":
        python = ensure_environment("test")
        return subprocess.call([str(python), "-m", "desktop_app.cli", *rest], cwd=ROOT)
    if command == "build":
        python = ensure_environment("test,build")
        return subprocess.call([str(python), str(ROOT / "build" / "build.py"), *rest], cwd=ROOT)
    print("usage: python3 run.py [app | test [pytest args] | cli ARGS | build]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
