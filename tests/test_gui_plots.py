"""Live plots: the data they hold as events arrive (drawing is throttled by a timer)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from desktop_app.core.events import CrossValidationPoint, EpochMetrics, HyperparametersChosen, LossPoint  # noqa: E402
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
