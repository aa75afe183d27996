"""run.py's environment set-up: when it (re)installs, and which extras it asks pip for."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def run_script(tmp_path, monkeypatch):
    """run.py loaded as a module, pointed at a throw-away repository with a fake .venv; pip calls recorded."""
    spec = importlib.util.spec_from_file_location("run_script_under_test", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    repo = tmp_path / "repo"
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "python").write_text("")
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.setattr(module, "ROOT", repo)
    monkeypatch.setattr(module, "VENV", repo / ".venv")
    monkeypatch.setattr(module, "STAMP", repo / ".venv" / ".installed-from")
    monkeypatch.setattr(module.os, "name", "posix")
    module.pip_calls = []
    monkeypatch.setattr(module.subprocess, "check_call", lambda args, **kw: module.pip_calls.append(args))
    monkeypatch.setattr(module.sys, "version_info", (3, 11, 0))
    return module


def _installed_extras(module) -> list[list[str]]:
    return [call[-1].split("[", 1)[1].rstrip("]").split(",") for call in module.pip_calls if "-e" in call]


def test_first_run_installs_then_reuses(run_script):
    run_script.ensure_environment("test")
    assert _installed_extras(run_script) == [["test"]]
    run_script.ensure_environment("test")
    assert len(_installed_extras(run_script)) == 1


def test_bench_adds_its_extra_and_test_afterwards_keeps_it(run_script):
    run_script.ensure_environment("test")
    run_script.ensure_environment("test,bench")
    run_script.ensure_environment("test")  # everything it needs is there: no reinstall
    assert _installed_extras(run_script) == [["test"], ["bench", "test"]]


def test_a_changed_pyproject_reinstalls_with_every_extra_installed_before(run_script):
    run_script.ensure_environment("test,bench")
    (run_script.ROOT / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '2'\n")
    run_script.ensure_environment("test")
    assert _installed_extras(run_script) == [["bench", "test"], ["bench", "test"]]
    assert json.loads(run_script.STAMP.read_text())["extras"] == ["bench", "test"]


def test_the_earlier_one_line_stamp_still_counts(run_script):
    pyproject = (run_script.ROOT / "pyproject.toml").read_bytes()
    run_script.STAMP.write_text(hashlib.sha256(pyproject + b"test").hexdigest())
    run_script.ensure_environment("test")
    assert run_script.pip_calls == []
    run_script.ensure_environment("test,bench")
    assert _installed_extras(run_script) == [["bench", "test"]]


def test_a_damaged_stamp_means_install_again(run_script):
    run_script.STAMP.write_text("{not json")
    run_script.ensure_environment("test")
    assert _installed_extras(run_script) == [["test"]]


def test_pyproject_has_the_bench_and_test_extras():
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(req.startswith("faiss-cpu") for req in extras["bench"])
    assert any(req.startswith("pytest") for req in extras["test"])


def test_bench_usage_is_listed():
    done = subprocess.run([sys.executable, str(ROOT / "run.py"), "no-such-command"], capture_output=True, text=True)
    assert done.returncode == 2 and "bench" in done.stderr


def test_benchmark_readme_table_is_replaced_in_place(tmp_path):
    from benchmarks import run as bench_run

    readme = tmp_path / "README.md"
    readme.write_text(f"# Benchmarks\n\nintro\n\n{bench_run.MEASURED_START}\nold table\n{bench_run.MEASURED_END}\n\nnotes\n")
    results = {"quick": True, "date": "2026-01-01 00:00 UTC", "machine": bench_run.machine(),
               "bench_knn": {"knn_vs_faiss": 0.75, "knn_seconds": 1.5, "knn_spread": 0.04},
               "bench_memory": {"skipped": "no pictures"}}
    for _ in range(2):  # twice: the second run replaces the first, nothing piles up
        bench_run.write_readme(results, readme)
    text = readme.read_text()
    assert "old table" not in text and text.count(bench_run.MEASURED_START) == 1
    assert text.startswith("# Benchmarks\n\nintro") and text.rstrip().endswith("notes")
    assert "| `knn_vs_faiss` | 0.750 | <= 1.05 | knn_seconds 1.500; knn_spread 0.040 |" in text
    assert "2026-01-01" in text and "cores" in text and "`bench_memory`: no pictures" in text
    assert json.loads((tmp_path / "last_run.json").read_text())["bench_knn"]["knn_vs_faiss"] == 0.75



FAKE_PYTHON = """#!/bin/bash
# stands in for the environment's python in "python -m pytest ARGS": says which pass it is, and whether the
# other two were running
case "$*" in
  *--without-gui*) pass=rest ;;
  *) [ "$QT_QPA_PLATFORM" = xcb ] && pass=xcb || pass=offscreen ;;
esac
touch "$MARKS/$pass"
all_three() { [ -e "$MARKS/rest" ] && [ -e "$MARKS/offscreen" ] && [ -e "$MARKS/xcb" ]; }
for i in $(seq 200); do all_three && break; sleep 0.05; done
all_three && together=", all three at once"
echo "$pass pass: $*$together"
code_var="CODE_$pass"
exit "${!code_var}"
"""
FAKE_XVFB_RUN = '#!/bin/bash\nshift 3  # -a -s "-screen ..."\nexec "$@"\n'


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xvfb-run is looked for on Linux only")
@pytest.mark.parametrize(("rest", "offscreen", "xcb", "expected"),
                         [(0, 0, 0, 0), (1, 0, 0, 1), (0, 1, 0, 1), (0, 0, 1, 1), (5, 0, 0, 0), (0, 5, 5, 0),
                          (5, 5, 5, 5)])
def test_the_window_tests_run_alongside_and_their_output_follows(tmp_path, rest, offscreen, xcb, expected):
    """Three pytest processes at once keep both cores busy; the window passes' output comes after the other
    tests', each whole, and any failing fails the run (a pass that selected no test is not a failure)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("python", FAKE_PYTHON), ("xvfb-run", FAKE_XVFB_RUN)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "MARKS": str(tmp_path),
           "CODE_rest": str(rest), "CODE_offscreen": str(offscreen), "CODE_xcb": str(xcb),
           "QT_QPA_PLATFORM": "offscreen"}
    script = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import run; "
              "sys.exit(run.run_tests(Path(sys.argv[2]), ['-q', 'tests']))")
    done = subprocess.run([sys.executable, "-c", script, str(ROOT), str(bin_dir / "python")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == expected, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "rest pass: -m pytest -q tests --without-gui, all three at once",
        "The window tests offscreen, run meanwhile:",
        "offscreen pass: -m pytest -q tests --gui-only, all three at once",
        "The window tests on a real X server (Xvfb, xcb platform), run meanwhile:",
        "xcb pass: -m pytest -q tests --gui-only, all three at once"], done.stdout
