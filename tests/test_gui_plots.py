"""Live plots: the data they hold as events arrive (drawing is throttled by a timer)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import pyqtgraph as pg  # noqa: E402

from desktop_app.core.events import (CrossValidationFold, CrossValidationPoint, EpochMetrics,  # noqa: E402
                                     HyperparametersChosen, LossPoint, SearchPoint)
from desktop_app.gui.plots import LivePlots  # noqa: E402


def test_loss_curve_keeps_the_current_run_and_a_smoothed_line(qtbot):
    plots = LivePlots()
    for i in range(5):
        plots.add(LossPoint(i, 1, 9.0, run="search"))
    assert plots.search_trials == 1 and plots.loss_run == "search"
    for i in range(20):
        plots.add(LossPoint(i, 1 + i // 10, 2.0 if i < 10 else 1.0))
    assert plots.loss_run == "final" and plots.loss_x == list(range(20))
    # bias-corrected moving average: starts exactly at the first value, then lags behind the drop
    assert plots.smooth_y[0] == pytest.approx(2.0)
    assert 1.0 < plots.smooth_y[-1] < 2.0
    plots.redraw()
    xs, ys = plots.loss_smooth.getData()
    assert len(xs) == 20 and ys[0] == pytest.approx(2.0)


def test_accuracy_per_epoch_restarts_with_a_new_run(qtbot):
    plots = LivePlots()
    plots.add(EpochMetrics(1, 1.0, 0.5, 0.4, run="search"))
    plots.add(EpochMetrics(2, 0.8, 0.6, 0.5, run="search"))
    plots.add(EpochMetrics(1, 0.9, 0.7, None))
    assert plots.epochs == [1] and plots.train_accuracy == [0.7]
    plots.redraw()
    assert len(plots.val_curve.getData()[0] or []) == 0  # no validation value: nothing drawn


def test_knn_cross_validation_marks_the_chosen_k(qtbot):
    plots = LivePlots()
    for k, mean in ((1, 0.8), (3, 0.9), (5, 0.85)):
        plots.add(CrossValidationPoint(k, "l2", mean, 0.05, (mean - 0.05, mean + 0.05)))
    plots.add(HyperparametersChosen({"k": 3, "distance": "l2"}, "best"))
    plots.redraw()
    assert plots.chosen_line is not None and plots.chosen_line.value() == 3
    assert "chosen k = 3" in plots.chosen_line.label.toPlainText()
    plots.reset()
    assert plots.chosen_line is None and not plots.cv_points


def _legend_names(plot) -> list[str]:
    return [label.text for _, label in plot.getPlotItem().legend.items]


def test_the_chosen_settings_validation_curve_stays_through_the_final_run(qtbot):
    plots = LivePlots()
    for lr, values in ((0.01, (0.5, 0.6, 0.55)), (0.001, (0.6, 0.8, 0.85))):
        for epoch, value in enumerate(values, 1):
            plots.add(EpochMetrics(epoch, 1.0, 0.7, value, run="search"))
        plots.add(SearchPoint({"learning_rate": lr, "regularization": 0.1, "epochs": 3}, values[-1]))
    plots.add(HyperparametersChosen({"learning_rate": 0.001, "regularization": 0.1, "epochs": 3}, "best"))
    for epoch in (1, 2):  # the final run: no validation pictures of its own
        plots.add(EpochMetrics(epoch, 1.0, 0.8, None))
    plots.redraw()
    assert plots.chosen_val_shown and plots.chosen_val_curve in plots.accuracy_plot.getPlotItem().listDataItems()
    xs, ys = plots.chosen_val_curve.getData()
    assert list(xs) == [1, 2, 3] and list(ys) == pytest.approx([0.6, 0.8, 0.85])  # the chosen setting's, not the last
    assert any("chosen setting" in name for name in _legend_names(plots.accuracy_plot))
    assert "chosen setting" in plots.accuracy_note
    plots.reset()
    assert not plots.chosen_val_shown


def test_knn_plot_gains_each_folds_points_before_the_means_come(qtbot):
    plots = LivePlots()
    ks = (1, 3, 5)
    plots.add(CrossValidationFold("cosine", 1, 5, ks, (0.7, 0.8, 0.75)))
    plots.redraw()
    drawn = [item for item in plots._cv_items if isinstance(item, pg.ScatterPlotItem)]
    assert len(drawn) == 1 and len(drawn[0].getData()[0]) == 3  # one dot per k of the finished fold
    assert _legend_names(plots.cv_plot) == ["cosine (1 of 5 parts)"]
    plots.add(CrossValidationFold("cosine", 2, 5, ks, (0.9, 0.8, 0.85)))
    plots.redraw()
    line = next(item for item in plots._cv_items if isinstance(item, pg.PlotDataItem))
    assert list(line.getData()[1]) == pytest.approx([0.8, 0.8, 0.8])  # the mean of the folds so far
    assert _legend_names(plots.cv_plot) == ["cosine (2 of 5 parts)"]
    for k in ks:
        plots.add(CrossValidationPoint(k, "cosine", 0.8, 0.05, (0.75, 0.85)))
    plots.redraw()
    assert _legend_names(plots.cv_plot) == ["cosine"]  # the means once every fold is done, in lower case
