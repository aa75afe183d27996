"""Predict tab: drop pictures or folders (or paste one: prediction_input.py) and see the model's top three answers for
each (prediction_table.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel,
                               QDoubleSpinBox, QProgressBar, QPushButton, QStyle, QVBoxLayout, QWidget)

from desktop_app.core.events import Phase, Progress
from desktop_app.core.output.percent import probability_text, threshold_percent
from desktop_app.core.output.wording import pictures_text, progress_time_left
from desktop_app.gui import settings
from desktop_app.gui.corrections_panel import CorrectionsPanel
from desktop_app.gui.answer_panel import NoneOfTheseHint, UnsureSentence
from desktop_app.gui.picture_viewer import PictureViewer
from desktop_app.gui.prediction_input import PredictionInput
from desktop_app.gui.prediction_table import THUMBNAIL_SIZE, PredictionTableModel, prediction_table_view
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.thumbnails import ThumbnailCache
from desktop_app.gui.why_button import add_why_button, open_why
from desktop_app.gui.widgets import HintLabel, PrerequisiteGate, show_error
from desktop_app.gui.worker import TaskRunner


class PredictTab(PredictionInput, QWidget):
    """Asks the session's model; the "unsure" box shows and changes the session's threshold."""

    open_model_requested = Signal()

    def __init__(self, signals: SessionSignals | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signals = signals if signals is not None else SessionSignals(parent=self)
        self.session = self.signals.session
        self._queue: list = []  # paths, or ("image", step) for pasted pictures, in arrival order
        self._pasted = 0
        self.runner = TaskRunner(self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.done.connect(self._on_done)
        self.thumbnails = ThumbnailCache(THUMBNAIL_SIZE, self)
        self.table_model = PredictionTableModel(self.thumbnails, self)
        content = QWidget()
        self._build(content)
        self.corrections = CorrectionsPanel(self.signals, self.table, lambda: self.table_model.predictions)
        content.layout().addWidget(self.corrections)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.gate = PrerequisiteGate(content)
        self.gate.go_requested.connect(self.open_model_requested)
        outer.addWidget(self.gate)
        self.setAcceptDrops(True)
        self.signals.model_changed.connect(self._on_model_changed)
        self.signals.threshold_changed.connect(self._show_threshold)
        self._on_model_changed(None, None)
        self._show_threshold(self.session.unsure_threshold)

    @Slot(QModelIndex)
    def show_large(self, index: QModelIndex):
        """The picture of a row, large, with the answer and the top three."""
        if not index.isValid() or index.row() >= len(self.table_model.predictions):
            return None
        prediction = self.table_model.predictions[index.row()]
        if self.viewer is None:
            self.viewer = PictureViewer(self.window())
        lines = [self.tr("Answer: {verdict}").format(verdict=self.table_model.verdict(prediction))]
        lines += [f"{label}: {probability_text(p)}" for label, p in prediction.top]
        self.viewer.show_picture(prediction.path, "\n".join(lines))
        return self.viewer

    def _build(self, content: QWidget) -> None:
        layout = QVBoxLayout(content)
        self.hint = HintLabel(self.tr("Drop pictures or folders here, use Open pictures..., or paste a picture "
                                      "with Ctrl+V."))
        layout.addWidget(self.hint)
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        layout.addWidget(self.model_label)

        row = QHBoxLayout()
        self.open_files_button = QPushButton(self.tr("&Open pictures..."))
        self.open_files_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.open_files_button.clicked.connect(self.choose_files)
        self.open_folder_button = QPushButton(self.tr("Open a fol&der..."))
        self.open_folder_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.open_folder_button.clicked.connect(self.choose_folder)
        self.paste_button = QPushButton(self.tr("&Paste picture"))
        self.paste_button.setToolTip(self.tr("Predict the picture on the clipboard (Ctrl+V)."))
        self.paste_button.clicked.connect(self.paste_image)
        self.export_button = QPushButton(self.tr("&Export CSV..."))
        self.export_button.clicked.connect(self.choose_csv_path)
        self.clear_button = QPushButton(self.tr("C&lear"))
        self.clear_button.clicked.connect(self.clear)
        self.stop_button = QPushButton(self.tr("S&top"))
        self.stop_button.clicked.connect(self.cancel)
        self.stop_button.setVisible(False)
        for button in (self.open_files_button, self.open_folder_button, self.paste_button, self.export_button,
                       self.clear_button, self.stop_button):
            row.addWidget(button)
        row.addStretch(1)
        threshold_label = QLabel(self.tr("Mark as &unsure below:"))
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setRange(0, 100)
        self.threshold_spin.setDecimals(1)
        self.threshold_spin.setSuffix(" %")
        self.threshold_spin.setSingleStep(1.0)
        self.threshold_spin.setToolTip(self.tr("Answers whose confidence is below this are marked \"unsure\". "
                                               "Each model comes with its own setting, chosen on validation "
                                               "pictures so that its answers are right at least 97 % of the time "
                                               "where it can; you can change it."))
        threshold_label.setBuddy(self.threshold_spin)
        self.threshold_spin.valueChanged.connect(self._on_threshold_changed)
        row.addWidget(threshold_label)
        row.addWidget(self.threshold_spin)
        layout.addLayout(row)
        self.unsure_sentence = UnsureSentence(self.signals)
        layout.addWidget(self.unsure_sentence)

        progress_row = QHBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        self.progress_label = QLabel()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.progress_label, 2)
        layout.addLayout(progress_row)

        self.table = prediction_table_view(self.table_model)
        self.table.setToolTip(self.tr("Double-click a row (or press Enter) to see the picture large."))
        self.table.activated.connect(self.show_large)
        self.viewer = None
        layout.addWidget(self.table, 1)
        self.why_button = add_why_button(self.table, lambda index: self.table_model.path_of(index.row()),
                                         lambda path: open_why(self, self.signals, path))
        layout.addWidget(self.why_button)
        self.none_of_these_hint = NoneOfTheseHint()
        layout.addWidget(self.none_of_these_hint)
        self.summary_label = QLabel()
        layout.addWidget(self.summary_label)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        paste.activated.connect(self.paste_image)

    # -- model -------------------------------------------------------------------------------------------------
    @property
    def model(self):
        return self.session.model

    @Slot(object, object)
    def _on_model_changed(self, model, _evaluation) -> None:
        if model is None:
            self.gate.set_missing(self.tr("There is no model yet. Train one on the Train tab, or open a model "
                                          "file you saved before."), self.tr("Open a &model file..."))
            return
        self.gate.set_ready()
        source = Path(self.session.model_source).name if self.session.model_source else ""
        described = model.describe() if hasattr(model, "describe") else str(model)
        self.model_label.setText(self.tr("Using the model: {model} ({source}). Classes: {classes}.").format(
            model=described, source=source or self.tr("trained just now"), classes=", ".join(model.class_names)))

    # -- running -----------------------------------------------------------------------------------------------
    def _start_next(self) -> None:
        if self.runner.running or not self._queue:
            return
        first = self._queue[0]
        if isinstance(first, tuple):  # a pasted picture
            self._queue.pop(0)
            self._start(first[1])
            return
        paths = [p for p in self._queue if not isinstance(p, tuple)]
        self._queue = [p for p in self._queue if isinstance(p, tuple)]
        model, device = self.model, self.session.compute_device()
        self._start(lambda cancel: model.predict_paths(paths, device=device, top=3, cancel=cancel))

    def _start(self, factory) -> bool:
        if not self.runner.start(factory):
            return False
        self.progress_bar.setVisible(True)
        self.progress_bar.setRange(0, 0)
        self.stop_button.setVisible(True)
        self.progress_label.setText(self.tr("Looking at the pictures..."))
        return True

    @Slot()
    def cancel(self) -> None:
        self._queue.clear()
        self.runner.cancel()

    @Slot(object)
    def _on_event(self, event) -> None:
        if isinstance(event, Phase):
            self.progress_label.setText(event.message)
        elif isinstance(event, Progress) and event.total > 0:
            self.progress_bar.setRange(0, event.total)
            self.progress_bar.setValue(min(event.done, event.total))
            text = self.tr("{done} / {total} pictures").format(done=f"{event.done:,}", total=f"{event.total:,}")
            left = progress_time_left(event)
            if left:
                text += " - " + left
            self.progress_label.setText(text)

    @Slot(object)
    def _on_finished(self, predictions) -> None:
        self.table_model.add(list(predictions or []))
        if predictions:
            self.table.scrollToBottom()
        self.progress_label.setText(self.tr("Done: {n}.").format(n=pictures_text(len(predictions or []))))
        self._update_summary()

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.progress_label.setText(message)
        show_error(self, self.tr("Prediction did not finish"), message, details)

    @Slot()
    def _on_cancelled(self) -> None:
        self.progress_label.setText(self.tr("Stopped."))

    @Slot()
    def _on_done(self) -> None:
        self.progress_bar.setVisible(False)
        self.stop_button.setVisible(False)
        self._start_next()

    def stop(self, timeout_ms: int = 5000) -> bool:
        self._queue.clear()
        return self.runner.stop(timeout_ms)

    # -- results -----------------------------------------------------------------------------------------------
    @property
    def predictions(self) -> list:
        return list(self.table_model.predictions)

    @Slot()
    def clear(self) -> None:
        self.table_model.clear()
        self._update_summary()

    @Slot(float)
    def _on_threshold_changed(self, percent: float) -> None:
        self.session.set_threshold(percent / 100.0)

    @Slot(float)
    def _show_threshold(self, threshold: float) -> None:
        """The session's threshold (moved here or on the Evaluate tab)."""
        if threshold_percent(self.threshold_spin.value() / 100) != threshold_percent(threshold):
            # from elsewhere (a model, the Evaluate tab): shown as the answers and the sentence read it; a value
            # typed here that reads the same is left as typed
            self.threshold_spin.blockSignals(True)  # not announced back
            self.threshold_spin.setValue(threshold_percent(threshold))
            self.threshold_spin.blockSignals(False)
        self.table_model.set_threshold(threshold)
        self._update_summary()

    def _update_summary(self) -> None:
        predictions = self.table_model.predictions
        unlike = sum(1 for p in predictions if p.unlike_training)
        unsure = sum(1 for p in predictions if self.table_model.is_unsure(p) and not p.unlike_training)
        failed = sum(1 for p in predictions if p.error)
        self.summary_label.setText(self.tr("{n}, {unsure} unsure, {unlike} not like the training pictures, "
                                           "{failed} could not be read.").format(
            n=pictures_text(len(predictions)), unsure=unsure, unlike=unlike, failed=failed) if predictions else "")
        self.none_of_these_hint.show_for(predictions)
        self.export_button.setEnabled(bool(predictions))
        self.clear_button.setEnabled(bool(predictions))

    @Slot()
    def choose_csv_path(self) -> None:
        start = Path(settings.last_folder("export", self.session.output_folder)) / "predictions.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the answers"), str(start),
                                              self.tr("CSV tables (*.csv)"))
        if path:
            self.export_csv(path)

    def export_csv(self, path: str | Path) -> bool:
        """The answers in the one CSV format of the app (the same as ``predict --csv``)."""
        from desktop_app.core.output.csv_output import write_predictions_csv
        from desktop_app.core.errors import UserError
        from desktop_app.core.modelfile.model_file import mark_unsure

        path = Path(path)
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        try:
            write_predictions_csv(mark_unsure(self.table_model.predictions, self.table_model.threshold), path)
        except UserError as exc:
            show_error(self, self.tr("Export CSV"), str(exc))
            return False
        settings.remember_folder("export", path)
        self.progress_label.setText(self.tr("Saved {path}").format(path=path))
        return True
