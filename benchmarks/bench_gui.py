"""How responsive the window stays while it trains: the longest event-loop stall during a real training run.

``run(data_dir, quick)`` opens the real main window (offscreen unless a display is set), scans ``data_dir`` (a folder
of class folders, e.g. the unpacked hymenoptera photos), trains softmax on pretrained features through the Train tab
and reports the worst gap between two 10 ms timer ticks. Goal: under 100 ms; the GUI tests fail above 1 s.
Without ``data_dir`` (or when it is missing) small generated pictures are used.

    .venv/bin/python benchmarks/bench_gui.py /tmp/data/hymenoptera --quick
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _generated_folder(root: Path) -> Path:
    from tests.conftest import write_class_folders

    return write_class_folders(root / "generated", per_class=40, size=64)


def run(data_dir: str | os.PathLike | None = None, quick: bool = True) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.dataset import Dataset
    from desktop_app.gui.app import create_application

    app = QApplication.instance() or create_application([sys.argv[0]])
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.widgets import StallMeter

    scratch = tempfile.TemporaryDirectory(prefix="bench_gui_")
    folder = Path(data_dir) if data_dir and Path(data_dir).is_dir() else _generated_folder(Path(scratch.name))

    def wait(condition, timeout_s: float) -> bool:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            if time.perf_counter() > deadline:
                return False
            app.processEvents()
            time.sleep(0.002)
        return True

    window = MainWindow()
    window.show()
    meter = StallMeter()
    try:
        meter.start()
        scan_started = time.perf_counter()
        window.open_dataset(folder)
        wait(lambda: not window.dataset_tab.scanning(), 600)
        scan_seconds = time.perf_counter() - scan_started
        scan_stall = meter.stop()
        dataset = window.dataset_tab.dataset
        if dataset is None:
            raise RuntimeError(f"No usable pictures in {folder}")
        if quick:  # at most 60 pictures per class and split keep the run short
            kept, seen = [], {}
            for sample in dataset.samples:
                key = (sample.label, sample.split)
                seen[key] = seen.get(key, 0) + 1
                if seen[key] <= 60:
                    kept.append(sample)
            window.dataset_tab.dataset = Dataset(dataset.class_names, kept, dataset.root,
                                                 dataset.has_predefined_splits)
        window.model_tab.set_choice("softmax", "pretrained", True)
        meter.start()
        started = time.perf_counter()
        window.train_tab.start_training()
        finished = wait(lambda: not window.train_tab.running, 1200)
        seconds = time.perf_counter() - started
        training_stall = meter.stop()
        model = window.train_tab.model
        return {
            "gui_max_stall_ms": round(max(training_stall, 0.0), 1),
            "gui_scan_max_stall_ms": round(max(scan_stall, 0.0), 1),
            "gui_timer_ticks": meter.ticks,
            "gui_train_seconds": round(seconds, 2),
            "gui_scan_seconds": round(scan_seconds, 2),
            "gui_pictures": len(window.dataset_tab.dataset),
            "gui_test_accuracy": (model.metrics.get("test_accuracy") if model is not None else None),
            "gui_finished": bool(finished and model is not None),
            "gui_data": str(folder),
        }
    finally:
        window.close()
        scratch.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=None)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.data_dir, args.quick), indent=2))


if __name__ == "__main__":
    main()
