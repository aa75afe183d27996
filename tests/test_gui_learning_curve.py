"""In the real window: "How many more pictures?" from the Evaluate tab draws one plot per class with one point per
share, says which classes would gain, and stops when cancelled; File > Export report... writes the report."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QFileDialog  # noqa: E402

from desktop_app.core.analysis.learning_curve import FRACTIONS  # noqa: E402
from desktop_app.gui.main_window import EVALUATE  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402
from tests.gui_helpers import close_message_boxes, open_folder, train, visible_message_boxes  # noqa: E402

CLASSES = {"<b>bold": ((220, 40, 40), "ellipse"), "squares": ((40, 180, 60), "rectangle"),
           "stripes": ((40, 70, 220), "stripes")}


@pytest.fixture
def folder(tmp_path):
    return write_class_folders(tmp_path / "data", per_class=12, size=24, classes=CLASSES)


def _open_view(qtbot, window, folder):
    assert not window.evaluate_tab.curve_button.isEnabled()  # no dataset yet
    open_folder(qtbot, window, folder)
    window.model_tab.set_choice("knn", "pixels", True)
    window.tabs.setCurrentIndex(EVALUATE)
    button = window.evaluate_tab.curve_button
    assert button.isEnabled() and button.isVisible()
    button.click()
    return button.view


def test_the_curve_has_a_plot_per_class_a_point_per_share_and_a_sentence(qtbot, window, folder):
    view = _open_view(qtbot, window, folder)
    assert view.isVisible()
    assert view.start()
    qtbot.waitUntil(lambda: view.curve is not None, timeout=120_000)
    assert len(view.class_plots) == 3 and len(view.points) == len(FRACTIONS)
    for c, line in enumerate(view._lines):
        xs, ys = line.getData()
        assert list(xs) == [p.class_pictures[c] for p in view.curve.points] and len(xs) == len(FRACTIONS)
        assert list(xs) == sorted(xs) and all(0 <= y <= 1 for y in ys)
    titles = [plot.getPlotItem().titleLabel.text for plot in view.class_plots]
    assert "&lt;b&gt;bold" in titles[0] and "squares" in titles[1]  # a folder name is text, never markup
    assert view.sentence_label.text() == view.curve.sentence and view.sentence_label.text()
    assert re.search(r"\d+(\.\d)?%", view.status_label.text())
    assert view.start_button.isEnabled() and not view.cancel_button.isEnabled()


def test_the_curve_stops_when_cancelled(qtbot, window, folder):
    view = _open_view(qtbot, window, folder)
    assert view.start()
    assert view.cancel_button.isEnabled()
    view.cancel_button.click()
    qtbot.waitUntil(lambda: not view.runner.running, timeout=30_000)
    assert view.status_label.text() == "Stopped." and view.curve is None
    assert len(view.points) < len(FRACTIONS) and view.start_button.isEnabled()


def test_export_report_writes_the_models_test_results(qtbot, window, image_folder, tmp_path, monkeypatch):
    assert not window.report_export.action.isEnabled()
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "knn", "pixels")
    assert window.report_export.action.isEnabled()
    out = tmp_path / "report.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(out), "")))
    with qtbot.waitSignal(window.report_export.written, timeout=60_000):
        window.report_export.action.trigger()
    text = out.read_text(encoding="utf-8")
    accuracy = window.session.evaluation.accuracy
    assert f'id="test-accuracy">Test accuracy: <span data-value="{float(accuracy)!r}">' in text
    assert window.session.model.record["dataset_fingerprint"] in text
    assert "Wrote the report" in window.statusBar().currentMessage()
    # a picture is never replaced: one plain message, the picture as it was
    picture = next((image_folder / "circles").iterdir())
    before = picture.read_bytes()
    with qtbot.waitSignal(window.report_export.failed, timeout=30_000) as failure:
        assert window.report_export.write(picture)
    assert "picture" in failure.args[0] and picture.read_bytes() == before
    assert [box.text() for box in visible_message_boxes()] == [failure.args[0]]
    close_message_boxes()
