"""Write docs/screenshot-<tab>.png: every tab of the real window in use, on the built-in sample dataset.

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots.py
    ... tools/screenshots.py --language zh_TW     the interface in Traditional Chinese: screenshot-zh_TW-<tab>.png

The window takes the size it takes on that screen (a common lab laptop); the Dataset tab is also shot at the
size it has on a 1024 x 700 screen (screenshot-dataset-1024x700.png), and so is the Evaluate tab.

Uses QWidget.grab(), so it needs no window manager. Settings and caches go to a temporary folder.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out_dir: Path = ROOT / "docs", language: str = "") -> list[Path]:
    scratch = Path(tempfile.mkdtemp(prefix="screenshots_"))
    os.environ.setdefault("DESKTOP_APP_CONFIG_DIR", str(scratch / "config"))
    os.environ.setdefault("DESKTOP_APP_CACHE_DIR", str(scratch / "cache"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    prefix = f"screenshot-{language}-" if language else "screenshot-"
    if language:  # chosen as in View > Language, before the application installs its translations
        sys.path.insert(0, str(ROOT / "build"))
        import translations

        from desktop_app.gui import language as interface_language
        from desktop_app.gui import settings

        translations.compile_translations()
        settings.set_value(interface_language.LANGUAGE_KEY, language)
    from desktop_app.gui.app import create_application

    app = create_application([sys.argv[0]])
    from desktop_app.gui.main_window import DATASET, EVALUATE, MODEL, PREDICT, TRAIN, MainWindow

    def wait(condition, timeout_s: float = 300) -> None:
        deadline = time.perf_counter() + timeout_s
        while not condition() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.01)

    def settle(seconds: float = 0.6) -> None:
        wait(lambda: False, seconds)  # lets thumbnails load and plots redraw

    from PySide6.QtCore import QRect

    from desktop_app.gui import geometry

    window = MainWindow()  # sized to fit the screen, as a user sees it first
    window.show()
    shots: list[Path] = []

    def shoot(index: int, name: str) -> None:
        window.tabs.setCurrentIndex(index)
        settle()
        path = out_dir / f"{prefix}{name}.png"
        window.grab().save(str(path), "PNG")
        shots.append(path)

    window.dataset_tab.load_sample()
    wait(lambda: not window.dataset_tab.scanning())
    window.dataset_tab.class_table.selectRow(3)
    shoot(DATASET, "dataset")
    window.model_tab.set_choice("softmax", "pretrained", True)
    shoot(MODEL, "model")
    window.train_tab.start_training()
    wait(lambda: not window.train_tab.running)
    shoot(TRAIN, "train")
    evaluate = window.evaluate_tab
    if evaluate.data is not None and evaluate.data.mistakes:
        first = evaluate.data.mistakes[0]  # the core's mistakes name their classes
        names = evaluate.data.class_names
        evaluate.select_cell(names.index(first["true"]), names.index(first["predicted"]))
    shoot(EVALUATE, "evaluate")
    samples = window.dataset_tab.dataset.samples
    window.predict_tab.predict_paths([str(s.path) for s in samples[::97][:8]])
    wait(lambda: not window.predict_tab.runner.running and window.predict_tab.predictions)
    shoot(PREDICT, "predict")

    # kNN: the cross-validation plot and the nearest-neighbour panel
    window.model_tab.set_choice("knn", "pixels", True)
    window.train_tab.start_training()
    wait(lambda: not window.train_tab.running)
    shoot(TRAIN, "train-knn")
    if evaluate.data is not None and evaluate.data.mistakes:
        first = evaluate.data.mistakes[0]  # the core's mistakes name their classes
        names = evaluate.data.class_names
        evaluate.select_cell(names.index(first["true"]), names.index(first["predicted"]))
        evaluate.cell_view.setCurrentIndex(evaluate.cell_model.index(0))
        wait(lambda: evaluate.neighbours_model.rowCount() > 0, 30)
    shoot(EVALUATE, "evaluate-knn")
    window.setGeometry(geometry.centred(geometry.first_size(QRect(0, 0, 1024, 700)), QRect(0, 0, 1024, 700)))
    shoot(DATASET, "dataset-1024x700")
    shoot(EVALUATE, "evaluate-1024x700")
    window.close()
    return shots


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", default="", help="interface language, e.g. zh_TW (default: the system's)")
    for written in main(language=parser.parse_args().language):
        print(written)
