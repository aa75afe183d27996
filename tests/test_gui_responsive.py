"""The window keeps answering (issue 10): long work runs off the GUI thread, the GUI thread's own share of it is
not O(pictures), Cancel closes the step before "cancelled" shows, big lists reach views a batch at a time, and
the plots (pyqtgraph) are imported only after the window shows."""
from __future__ import annotations

import gc
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("pytestqt")

from desktop_app.core.data import dataset as core_dataset  # noqa: E402
from desktop_app.core.modelfile import model_file  # noqa: E402
from desktop_app.core.events import Phase  # noqa: E402
from desktop_app.gui.startup import GuiThreadGarbageCollector  # noqa: E402
from desktop_app.gui.thumbnails import ThumbnailItem, ThumbnailModel  # noqa: E402
from desktop_app.gui.widgets import StallMeter  # noqa: E402
from desktop_app.gui.worker import TaskRunner  # noqa: E402
from tests.gui_helpers import open_folder, train  # noqa: E402
from tests.hostile_files import tiny_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def many_small_pictures(root: Path, classes: int = 4, per_class: int = 600) -> Path:
    rng = np.random.default_rng(0)
    for label in range(classes):
        folder = root / f"class{label}"
        folder.mkdir(parents=True)
        for i in range(per_class):
            pixels = rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(folder / f"{i:04d}.png")
    return root


def record_threads(monkeypatch, owner, name: str) -> list[str]:
    """Wraps owner.name so that every call notes the thread it ran on."""
    original = getattr(owner, name)
    threads: list[str] = []

    def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return threads


def test_scanning_thousands_of_pictures_leaves_the_gui_thread_free(qtbot, window, tmp_path, monkeypatch):
    """The O(n) checks and counts of 2,400 files run on worker threads, not in the GUI thread's slots, and the
    window never freezes for most of the scan (a bound a busy machine meets: its longest stall, not a count of
    timer ticks, which falls when the machine is slow rather than when the window stalls)."""
    folder = many_small_pictures(tmp_path / "many")
    checks = record_threads(monkeypatch, core_dataset, "check_dataset")
    counts = record_threads(monkeypatch, core_dataset.Dataset, "counts")
    meter = StallMeter()
    meter.start()
    open_folder(qtbot, window, folder, timeout=120_000)
    meter.stop()
    tab = window.dataset_tab
    assert len(tab.dataset) == 2400
    assert meter.max_stall_ms < max(1500.0, 0.5 * meter.elapsed_ms), (meter.max_stall_ms, meter.elapsed_ms)
    tab.problems()  # the tab's own questions about the dataset are answered from what the worker found
    tab._refresh()
    assert checks and counts
    assert threading.main_thread().name not in checks + counts, (checks, counts)


class CleanUpWatcher:
    """Notes, when the runner reports the end of a step, whether the step's clean-up had run by then."""

    def __init__(self, runner: TaskRunner) -> None:
        self.cleaned = threading.Event()
        self.at_cancelled: list[bool] = []
        self.at_failure: list[bool] = []
        runner.cancelled.connect(self.on_cancelled)
        runner.failed.connect(self.on_failed)

    def on_cancelled(self) -> None:
        self.at_cancelled.append(self.cleaned.is_set())

    def on_failed(self, message: str, details: str) -> None:
        self.at_failure.append(self.cleaned.is_set())


def test_cancel_closes_the_step_before_cancelled_is_shown(qtbot):
    """A step that never checks the token itself: the runner's own check stops it, and the step's clean-up
    (its finally block) has run when the GUI hears "cancelled"."""
    runner = TaskRunner()
    watcher = CleanUpWatcher(runner)

    def step(cancel):
        try:
            while True:
                time.sleep(0.001)
                yield Phase("fit", "working")
        finally:
            watcher.cleaned.set()

    assert runner.start(step)
    qtbot.wait(50)
    with qtbot.waitSignal(runner.done, timeout=2000):
        runner.cancel()
    assert watcher.at_cancelled == [True]


def test_a_failing_step_is_closed_before_the_failure_is_shown(qtbot):
    runner = TaskRunner()
    watcher = CleanUpWatcher(runner)

    def inner():
        try:
            yield Phase("fit", "working")
            yield Phase("fit", "working")
        finally:
            watcher.cleaned.set()

    def step(cancel):
        generator = inner()
        yield next(generator)
        raise ValueError("broken")  # the inner generator is still open: only closing the step's frame ends it

    with qtbot.waitSignal(runner.done, timeout=2000):
        assert runner.start(step)
    assert watcher.at_failure == [True]


def test_saving_and_opening_a_model_run_off_the_gui_thread(qtbot, window, tmp_path, monkeypatch):
    saves = record_threads(monkeypatch, model_file, "save_model")
    loads = record_threads(monkeypatch, model_file, "load_model")
    window.session.set_model(tiny_model("knn"))
    with qtbot.waitSignal(window.train_tab.model_saved, timeout=20_000):
        assert window.train_tab.save_model(tmp_path / "tiny.psmodel")
    with qtbot.waitSignal(window.model_opened, timeout=20_000):
        assert window.open_model(tmp_path / "tiny.psmodel")
    assert saves and loads
    assert threading.main_thread().name not in saves + loads


def test_thumbnails_reach_the_view_a_batch_at_a_time(qtbot):
    model = ThumbnailModel()
    items = [ThumbnailItem(f"/nowhere/{i}.png", f"{i}.png", "") for i in range(1000)]
    model.set_items(items)
    assert model.rowCount() == ThumbnailModel.FETCH_BATCH and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000 and len(model.items()) == 1000
    model.set_items(items[:3])
    assert model.rowCount() == 3 and not model.canFetchMore()


def test_a_frozen_collection_still_frees_pictures_and_models(qtbot):
    """Survivors of the GUI thread's full collections are frozen; objects without cycles (a scanned dataset,
    a model) must still go as soon as nothing refers to them."""
    GuiThreadGarbageCollector.install()
    model = tiny_model("knn")
    gone = weakref.ref(model.classifier)
    gc.collect()
    gc.freeze()
    try:
        del model
        assert gone() is None
    finally:
        gc.unfreeze()


def test_plots_are_imported_only_after_the_window_exists(tmp_path):
    """pyqtgraph (about a second) is not among the modules the window needs to show."""
    script = ("import sys; from desktop_app.core import preload; preload.load_window_modules(); "
              "import desktop_app.gui.main_window; print('pyqtgraph' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "False"


def test_the_plots_are_there_once_the_engine_starts(qtbot, window, tmp_path):
    from tests.conftest import write_class_folders

    qtbot.waitUntil(lambda: window.train_tab._plots is not None, timeout=5000)
    assert window.evaluate_tab._calibration_panel is not None
    open_folder(qtbot, window, write_class_folders(tmp_path / "data", per_class=8))
    train(qtbot, window, "softmax", "pixels", auto_tune=False)
    assert window.train_tab.plots.epochs
