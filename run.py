#!/usr/bin/env python3
"""Set-up and start in one command: `python3 run.py` opens the app, `python3 run.py test` runs the tests
(everything offscreen and, at the same time, the window tests again under Xvfb where it is installed),
`python3 run.py bench [--quick] [--write-readme]` installs the benchmark extra (faiss) and runs benchmarks/run.py.

On first use this creates `.venv/` at the repository root and installs the project into it; afterwards it reuses
it (and reinstalls only when pyproject.toml changed or a command needs an extra not installed yet; the extras
installed before are kept, so `test` after `bench` does not reinstall). Works on Windows, macOS and Linux with Python 3.11.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
NO_TESTS_COLLECTED = 5  # pytest's exit code when the arguments selected no window test


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def installed_stamp(pyproject: bytes) -> dict:
    """``{"pyproject": sha256, "extras": [...]}`` of the last install ({} when none or unreadable)."""
    try:
        text = STAMP.read_text().strip()
    except OSError:
        return {}
    try:
        stamp = json.loads(text)
    except ValueError:
        # the earlier one-line stamp, sha256(pyproject + extras): still valid for the extras it was made with
        for extras in ("test", "test,build"):
            if text == hashlib.sha256(pyproject + extras.encode()).hexdigest():
                return {"pyproject": hashlib.sha256(pyproject).hexdigest(), "extras": extras.split(",")}
        return {}
    return stamp if isinstance(stamp, dict) else {}


def needed_install(extras: str, stamp: dict, pyproject_hash: str) -> list[str] | None:
    """The extras to install now, or None when the environment already has what ``extras`` asks for."""
    wanted = {extra for extra in extras.split(",") if extra}
    have = set(stamp.get("extras", [])) if stamp.get("pyproject") == pyproject_hash else set()
    if stamp.get("pyproject") == pyproject_hash and wanted <= have:
        return None
    return sorted(wanted | set(stamp.get("extras", [])))  # keep what earlier commands installed


def ensure_environment(extras: str) -> Path:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is needed (this is {sys.version.split()[0]}). Run this file with python3.11.")
    if not venv_python().exists():
        print("Creating the virtual environment in .venv (first run only) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    pyproject_hash = hashlib.sha256(pyproject).hexdigest()
    install = needed_install(extras, installed_stamp(pyproject), pyproject_hash)
    if install is not None:
        print(f"Installing the app and its libraries ({', '.join(install)}) into .venv (a few minutes) ...",
              flush=True)
        python = str(venv_python())
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "-e", f".[{','.join(install)}]"],
                              cwd=ROOT)
        STAMP.write_text(json.dumps({"pyproject": pyproject_hash, "extras": install}))
    return venv_python()


def run_tests(python: Path, pytest_args: list[str]) -> int:
    """Every test once with Qt's offscreen platform, and the window tests (tests/test_gui_*.py) again on a real X
    server (Xvfb + xcb) where Xvfb is installed: offscreen once hid a start-up deadlock that froze the window on
    real displays. Three processes at once keep both cores of a 2-core machine busy while window tests wait for
    their windows: the tests without a window (shown as they run) and the window tests offscreen and under Xvfb
    (shown after)."""
    pytest = [str(python), "-m", "pytest", *pytest_args]
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    xvfb_run = shutil.which("xvfb-run") if sys.platform.startswith("linux") else None
    if xvfb_run is None:
        if sys.platform.startswith("linux"):
            print("Note: Xvfb is not installed, so the window tests run offscreen only "
                  "(sudo apt-get install xvfb to run them on a real X server too).", flush=True)
        return subprocess.call(pytest, cwd=ROOT, env=env)
    window_passes = [("offscreen", [*pytest, "--gui-only"], env),
                     ("on a real X server (Xvfb, xcb platform)",
                      [xvfb_run, "-a", "-s", "-screen 0 1366x768x24", *pytest, "--gui-only"],
                      {**env, "QT_QPA_PLATFORM": "xcb"})]
    with contextlib.ExitStack() as logs:
        running = []
        for title, command, pass_env in window_passes:
            log = logs.enter_context(tempfile.TemporaryFile())
            running.append((title, log, subprocess.Popen(command, cwd=ROOT, env=pass_env, stdout=log,
                                                         stderr=subprocess.STDOUT)))
        try:
            codes = [subprocess.call([*pytest, "--without-gui"], cwd=ROOT, env=env)]
            for title, log, process in running:
                codes.append(process.wait())
                print(f"The window tests {title}, run meanwhile:", flush=True)
                log.seek(0)
                shutil.copyfileobj(log, sys.stdout.buffer)
                sys.stdout.flush()
        finally:
            for _, _, process in running:  # Ctrl-C or an error here: no pass outlives run.py
                if process.poll() is None:
                    process.kill()
                    process.wait()
    failed = [code for code in codes if code not in (0, NO_TESTS_COLLECTED)]
    return failed[0] if failed else 0 if 0 in codes else NO_TESTS_COLLECTED


def compile_translations(python: Path) -> int:
    """The interface's translations (resources/translations/*.qm) are build outputs: compile the missing or stale
    ones with PySide6's lrelease (the app shows English where one is missing)."""
    return subprocess.call([str(python), str(ROOT / "build" / "translations.py")], cwd=ROOT)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "app"
    rest = argv[1:]
    if command == "test":
        python = ensure_environment("test")
        compile_translations(python)
        return run_tests(python, rest)
    if command == "app":
        python = ensure_environment("test")
        compile_translations(python)
        return subprocess.call([str(python), "-m", "desktop_app", *rest], cwd=ROOT)
    if command == "cli":
        python = ensure_environment("test")
        return subprocess.call([str(python), "-m", "desktop_app.cli", *rest], cwd=ROOT)
    if command == "bench":
        python = ensure_environment("test,bench")
        return subprocess.call([str(python), str(ROOT / "benchmarks" / "run.py"), *rest], cwd=ROOT)
    if command == "build":
        python = ensure_environment("test,build")
        return subprocess.call([str(python), str(ROOT / "build" / "build.py"), *rest], cwd=ROOT)
    print("usage: python3 run.py [app | test [pytest args] | cli ARGS | bench [--quick] [--write-readme] | build]",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
