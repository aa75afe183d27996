"""How long a newcomer waits after starting the app: until the window shows, and until the engine is ready.

``run(data_dir, quick)`` starts ``python -m desktop_app`` (through ``gui.app.run``) in fresh interpreters, each
time measuring from just before the process starts until the main window is visible (``launch_to_window_s``),
until the engine is ready for work (PyTorch and the classifiers imported on its thread: ``launch_to_engine_s``;
"Ready" in the status bar, a folder's scan may start), until scikit-learn has followed on the same thread
(``launch_to_scikit_learn_s``: a training may start), and until the pretrained network (timm) has followed too
(``launch_to_network_s``; only pretrained features wait for it).
Reference in the same run: a bare ``python -c "import torch"`` (``import_torch_s``), what the window used to
wait for before it showed. Best of 3 (2 with --quick), spread shown. Also lists the slowest imports before the
window shows (``-X importtime``).

    .venv/bin/python benchmarks/bench_launch.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_PROBE = r'''
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_app.core import preload
from desktop_app.gui import app as gui_app
application = gui_app.create_application([sys.argv[0]])
state = {}
def poll():
    now = time.time()
    if "window" not in state and any(type(w).__name__ == "MainWindow" and w.isVisible()
                                     for w in QApplication.topLevelWidgets()):
        state["window"] = now
    if "window" in state and "engine" not in state and preload.engine_ready():
        state["engine"] = now
    if "engine" in state and "scikit_learn" not in state and preload.scikit_learn_loaded():
        state["scikit_learn"] = now
    if "scikit_learn" in state and preload.engine_loaded():
        print("TIMES", state["window"], state["engine"], state["scikit_learn"], now, flush=True)
        application.quit()
timer = QTimer()
timer.timeout.connect(poll)
timer.start(5)
sys.exit(gui_app.run([sys.argv[0]]))
'''


def _environment(scratch: str) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["DESKTOP_APP_CONFIG_DIR"] = os.path.join(scratch, "config")
    env["DESKTOP_APP_CACHE_DIR"] = os.path.join(scratch, "cache")
    return env


def _one_launch(env: dict) -> tuple[float, float, float, float]:
    started = time.time()
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=300, cwd=REPO,
                            env=env)
    line = next((line for line in result.stdout.splitlines() if line.startswith("TIMES ")), None)
    if line is None:
        raise RuntimeError(f"the app did not report its start-up: {result.stderr[-2000:]}")
    window, engine, scikit_learn, network = (float(value) for value in line.split()[1:])
    return window - started, engine - started, scikit_learn - started, network - started


def _import_torch(env: dict) -> float:
    started = time.time()
    subprocess.run([sys.executable, "-c", "import torch"], check=True, timeout=300, cwd=REPO, env=env)
    return time.time() - started


def _slowest_window_imports(env: dict, count: int = 6) -> list[str]:
    script = "from desktop_app.core import preload; preload.load_window_modules(); import desktop_app.gui.main_window"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", script], capture_output=True, text=True,
                            timeout=300, cwd=REPO, env=env)
    rows = []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2]))
    # a top-level import has one space before its name, nested ones more
    top_level = [(micros, name.strip()) for micros, name in rows if not name.startswith("  ")]
    return [f"{name} {micros / 1e6:.2f} s" for micros, name in sorted(top_level, reverse=True)[:count]]


def run(data_dir: str | os.PathLike | None = None, quick: bool = True) -> dict:
    repeats = 2 if quick else 3
    with tempfile.TemporaryDirectory(prefix="bench_launch_") as scratch:
        env = _environment(scratch)
        windows, engines, scikit_learns, networks, torches = [], [], [], [], []
        for _ in range(repeats):  # alternately, so that load from elsewhere hits both sides alike
            window, engine, scikit_learn, network = _one_launch(env)
            windows.append(window)
            engines.append(engine)
            scikit_learns.append(scikit_learn)
            networks.append(network)
            torches.append(_import_torch(env))
        return {
            "launch_to_window_s": round(min(windows), 2),
            "launch_to_window_spread_s": round(max(windows) - min(windows), 2),
            "launch_to_engine_s": round(min(engines), 2),
            "launch_to_engine_spread_s": round(max(engines) - min(engines), 2),
            "launch_to_scikit_learn_s": round(min(scikit_learns), 2),
            "launch_to_network_s": round(min(networks), 2),
            "import_torch_s": round(min(torches), 2),
            "launch_to_window_vs_import_torch": round(min(windows) / min(torches), 2),
            "slowest_imports_before_window": _slowest_window_imports(env),
            "platform": env["QT_QPA_PLATFORM"],
        }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
