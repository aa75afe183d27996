"""Live training plots (pyqtgraph): loss per iteration, accuracy per epoch, kNN cross-validation accuracy per k.

Events only append to plain lists; a timer redraws at most ten times a second, so thousands of loss points per
second never stall the event loop.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.events import (CrossValidationFold, CrossValidationPoint, EpochMetrics, HyperparametersChosen,
                                     LossPoint, SearchPoint)
from desktop_app.core.output.wording import distance_name_text

REDRAW_INTERVAL_MS = 100
# Exponential moving average weight of the past, for the smoothed loss line (debiased). Light, because the points
# are already means of several minibatches: a heavier average lagged far above a fast-falling loss.
SMOOTHING = 0.6
SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")


class IntegerAxis(pg.AxisItem):
    """An axis of whole numbers (epochs, k): no ticks at 1.5 epochs."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 - pyqtgraph API
        levels = [(spacing, [v for v in values if float(v).is_integer()])
                  for spacing, values in super().tickValues(minVal, maxVal, size) if spacing >= 1]
        if not any(values for _, values in levels) and math.isfinite(minVal) and math.isfinite(maxVal):
            whole = [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)]
            levels = [(1.0, whole)]
        return levels

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph API
        return [f"{int(round(v * scale))}" for v in values]


def themed_plot(title: str, x_label: str, y_label: str, parent: QWidget | None = None,
                integer_x: bool = False, legend_offset: tuple[int, int] = (-10, 10)) -> pg.PlotWidget:
    """A PlotWidget whose background and text follow the system palette (light or dark)."""
    palette = QApplication.palette()
    background = palette.color(QPalette.ColorRole.Base)
    foreground = palette.color(QPalette.ColorRole.Text)
    axes = {"bottom": IntegerAxis("bottom")} if integer_x else None
    plot = pg.PlotWidget(parent=parent, background=background, axisItems=axes)
    item = plot.getPlotItem()
    item.setTitle(title, color=foreground.name())
    for axis_name, label in (("bottom", x_label), ("left", y_label)):
        axis = item.getAxis(axis_name)
        axis.setPen(pg.mkPen(foreground))
        axis.setTextPen(pg.mkPen(foreground))
        axis.setLabel(label, color=foreground.name())
        axis.enableAutoSIPrefix(False)  # accuracies stay 0.95, not "950 (x0.001)"
    item.showGrid(x=True, y=True, alpha=0.2)
    item.addLegend(labelTextColor=foreground.name(), offset=legend_offset)
    plot.setMinimumHeight(160)
    return plot


def set_title(plot: pg.PlotWidget, title: str) -> None:
    """A new title in the palette's text colour (pyqtgraph's own default grey is faint on white)."""
    plot.getPlotItem().setTitle(title, color=QApplication.palette().color(QPalette.ColorRole.Text).name())


class LivePlots:
    """Holds the data of one training run and the three plots that show it."""

    @staticmethod
    def tr(text: str) -> str:  # a plain class: lupdate files self.tr() here under the class's name
        return QCoreApplication.translate("LivePlots", text)

    def __init__(self) -> None:
        self.loss_plot = themed_plot(self.tr("Training loss"), self.tr("iteration"), self.tr("loss"))
        # legend at the bottom right: accuracy curves run along the top
        self.accuracy_plot = themed_plot(self.tr("Accuracy per epoch"), self.tr("epoch"), self.tr("accuracy"),
                                         integer_x=True, legend_offset=(-10, -10))
        self.cv_plot = themed_plot(self.tr("Cross-validation accuracy for each k"), self.tr("k (neighbours)"),
                                   self.tr("accuracy"), integer_x=True)
        self.accuracy_plot.setYRange(0, 1.02)
        self.loss_scatter = self.loss_plot.plot([], [], pen=None, symbol="o", symbolSize=3,
                                                symbolPen=None, symbolBrush=QColor(31, 119, 180, 90),
                                                name=self.tr("each iteration"))
        self.loss_smooth = self.loss_plot.plot([], [], pen=pg.mkPen("#d62728", width=2), name=self.tr("smoothed"))
        self.train_curve = self.accuracy_plot.plot([], [], pen=pg.mkPen("#1f77b4", width=2), symbol="o",
                                                   symbolSize=6, symbolBrush="#1f77b4", name=self.tr("training"))
        # Added to the plot (and its legend) only while there are validation points to show
        self.val_curve = pg.PlotDataItem([], [], pen=pg.mkPen("#2ca02c", width=2), symbol="s", symbolSize=6,
                                         symbolBrush="#2ca02c", name=self.tr("validation"))
        self.val_shown = False
        # the chosen setting's validation curve from the settings search, kept on the plot during the final run
        # (which learns from the validation pictures too, so it has no validation line of its own)
        dashed = pg.mkPen("#2ca02c", width=2, style=pg.QtCore.Qt.PenStyle.DashLine)
        self.chosen_val_curve = pg.PlotDataItem([], [], pen=dashed, symbol="s", symbolSize=6, symbolBrush="#2ca02c",
                                                name=self.tr("validation (chosen setting)"))
        self.chosen_val_shown = False
        self.accuracy_note = ""  # what the validation line is, when it is not the current run's
        self.chosen_line: pg.InfiniteLine | None = None
        self._cv_items: list = []
        self.timer = QTimer()
        self.timer.setInterval(REDRAW_INTERVAL_MS)
        self.timer.timeout.connect(self.redraw)
        self.reset()

    def reset(self) -> None:
        self.loss_x: list[int] = []
        self.loss_y: list[float] = []
        self.smooth_y: list[float] = []
        self._ema = self._ema_weight = 0.0
        self.loss_run = ""
        self.epochs: list[int] = []
        self.train_accuracy: list[float] = []
        self.val_accuracy: list[float] = []
        self.epoch_run = ""
        self.search_val_curves: dict[tuple, tuple[list[int], list[float]]] = {}  # setting -> its validation curve
        self.chosen_val: tuple[list[int], list[float]] | None = None
        self.cv_points: list[CrossValidationPoint] = []
        self.cv_folds: list[CrossValidationFold] = []  # each fold's accuracies as soon as it is done
        self.chosen_k: int | None = None
        self.chosen_distance: str | None = None
        self.search_trials = 0
        self._dirty = True
        self.redraw()

    # -- data --------------------------------------------------------------------------------------------------
    def add(self, event) -> bool:
        """Record one event; True when it was plot data only (a settings search's result and the chosen settings are
        recorded too, and also logged by the tab)."""
        if isinstance(event, LossPoint):
            # A new run (a search trial, or the final fit) starts over from iteration 0: show only the current one.
            if event.run != self.loss_run or (self.loss_x and event.iteration < self.loss_x[-1]):
                if event.run == "search":
                    self.search_trials += 1
                self.loss_x, self.loss_y, self.smooth_y = [], [], []
                self._ema = self._ema_weight = 0.0
                self.loss_run = event.run
            loss = float(event.loss)
            if not math.isfinite(loss):
                loss = float("nan")
            self.loss_x.append(int(event.iteration))
            self.loss_y.append(loss)
            # Exponential moving average with bias correction, so the line starts at the data, not above it
            if math.isfinite(loss):
                self._ema = SMOOTHING * self._ema + (1 - SMOOTHING) * loss
                self._ema_weight = SMOOTHING * self._ema_weight + (1 - SMOOTHING)
            self.smooth_y.append(self._ema / self._ema_weight if self._ema_weight else loss)
        elif isinstance(event, EpochMetrics):
            if event.run != self.epoch_run or (self.epochs and event.epoch <= self.epochs[-1]):
                self.epochs, self.train_accuracy, self.val_accuracy = [], [], []
                self.epoch_run = event.run
            self.epochs.append(int(event.epoch))
            self.train_accuracy.append(float(event.train_accuracy))
            self.val_accuracy.append(float("nan") if event.val_accuracy is None else float(event.val_accuracy))
        elif isinstance(event, CrossValidationPoint):
            self.cv_points.append(event)
        elif isinstance(event, CrossValidationFold):
            self.cv_folds.append(event)
        elif isinstance(event, SearchPoint):
            if self.epoch_run == "search":  # the run that just ended tried this setting
                self.search_val_curves[_setting_key(event.params)] = (list(self.epochs), list(self.val_accuracy))
            return False
        elif isinstance(event, HyperparametersChosen):
            if "k" in event.params:
                self.chosen_k = int(event.params["k"])
                self.chosen_distance = event.params.get("distance")
            self.chosen_val = self.search_val_curves.get(_setting_key(event.params))
            self._dirty = True
            return False
        else:
            return False
        self._dirty = True
        return True

    # -- drawing -----------------------------------------------------------------------------------------------
    def redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        set_title(self.loss_plot, self.tr("Training loss (trying settings, run {n})").format(n=self.search_trials)
                  if self.loss_run == "search" else self.tr("Training loss"))
        x = np.asarray(self.loss_x, dtype=float)
        self.loss_scatter.setData(x, np.asarray(self.loss_y, dtype=float))
        self.loss_smooth.setData(x, np.asarray(self.smooth_y, dtype=float))
        epochs = np.asarray(self.epochs, dtype=float)
        self.train_curve.setData(epochs, np.asarray(self.train_accuracy, dtype=float))
        val = np.asarray(self.val_accuracy, dtype=float)
        has_val = bool(np.isfinite(val).any())
        self.val_curve.setData(epochs[np.isfinite(val)], val[np.isfinite(val)])
        self._show_validation(has_val)
        chosen = self.chosen_val is not None and self.epoch_run != "search"
        if chosen:
            chosen_epochs = np.asarray(self.chosen_val[0], dtype=float)
            chosen_val = np.asarray(self.chosen_val[1], dtype=float)
            kept = np.isfinite(chosen_val)
            self.chosen_val_curve.setData(chosen_epochs[kept], chosen_val[kept])
        self._show_item(self.chosen_val_curve, chosen, "chosen_val_shown")
        title = self.tr("Accuracy per epoch")
        self.accuracy_note = ""
        if len(self.epochs) and not has_val:
            self.accuracy_note = (self.tr("Dashed: the chosen setting's validation accuracy, measured while trying "
                                          "settings.")
                                  if chosen else
                                  self.tr("No validation line: the final model learns from the validation pictures "
                                          "too."))
            title += f"<br><span style='font-size:8pt'>{self.accuracy_note}</span>"
        set_title(self.accuracy_plot, title)
        self._redraw_cv()

    def _show_validation(self, show: bool) -> None:
        self._show_item(self.val_curve, show, "val_shown")

    def _show_item(self, curve: pg.PlotDataItem, show: bool, flag: str) -> None:
        """Add a curve to the accuracy plot (and its legend) or take it away; ``flag`` names the attribute that
        says whether it is there."""
        if show == getattr(self, flag):
            return
        item = self.accuracy_plot.getPlotItem()
        if show:
            item.addItem(curve)  # PlotItem.addItem also puts named items in the legend
        else:
            item.removeItem(curve)
        setattr(self, flag, show)

    def _redraw_cv(self) -> None:
        item = self.cv_plot.getPlotItem()
        for old in self._cv_items:
            item.removeItem(old)
        self._cv_items = []
        if item.legend is not None:
            item.legend.clear()
        distances = list(dict.fromkeys([*(f.distance for f in self.cv_folds), *(p.distance for p in self.cv_points)]))
        for index, distance in enumerate(distances):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            points = sorted((p for p in self.cv_points if p.distance == distance), key=lambda p: p.k)
            if points:  # every fold done: the means with their spread
                ks = np.array([p.k for p in points], dtype=float)
                means = np.array([p.mean_accuracy for p in points], dtype=float)
                stds = np.array([p.std_accuracy for p in points], dtype=float)
                fold_x = [p.k for p in points for _ in p.fold_accuracies]
                fold_y = [a for p in points for a in p.fold_accuracies]
                name = distance_name_text(distance)
            else:  # while the folds are worked out: each finished fold's accuracies and their mean so far
                folds = [f for f in self.cv_folds if f.distance == distance]
                ks = np.array(folds[0].ks, dtype=float)
                accuracies = np.array([f.accuracies for f in folds], dtype=float)
                means, stds = accuracies.mean(axis=0), None
                fold_x = [k for _ in folds for k in folds[0].ks]
                fold_y = [a for f in folds for a in f.accuracies]
                name = self.tr("{distance} ({done} of {parts} parts)").format(
                    distance=distance_name_text(distance), done=len(folds), parts=folds[0].n_folds)
            # Each fold's accuracy as a dot, as in the lecture's figure
            if fold_x:
                dots = pg.ScatterPlotItem(fold_x, fold_y, size=4, pen=None, brush=pg.mkBrush(colour + "66"))
                item.addItem(dots)
                self._cv_items.append(dots)
            if stds is not None:
                bars = pg.ErrorBarItem(x=ks, y=means, top=stds, bottom=stds, beam=0.4, pen=pg.mkPen(colour))
                item.addItem(bars)
                self._cv_items.append(bars)
            line = item.plot(ks, means, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
                             symbolBrush=colour, name=name)
            self._cv_items.append(line)
        if self.chosen_line is not None:
            item.removeItem(self.chosen_line)
            self.chosen_line = None
        if self.chosen_k is not None:
            label = self.tr("chosen k = {k}").format(k=self.chosen_k)
            if self.chosen_distance:
                label += f" ({distance_name_text(self.chosen_distance)})"
            self.chosen_line = pg.InfiniteLine(pos=self.chosen_k, angle=90, pen=pg.mkPen("#d62728", width=2,
                                               style=pg.QtCore.Qt.PenStyle.DashLine),
                                               label=label, labelOpts={"position": 0.1, "color": "#d62728"})
            item.addItem(self.chosen_line)


def _setting_key(params: dict) -> tuple:
    """A tried setting, as the search's result and the chosen settings both name it (the epoch count aside: the
    search reports the best epoch it stopped at)."""
    return tuple(sorted((key, value) for key, value in params.items() if key != "epochs"))
