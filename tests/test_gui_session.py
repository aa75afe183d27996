"""End-to-end: the real window through a whole session, driven as a user would (offscreen)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.core.classifiers import registry
from desktop_app.core.events import LossPoint  # noqa: E402
from desktop_app.gui.main_window import EVALUATE, MainWindow  # noqa: E402
from desktop_app.gui.widgets import StallMeter  # noqa: E402
from desktop_app.gui.worker import TaskRunner  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402
from tests.gui_helpers import drop_urls, open_folder, train, visible_message_boxes  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("features", registry.FEATURE_KINDS)
@pytest.mark.parametrize("classifier", registry.names())
def test_train_each_classifier_with_each_feature_type(qtbot, window, image_folder, classifier, features):
    open_folder(qtbot, window, image_folder)
    window.model_tab.setting_widget("epochs").setValue(8)
    loss_points_while_running = []
    window.train_tab.runner.event.connect(
        lambda event: loss_points_while_running.append(event) if isinstance(event, LossPoint) else None)
    meter = StallMeter()
    meter.start()
    train(qtbot, window, classifier, features)
    stall_ms = meter.stop()
    tab = window.train_tab
    assert tab.model is not None, tab.progress_label.text()
    assert tab.model.classifier_name == classifier and tab.model.feature_settings.kind == features
    assert "Test accuracy" in tab.result_label.text() and tab.save_button.isEnabled()
    result = tab.result_label.text()
    spec = registry.get(classifier)
    if spec.settings_search == "cross_validation":  # says how its held-out accuracy was measured
        assert "Cross-validation accuracy (" in result and "Validation accuracy" not in result
    else:
        assert "Validation accuracy: " in result
    if spec.training_plot == "accuracy_by_k":
        assert tab.plots.cv_points and tab.plots.chosen_k is not None
        assert tab.plot_stack.currentWidget() is tab.plots.cv_plot
    else:
        assert loss_points_while_running and tab.plots.epochs  # the curves got their data live
        assert len(tab.plots.loss_x) == len(tab.plots.smooth_y) > 0
    assert window.evaluate_tab.gate.ready and window.predict_tab.gate.ready
    assert window.evaluate_tab.data.accuracy >= 0.6
    assert stall_ms < 1000, f"the window froze for {stall_ms:.0f} ms"


def test_full_session_evaluate_predict_export_save_reopen(qtbot, window, image_folder, tmp_path):
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "knn", "pixels")
    assert window.train_tab.model is not None

    # Evaluate: the cells of the confusion matrix lead to the pictures behind them
    window.tabs.setCurrentIndex(EVALUATE)
    evaluate = window.evaluate_tab
    data = evaluate.data
    assert data.n_examples == sum(row[i] for i, row in enumerate(data.confusion)) + len(data.mistakes)
    assert evaluate.per_class_table.rowCount() == 3 and evaluate.confusion_table.rowCount() == 3
    # the tab shows the core's Evaluation itself (the GUI never re-splits or re-parses it)
    evaluation = window.train_tab.evaluation
    assert data is evaluation is window.session.evaluation
    assert evaluation.paths is not None and len(evaluation.paths) == len(evaluation.y_true) == data.n_examples
    # calibration: the reliability diagram and the trade at the model's own "unsure" threshold
    panel = evaluate.calibration_panel
    evaluate.pages.setCurrentWidget(evaluate.calibration_page)  # its own sub-page
    assert panel.isVisibleTo(evaluate) and "off by" in panel.explanation.text()
    assert panel.threshold == pytest.approx(window.train_tab.model.unsure_threshold, abs=0.0005)
    assert "of those answers are right" in panel.tradeoff_label.text() or "none" in panel.tradeoff_label.text()
    evaluate.pages.setCurrentWidget(evaluate.summary)
    evaluate.select_cell(0, 0)
    assert evaluate.cell_model.rowCount() == int(data.confusion[0][0]) > 0
    assert "circles" in evaluate.cell_box.title()
    # kNN: selecting a test picture shows its nearest training pictures
    assert evaluate.neighbours_box.isVisibleTo(evaluate)
    evaluate.cell_view.setCurrentIndex(evaluate.cell_model.index(0))
    qtbot.waitUntil(lambda: evaluate.neighbours_model.rowCount() > 0, timeout=10_000)  # label: see below
    assert all(Path(item.path).exists() for item in evaluate.neighbours_model.items())

    # Predict: drop files and a folder, mark unsure, export CSV
    predict = window.predict_tab
    new = write_class_folders(tmp_path / "new", per_class=2, seed=5)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not really a jpeg")
    drop_urls(predict, [new / "circles" / "circles_5_000.png", new / "squares", broken])
    qtbot.waitUntil(lambda: len(predict.predictions) == 4 and not predict.runner.running, timeout=20_000)
    by_name = {Path(p.path).name: p for p in predict.predictions}
    assert by_name["circles_5_000.png"].label == "circles"
    assert by_name["broken.jpg"].error and "Could not read" in predict.table_model.verdict(by_name["broken.jpg"])
    predict.threshold_spin.setValue(100)
    assert predict.table_model.verdict(by_name["circles_5_000.png"]).startswith("unsure") or \
        by_name["circles_5_000.png"].probability >= 1.0
    out = tmp_path / "answers.csv"
    assert predict.export_csv(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 4 and {row["path"] for row in rows} == {p.path for p in predict.predictions}
    circle_row = next(row for row in rows if row["path"].endswith("circles_5_000.png"))
    assert circle_row["label_1"] == "circles" and float(circle_row["probability_1"]) > 0
    assert circle_row["unsure"] == ("yes" if float(circle_row["probability"]) < 1.0 else "no")

    # Paste a picture from the clipboard
    QApplication.clipboard().setImage(QImage(str(new / "stripes" / "stripes_5_000.png")))
    assert predict.paste_image()
    qtbot.waitUntil(lambda: len(predict.predictions) == 5, timeout=20_000)
    assert predict.predictions[-1].label == "stripes"

    # Save, then reopen in a new window: prediction and the stored evaluation still work
    with qtbot.waitSignal(window.train_tab.model_saved, timeout=30_000) as saving:
        assert window.save_model(tmp_path / "shapes.psmodel")
    saved = Path(saving.args[0])
    assert saved.exists()
    window.close()
    second = MainWindow()
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.model_opened, timeout=30_000):
        assert second.open_model(saved)
    assert second.predict_tab.gate.ready and second.evaluate_tab.gate.ready
    drop_urls(second.predict_tab, [new / "stripes"])
    qtbot.waitUntil(lambda: len(second.predict_tab.predictions) == 2, timeout=20_000)
    assert all(p.label == "stripes" for p in second.predict_tab.predictions)
    second.close()


def test_opening_a_broken_model_file_gives_a_message(qtbot, window, tmp_path):
    bad = tmp_path / "bad.psmodel"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with qtbot.waitSignal(window.model_file_runner.done, timeout=30_000):
        assert window.open_model(bad)  # read in the background; the answer comes as a message
    assert any("damaged" in box.text() or "not a model" in box.text() for box in visible_message_boxes())
    assert not window.predict_tab.gate.ready


def test_cancel_then_train_again(qtbot, window, tmp_path):
    folder = write_class_folders(tmp_path / "many", per_class=60)
    open_folder(qtbot, window, folder)
    window.model_tab.set_choice("softmax", "pixels", True)
    tab = window.train_tab
    assert tab.start_training()
    qtbot.waitUntil(lambda: tab.events_seen.get("Phase", 0) >= 2, timeout=20_000)
    with qtbot.waitSignal(tab.runner.cancelled, timeout=1500):
        tab.cancel_training()
    assert tab.model is None and tab.start_button.isEnabled() and "stopped" in tab.progress_label.text().lower()
    window.model_tab.set_choice("knn", "pixels", True)
    train(qtbot, window, "knn", "pixels")
    assert tab.model is not None


def test_an_error_in_training_becomes_a_message(qtbot, window, image_folder, monkeypatch):
    from desktop_app.core import training

    def out_of_memory(config, cancel=None):
        yield from ()
        raise MemoryError()

    monkeypatch.setattr(training, "run_training", out_of_memory)
    open_folder(qtbot, window, image_folder)
    window.train_tab.start_training()
    qtbot.waitUntil(lambda: not window.train_tab.running, timeout=10_000)
    assert "out of memory" in window.train_tab.progress_label.text()
    assert any("out of memory" in box.text() for box in visible_message_boxes())
    assert window.train_tab.start_button.isEnabled()


def test_closing_the_window_while_training_stops_the_thread(qtbot, tmp_path):
    folder = write_class_folders(tmp_path / "many", per_class=60)
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    open_folder(qtbot, main, folder)
    main.model_tab.set_choice("softmax", "pixels", True)
    main.train_tab.start_training()
    qtbot.waitUntil(lambda: main.train_tab.events_seen.get("Phase", 0) >= 1, timeout=20_000)
    thread = main.train_tab.runner._thread
    runners = main.findChildren(TaskRunner)
    main.close()
    assert not main.train_tab.running and (thread is None or thread.isFinished())
    assert all(not runner.running for runner in runners)  # every tab's worker, not only training's
    assert all(runner._thread is None for runner in runners)
