"""After ``preload.load_engine`` nothing is imported any more: the whole pipeline runs on modules already loaded.

Two threads importing at once can deadlock (the window froze for good at start-up), so the window imports the
engine on its own thread first; this test fails when some code path starts importing a module lazily that the
preload list does not name.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PIPELINE = r'''
import json, sys
from pathlib import Path
from desktop_app.core import preload
preload.load_engine()
import desktop_app.selftest  # the test's own picture maker, not part of the app's pipeline
before = set(sys.modules)

import numpy as np
from PIL import Image
from desktop_app.core import devices
from desktop_app.core.data import images
from desktop_app.core.data.folder_scan import scan_folder
from desktop_app.core.events import run_to_completion
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.training import TrainingConfig, run_training
from desktop_app.selftest import draw_picture

root = Path(sys.argv[1])
rng = np.random.default_rng(0)
for name, colour, style in (("circles", (220, 40, 40), "ellipse"), ("squares", (40, 180, 60), "rectangle")):
    (root / "data" / name).mkdir(parents=True)
    for i in range(8):
        draw_picture(style, colour, rng, 40).save(root / "data" / name / f"{i}.png")
formats = {"JPEG": ".jpg", "GIF": ".gif", "BMP": ".bmp", "TIFF": ".tif", "WEBP": ".webp"}
for format_name, suffix in formats.items():
    draw_picture("ellipse", (200, 40, 40), rng, 40).save(root / "data" / "circles" / f"x{suffix}", format_name)
(root / "data" / "squares" / "broken.jpg").write_bytes(b"not a picture")
(root / "data" / "squares" / "notes.xyz").write_bytes(b"\x00\x01 unknown")

run_to_completion(scan_folder(root / "data"))
for picture in sorted((root / "data").rglob("*")):
    if picture.is_file():
        try:
            images.load_rgb(picture, min_size=96).thumbnail((96, 96))
        except Exception:
            pass
devices.device_report()
from desktop_app.core.classifiers import registry
for classifier in registry.names():
    for features in registry.FEATURE_KINDS:
        config = TrainingConfig(data_dir=root / "data", classifier=classifier, features=features, device="cpu")
        result = run_to_completion(run_training(config))
        path = save_model(result.model, root / f"{classifier}-{features}.psmodel")
        model = load_model(path)
        run_to_completion(model.predict_paths([root / "data" / "circles" / "0.png", root / "missing.png"]))
        model.predict_images([Image.open(root / "data" / "squares" / "0.png")])
print("LATE", json.dumps(sorted(set(sys.modules) - before)))
'''

# Once the engine is ready the window starts work while the engine thread still imports scikit-learn and then the
# pretrained network: everything but pretrained features (folders, the sample dataset, devices, every classifier on
# pixels, saving, opening and predicting) must import nothing itself; what it needs beyond the engine comes in
# preload's scikit-learn step (which the engine thread runs, and work waits for), or a worker would import while
# the engine thread does. LATE: modules imported after ready other than by a preload step.
READY_PIPELINE = PIPELINE.replace("preload.load_engine()", "for _ in preload.engine_steps(): pass\n"
                                  "assert preload.engine_ready() and not preload.engine_loaded()\n"
                                  "assert not preload.scikit_learn_loaded()\n"
                                  "stepped = set()\n"
                                  "real_step = preload._import_step\n"
                                  "def counted_step(modules):\n"
                                  "    known = set(sys.modules)\n"
                                  "    real_step(modules)\n"
                                  "    stepped.update(set(sys.modules) - known)\n"
                                  "preload._import_step = counted_step").replace(
    'for features in registry.FEATURE_KINDS', 'for features in ("pixels",)').replace(
    "devices.device_report()", "devices.device_report()\n"
    "from desktop_app.core.data import sample_data\n"
    "sample_data.write_digits(root / 'digits', per_class=2, size=16)\n"
    "run_to_completion(scan_folder(root / 'digits'))").replace(
    'print("LATE", json.dumps(sorted(set(sys.modules) - before)))',
    'assert preload.scikit_learn_loaded() and not preload.engine_loaded()\n'
    'print("LATE", json.dumps(sorted(set(sys.modules) - before - stepped)))')

# Pure-Python standard-library modules that some libraries import on first use (no extension code, no risk).
HARMLESS = {"encodings.idna", "stringprep", "unicodedata"}


def _late_imports(script: str, tmp_path) -> list[str]:
    """Run ``script`` in a fresh interpreter; the modules it imported after its LATE baseline (harmless ones aside)."""
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                            timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-4000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("LATE "))
    return [name for name in json.loads(line[5:]) if name not in HARMLESS]


@pytest.mark.slow
def test_nothing_is_imported_after_the_engine_is_loaded(tmp_path):
    late = _late_imports(PIPELINE, tmp_path)
    assert late == [], f"imported after preload (add to core/preload.py ENGINE_STEPS): {late}"


@pytest.mark.slow
def test_nothing_but_the_network_is_imported_once_the_engine_is_ready(tmp_path):
    assert READY_PIPELINE.count("engine_steps") == 1 and '("pixels",)' in READY_PIPELINE
    assert "write_digits" in READY_PIPELINE and "- stepped" in READY_PIPELINE
    late = _late_imports(READY_PIPELINE, tmp_path)
    assert late == [], (f"imported after the engine was ready (add to core/preload.py ENGINE_STEPS or "
                        f"SCIKIT_LEARN_STEP): {late}")


def printed_lines(script: str, labels: tuple[str, ...], timeout: float) -> dict[str, str]:
    """Run ``script`` in a fresh interpreter; what it printed after each label ("LABEL rest")."""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    starts = tuple(f"{label} " for label in labels)
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if line.startswith(starts))


def test_the_engine_is_ready_without_scikit_learn_and_the_network():
    """"Ready" comes sooner (issue 22): scikit-learn with scipy (about a second) and the network follow on the
    engine thread, so no module of the engine package may import them at the top."""
    script = ("import sys\n"
              "from desktop_app.core import preload\n"
              "for _ in preload.engine_steps(): pass\n"
              "print('AFTER', sorted(name for name in sys.modules\n"
              "                      if name.split('.')[0] in preload.AFTER_READY_PACKAGES))\n"
              "print('CORE', 'desktop_app.core.training' in sys.modules and 'desktop_app.core.metrics' in sys.modules)\n")
    lines = printed_lines(script, ("AFTER", "CORE"), timeout=300)
    assert lines["CORE"] == "True"  # the classifiers are in
    assert lines["AFTER"] == "[]", lines["AFTER"][:2000]


def test_work_started_once_ready_waits_for_the_engine_thread_to_import_scikit_learn(monkeypatch):
    """Between ready and scikit-learn's import, fitting or scoring waits for the engine thread; it never imports
    scikit-learn itself."""
    import threading

    import numpy as np

    from desktop_app.core import preload
    from desktop_app.core.classifiers import search

    preload.load_engine()
    assert preload.scikit_learn_loaded()
    started = threading.Event()
    release = threading.Event()
    folds = []

    def engine_thread():  # holds the lock the way the engine thread does until scikit-learn is in
        with preload._scikit_learn_lock:
            started.set()
            release.wait(10)
            preload._scikit_learn_loaded = True

    holder = threading.Thread(target=engine_thread)
    monkeypatch.setattr(preload, "_scikit_learn_loaded", False)  # as between ready and scikit-learn's import
    holder.start()
    started.wait(5)
    try:
        user = threading.Thread(target=lambda: folds.append(search.fold_indices(np.arange(10) % 2, 5, seed=0)))
        user.start()
        user.join(0.3)
        assert user.is_alive() and folds == []  # still waiting for the engine thread
        release.set()
        user.join(10)
        assert len(folds) == 1 and len(folds[0]) == 5
    finally:
        release.set()
        holder.join()


def test_the_network_waits_for_the_engine_thread_and_is_never_imported_by_work(monkeypatch):
    """Work with pretrained features asked for between ``ready`` and the network's import waits for the thread
    that imports it; it never imports the network itself."""
    import threading

    from desktop_app.core.extraction import network
    from desktop_app.core import preload

    preload.load_engine()
    assert preload.engine_ready() and preload.engine_loaded()
    started = threading.Event()
    release = threading.Event()
    waited = []

    def loader():  # holds the import lock the way the engine thread does while it imports the network
        with preload._lock:
            started.set()
            release.wait(10)

    def worker():
        network.weights_path()
        waited.append(release.is_set())

    holder = threading.Thread(target=loader)
    holder.start()
    started.wait(5)
    monkeypatch.setattr(preload, "_loaded", False)  # as between ready and the network's import
    try:
        user = threading.Thread(target=worker)
        user.start()
        user.join(0.3)
        assert user.is_alive() and waited == []  # still waiting for the engine thread
        release.set()
        user.join(10)
        assert waited == [True]
    finally:
        release.set()
        holder.join()


def test_loading_twice_is_instant_and_steps_are_named():
    from desktop_app.core import preload

    preload.load_engine()
    steps = []
    preload.load_engine(lambda number, total, label: steps.append(label))
    assert steps == []  # already loaded: nothing to do
    assert preload.engine_loaded() and preload.engine_ready()
    assert all(label and modules for label, modules in (*preload.ENGINE_STEPS, preload.SCIKIT_LEARN_STEP,
                                                        preload.NETWORK_STEP))


def test_the_window_shows_without_the_engine():
    """Everything the window imports before it shows is light: PyTorch, scikit-learn and timm are imported
    afterwards on the engine thread. A heavy import here delays the window by seconds and, worse, runs on the GUI
    thread while the engine thread imports: the start-up deadlock."""
    script = ("import sys\n"
              "from desktop_app.core import preload\n"
              "preload.load_window_modules()\n"
              "import desktop_app.gui.app, desktop_app.gui.main_window\n"
              "print('HEAVY', sorted(name for name in sys.modules if name.split('.')[0] in preload.HEAVY_PACKAGES))\n")
    heavy = printed_lines(script, ("HEAVY",), timeout=120)["HEAVY"]
    assert heavy == "[]", heavy[:2000]
