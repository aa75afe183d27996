"""The Train tab while and after it trains: curves that fill in live and stay honest, progress in words, and a
result panel that says what matters in sentences with the numbers under "Details"."""
from __future__ import annotations

import threading

import pyqtgraph as pg
import pytest

pytest.importorskip("pytestqt")

from desktop_app.core.classifiers import search  # noqa: E402
from desktop_app.core.events import CrossValidationFold, Progress  # noqa: E402
from tests.gui_helpers import open_folder, train  # noqa: E402


def _legend_names(plot) -> list[str]:
    return [label.text for _, label in plot.getPlotItem().legend.items]


def test_linear_training_keeps_the_chosen_settings_validation_curve_and_says_what_it_tries(qtbot, window,
                                                                                          image_folder):
    open_folder(qtbot, window, image_folder)
    window.model_tab.setting_widget("epochs").setValue(4)
    progress = []
    window.train_tab.runner.event.connect(
        lambda event: progress.append(event.message) if isinstance(event, Progress) else None)
    train(qtbot, window, "softmax", "pixels")
    tab = window.train_tab
    assert tab.model is not None, tab.progress_label.text()
    plots = tab.plots
    assert plots.epoch_run == "final"  # the final run is drawn, without validation pictures of its own
    items = plots.accuracy_plot.getPlotItem().listDataItems()
    assert plots.chosen_val_curve in items
    xs, ys = plots.chosen_val_curve.getData()
    assert len(xs) >= 1 and all(0 <= y <= 1 for y in ys)
    assert any("chosen setting" in name for name in _legend_names(plots.accuracy_plot))
    assert "chosen setting" in plots.accuracy_note and "No validation line" not in plots.accuracy_note
    tried = [m for m in progress if m.startswith("Trying setting ")]
    assert tried and tried[0].startswith("Trying setting 1 of 12: learning rate ")
    assert not any(" / " in m for m in tried)  # not "... 4 / 12"


def test_knn_plot_has_points_while_the_cross_validation_runs(qtbot, window, image_folder, monkeypatch):
    """The search is held after its first finished fold: the plot must show that fold's points while the
    worker is still inside the cross-validation (no mean has come yet)."""
    held = threading.Event()
    release = threading.Event()
    real = search.cross_validate_knn

    def held_after_first_fold(*args, **kwargs):
        steps = real(*args, **kwargs)
        while True:
            try:
                event = next(steps)
            except StopIteration as stop:
                return stop.value
            yield event
            if isinstance(event, CrossValidationFold) and not held.is_set():
                held.set()
                release.wait(60)

    monkeypatch.setattr(search, "cross_validate_knn", held_after_first_fold)
    open_folder(qtbot, window, image_folder)
    window.model_tab.set_choice("knn", "pixels", True)
    tab = window.train_tab
    try:
        assert tab.start_training()
        plots = tab.plots

        def fold_dots() -> int:
            return sum(len(item.getData()[0]) for item in plots._cv_items if isinstance(item, pg.ScatterPlotItem)
                       and item in plots.cv_plot.getPlotItem().items)

        qtbot.waitUntil(lambda: fold_dots() > 0, timeout=60_000)
        assert tab.running and held.is_set() and not release.is_set()
        assert not plots.cv_points  # no mean yet: the points are the first fold's
        assert any("1 of" in name for name in _legend_names(plots.cv_plot))
    finally:
        release.set()
    qtbot.waitUntil(lambda: not tab.running, timeout=120_000)
    assert tab.model is not None and plots.cv_points and plots.chosen_k is not None


def test_result_panel_speaks_in_sentences_and_keeps_the_numbers_under_details(qtbot, window, image_folder):
    window.resize(1366, 768)
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "knn", "pixels")
    tab = window.train_tab
    window.tabs.setCurrentIndex(next(i for i in range(window.tabs.count())
                                     if window.tabs.widget(i).isAncestorOf(tab)))
    qtbot.waitUntil(tab.result_label.isVisible, timeout=5000)
    visible = tab.result_label.text()
    assert "Test accuracy: " in visible and "It uses k " in visible and "chosen because" in visible
    n_test = tab.model.training_info["counts"]["test"]  # a few test pictures: the range is given, and called wide
    assert "95% sure it lies between" in visible and f"on {n_test} pictures" in visible
    assert "That range is wide" in visible
    for jargon in ("temperature", "uniform share", "standard error", "COSINE"):
        assert jargon not in visible
    assert not tab.details.expanded and not tab.details_label.isVisible()
    details = tab.details_label.text()
    assert "temperature" in details and "uniform share" in details and "within one standard error" in details
    tab.details.button.click()
    assert tab.details_label.isVisible()
    label = tab.result_label  # no inner scrolling: the whole text has the height it needs
    assert label.isVisible() and label.height() >= label.heightForWidth(label.width())


def test_the_time_before_training_counts_the_features_still_to_compute(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    window.model_tab.set_choice("knn", "pixels", True)
    tab = window.train_tab
    qtbot.waitUntil(lambda: tab.estimate.estimate is not None, timeout=20_000)
    assert tab.estimate.estimate.to_extract == 36
    assert "to compute the features of the 36 pictures" in tab.hint.text()
    cost = window.model_tab._cost_labels["knn"].text()  # the Model tab says what kNN costs here, never "instant"
    assert cost.startswith("On these 36 pictures: about ") and "choose its settings" in cost
    train(qtbot, window, "knn", "pixels")
    # asked again once the run is done: every feature is in the cache now, so only training is left
    qtbot.waitUntil(lambda: tab.estimate.estimate is not None and tab.estimate.estimate.to_extract == 0,
                    timeout=20_000)
    assert tab.estimate.text().startswith("About ") and "features of all 36 pictures are ready" in \
        tab.estimate.text()
    assert "first guess" not in window.model_tab._cost_labels["knn"].text()  # measured by the run


def test_the_features_phase_says_what_follows_it(qtbot, window, image_folder):
    from desktop_app.core.estimates import Estimate

    open_folder(qtbot, window, image_folder)
    tab = window.train_tab
    tab._run_estimate = Estimate(3670, 3670, 100.0, 40.0, True)  # what the run started with
    tab._show_progress(Progress("features", 400, 3670, 100.0, "Computing features 400 / 3,670"))
    assert tab.progress_label.text() == ("Computing features 400 / 3,670 - about 1 min 40 s left, then about 40 s "
                                         "to choose the settings and train")
