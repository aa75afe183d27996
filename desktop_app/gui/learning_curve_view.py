""""How many more pictures?": the learning curve of the session's dataset and classifier, one plot per class,
and the core's sentence naming the classes that would gain most. Computed on the worker (cancellable); the
Evaluate tab opens it with ``LearningCurveButton``.

pyqtgraph is imported when the first point arrives: by then the engine is ready, so the plot modules are in
(gui/startup.Engine.start imports them first) and the GUI thread never imports while the engine thread does.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QDialog, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from desktop_app.core.output.names import display_text, html_text
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import progress_time_left
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.worker import TaskRunner

PLOT_COLUMNS = 3


class LearningCurveView(QDialog):
    """Draws the curve point by point as the core yields them (``core.analysis.learning_curve.run_learning_curve``)."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = signals.session
        self.setWindowTitle(self.tr("How many more pictures?"))
        self.resize(900, 640)
        self.points: list = []  # the core's LearningCurvePoint events shown
        self.curve = None  # the core's LearningCurve once finished
        self.class_plots: list = []  # one pyqtgraph PlotWidget per class
        self._lines: list = []
        self._names: list[str] = []  # the classes of the dataset the curve is drawn for
        self.runner = TaskRunner(self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The classifier is trained on 20, 40, 60, 80 and 100 % of the training pictures, "
                               "several times each, and tested on the same test pictures every time. Where a class's "
                               "curve still rises at the right, more pictures of it would help."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.start_button = QPushButton(self.tr("&Draw the curve"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.cancel_button.setEnabled(False)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.status_label, 1)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.sentence_label = QLabel()
        self.sentence_label.setTextFormat(Qt.TextFormat.PlainText)  # class names are text, never markup
        self.sentence_label.setWordWrap(True)
        font = self.sentence_label.font()
        font.setBold(True)
        self.sentence_label.setFont(font)
        layout.addWidget(self.sentence_label)
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_holder)
        layout.addWidget(scroll, 1)

    # -- running -----------------------------------------------------------------------------------------------
    @Slot()
    def start(self) -> bool:
        if self.runner.running:
            return False
        if self.session.dataset is None:
            self.status_label.setText(self.tr("Open a dataset first (Dataset tab)."))
            return False
        values, model = self.session.training_values(), self.session.model
        self._names = list(values["dataset"].class_names)

        def step(cancel):
            from desktop_app.core.analysis.learning_curve import curve_settings, run_learning_curve
            from desktop_app.core.training import TrainingConfig

            values["hyperparameters"] = curve_settings(values["classifier"], values["features"],
                                                       values["hyperparameters"], values["auto_tune"], model)
            return run_learning_curve(TrainingConfig(**{**values, "auto_tune": False}), cancel=cancel)

        self._clear()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status_label.setText(self.tr("Getting ready..."))
        return self.runner.start(step)

    def stop(self, timeout_ms: int) -> bool:
        self.runner.cancel()
        return self.runner.stop(timeout_ms)

    def _clear(self) -> None:
        self.points, self.curve, self._lines = [], None, []
        self.sentence_label.setText("")
        for plot in self.class_plots:
            self.grid.removeWidget(plot)
            plot.close()
            plot.deleteLater()
        self.class_plots = []

    @Slot(object)
    def _on_event(self, event) -> None:
        from desktop_app.core.events import Phase, Progress
        from desktop_app.core.analysis.learning_curve import LearningCurvePoint

        if isinstance(event, Phase):
            self.status_label.setText(event.message)
        elif isinstance(event, Progress):
            self.progress.setRange(0, max(1, event.total))
            self.progress.setValue(event.done)
            left = progress_time_left(event)
            self.status_label.setText(display_text(event.message) + (f" ({left})" if left else ""))
        elif isinstance(event, LearningCurvePoint):
            self._add_point(event)

    def _add_point(self, point) -> None:
        if not self.class_plots:
            self._build_plots(self._names, len(point.class_accuracy))
        self.points.append(point)
        for c, line in enumerate(self._lines):
            xs = [p.class_pictures[c] for p in self.points if p.class_accuracy[c] is not None]
            ys = [p.class_accuracy[c] for p in self.points if p.class_accuracy[c] is not None]
            line.setData(xs, ys)

    def _build_plots(self, names: list[str], count: int) -> None:
        import pyqtgraph as pg  # already imported on this thread (see the module's words)

        from desktop_app.gui.plots import SERIES_COLOURS, themed_plot

        names = list(names)[:count] + [f"{i + 1}" for i in range(len(names), count)]
        for c, name in enumerate(names):
            plot = themed_plot(html_text(name), self.tr("training pictures of the class"), self.tr("test accuracy"))
            plot.setYRange(0, 1, padding=0.02)
            plot.setMinimumHeight(200)
            line = plot.plot([], [], pen=pg.mkPen(SERIES_COLOURS[c % len(SERIES_COLOURS)], width=2), symbol="o",
                             symbolSize=6)
            self.grid.addWidget(plot, c // PLOT_COLUMNS, c % PLOT_COLUMNS)
            self.class_plots.append(plot)
            self._lines.append(line)

    @Slot(object)
    def _on_finished(self, curve) -> None:
        self.curve = curve
        self._idle()
        last = curve.points[-1] if curve.points else None
        self.status_label.setText(self.tr("Done: {accuracy} with all {n} training pictures.").format(
            accuracy=share_text(last.accuracy), n=f"{last.pictures:,}") if last else "")
        self.sentence_label.setText(curve.sentence)

    @Slot(str, str)
    def _on_failed(self, message: str, _details: str) -> None:
        self._idle()
        self.status_label.setText(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._idle()
        self.status_label.setText(self.tr("Stopped."))

    def _idle(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.runner.cancel()  # nothing to keep: a curve half drawn is not worth the wait
        super().closeEvent(event)


class LearningCurveButton(QPushButton):
    """The Evaluate tab's "How many more pictures?": opens the view (one, kept) once there is a dataset."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("How many &more pictures?"))
        self.setToolTip(self.tr("Train on growing shares of the pictures and see which classes would gain most "
                                "from more pictures."))
        self.signals = signals
        self.view: LearningCurveView | None = None
        self.clicked.connect(self.open_view)
        signals.dataset_changed.connect(self._on_dataset)
        self._on_dataset(signals.session.dataset)

    @Slot(object)
    def _on_dataset(self, dataset) -> None:
        self.setEnabled(dataset is not None)

    @Slot()
    def open_view(self) -> LearningCurveView:
        if self.view is None:
            self.view = LearningCurveView(self.signals, self.window())
        self.view.show()
        self.view.raise_()
        return self.view

    def stop(self, timeout_ms: int) -> bool:
        return self.view is None or self.view.stop(timeout_ms)
