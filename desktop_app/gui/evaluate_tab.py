"""Evaluate tab: test accuracy, per-class table, clickable confusion matrix, confident mistakes, kNN neighbours,
and how far the percentages can be trusted (reliability diagram, "unsure" threshold)."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop_app.core.output.percent import probability_text, share_text
from desktop_app.core.output.wording import pictures_text, test_pictures_text
from desktop_app.gui.folder_evaluation import FolderEvaluation
from desktop_app.gui.learning_curve_view import LearningCurveButton
from desktop_app.gui.picture_viewer import ViewableThumbnailView as ThumbnailView
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.thumbnails import ThumbnailItem, ThumbnailModel
from desktop_app.gui.widgets import HintLabel, PrerequisiteGate, show_error
from desktop_app.gui.worker import TaskRunner

N_NEIGHBOURS = 5
MAX_MISTAKES_SHOWN = 60


class EvaluatedPicture(NamedTuple):
    """One test picture as a thumbnail shows it (made only for the pictures shown)."""

    path: str
    true: int
    predicted: int
    confidence: float


class EvaluateTab(QWidget):
    """Shows the session model's ``metrics.Evaluation`` (or one on another folder) as the core made it."""

    go_to_train = Signal()

    def __init__(self, signals: SessionSignals | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signals = signals if signals is not None else SessionSignals(parent=self)
        self.session = self.signals.session
        self.data = None  # the metrics.Evaluation shown
        self.neighbour_runner = TaskRunner(self)
        self.neighbour_runner.finished.connect(self._on_neighbours)
        self.neighbour_runner.failed.connect(self._on_neighbours_failed)
        content = QWidget()
        self._build(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.folder_evaluation = FolderEvaluation(self)
        self.folder_evaluation.finished.connect(self._on_folder_evaluated)
        self.folder_evaluation.failed.connect(self._on_folder_failed)
        self.folder_evaluation.status.connect(self._on_folder_status)
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(9, 6, 9, 0)
        self.folder_button = QPushButton(self.tr("E&valuate on another folder..."))
        self.folder_button.setToolTip(self.tr("Test the model on a folder of labelled pictures it has never seen: "
                                              "one sub-folder per class, named like the model's classes."))
        self.folder_button.clicked.connect(self.choose_folder_to_evaluate)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(self.folder_label, 1)
        self.curve_button = LearningCurveButton(self.signals)  # "How many more pictures?" (learning_curve_view.py)
        folder_row.addWidget(self.curve_button)
        outer.addLayout(folder_row)
        self.gate = PrerequisiteGate(content)
        self.gate.go_requested.connect(self.go_to_train)
        outer.addWidget(self.gate)
        self.signals.model_changed.connect(self._on_model_changed)
        self.signals.threshold_changed.connect(self._on_threshold_changed)
        self._on_model_changed(None, None)

    def _build(self, content: QWidget) -> None:
        layout = QVBoxLayout(content)
        self.hint = HintLabel(self.tr("Click a cell of the confusion matrix to see the pictures behind it. "
                                      "Then try the model on new pictures on the Predict tab."))
        layout.addWidget(self.hint)
        self.accuracy_label = QLabel()
        font = self.accuracy_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.accuracy_label.setFont(font)
        layout.addWidget(self.accuracy_label)

        top = QSplitter(Qt.Orientation.Horizontal)
        matrix_box = QGroupBox(self.tr("Confusion matrix (rows: true class, columns: predicted class)"))
        matrix_layout = QVBoxLayout(matrix_box)
        self.confusion_table = QTableWidget()
        self.confusion_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.confusion_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.confusion_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion_table.setToolTip(self.tr("Each cell counts the test pictures of the row's class that were "
                                                "predicted as the column's class. Click one to see them."))
        self.confusion_table.currentCellChanged.connect(self._on_cell_changed)
        matrix_layout.addWidget(self.confusion_table)
        top.addWidget(matrix_box)

        per_class_box = QGroupBox(self.tr("Per class"))
        per_class_layout = QVBoxLayout(per_class_box)
        self.per_class_table = QTableWidget(0, 5)
        self.per_class_table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Precision"), self.tr("Recall"),
                                                        self.tr("F1"), self.tr("Pictures")])
        self.per_class_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_class_table.verticalHeader().setVisible(False)
        self.per_class_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header_tips = [self.tr("The class"),
                       self.tr("Of the pictures predicted as this class, the share that really are."),
                       self.tr("Of the pictures of this class, the share that were found."),
                       self.tr("A balance of precision and recall (1.0 is perfect)."),
                       self.tr("Test pictures of this class.")]
        for column, tip in enumerate(header_tips):
            self.per_class_table.horizontalHeaderItem(column).setToolTip(tip)
        per_class_layout.addWidget(self.per_class_table)
        top.addWidget(per_class_box)
        layout.addWidget(top, 3)

        bottom = QSplitter(Qt.Orientation.Horizontal)
        cell_box = QGroupBox()
        self.cell_box = cell_box
        cell_layout = QVBoxLayout(cell_box)
        self.cell_model = ThumbnailModel(parent=self)
        self.cell_view = ThumbnailView(self.cell_model)
        self.cell_view.selectionModel().currentChanged.connect(self._on_picture_selected)
        cell_layout.addWidget(self.cell_view)
        bottom.addWidget(cell_box)

        mistakes_box = QGroupBox(self.tr("Most confident mistakes"))
        mistakes_layout = QVBoxLayout(mistakes_box)
        self.mistakes_model = ThumbnailModel(parent=self, cache=self.cell_model.cache)
        self.mistakes_view = ThumbnailView(self.mistakes_model)
        self.mistakes_view.selectionModel().currentChanged.connect(self._on_picture_selected)
        mistakes_layout.addWidget(self.mistakes_view)
        bottom.addWidget(mistakes_box)

        self.neighbours_box = QGroupBox(self.tr("Nearest training pictures (kNN)"))
        neighbours_layout = QVBoxLayout(self.neighbours_box)
        self.neighbours_label = QLabel(self.tr("Select a test picture to see the training pictures that voted."))
        self.neighbours_label.setWordWrap(True)
        neighbours_layout.addWidget(self.neighbours_label)
        self.neighbours_model = ThumbnailModel(parent=self, cache=self.cell_model.cache)
        self.neighbours_view = ThumbnailView(self.neighbours_model)
        neighbours_layout.addWidget(self.neighbours_view)
        bottom.addWidget(self.neighbours_box)
        layout.addWidget(bottom, 2)
        self._calibration_panel = None  # built on first use, like the Train tab's plots (pyqtgraph)
        self._calibration_layout = layout

    @property
    def calibration_panel(self):
        if self._calibration_panel is None:
            from desktop_app.gui.calibration_panel import CalibrationPanel  # GUI thread; imported by startup.py

            self._calibration_panel = CalibrationPanel()
            self._calibration_panel.threshold_moved.connect(self.session.set_threshold)
            self._calibration_layout.addWidget(self._calibration_panel, 2)
        return self._calibration_panel

    # -- public ------------------------------------------------------------------------------------------------
    @property
    def model(self):
        return self.session.model

    @Slot(object, object)
    def _on_model_changed(self, model, evaluation) -> None:
        """The session's model: its evaluation, just computed or stored in its file."""
        self.folder_button.setEnabled(model is not None)
        self.folder_label.setText("")
        self._show(evaluation)

    def _show(self, evaluation) -> None:
        self.data = evaluation
        if evaluation is None:
            message = (self.tr("This model has no test results (it had no test pictures). Train again with a test "
                               "share above 0 % on the Dataset tab.") if self.model is not None else
                       self.tr("First train a model on the Train tab; it is then tested on pictures it has never "
                               "seen."))
            self.gate.set_missing(message, self.tr("Go to the Train tab"))
            return
        self.gate.set_ready()
        self._fill()

    @Slot(float)
    def _on_threshold_changed(self, threshold: float) -> None:
        if self._calibration_panel is not None:
            self._calibration_panel.set_threshold(threshold)

    def has_neighbours(self) -> bool:
        return self.model is not None and self.model.keeps_training_pictures

    def select_cell(self, true: int, predicted: int) -> None:
        self.confusion_table.setCurrentCell(true, predicted)

    def stop(self, timeout_ms: int = 5000) -> bool:
        self.folder_evaluation.cancel()
        return (self.neighbour_runner.stop(timeout_ms) and self.folder_evaluation.stop(timeout_ms)
                and self.curve_button.stop(timeout_ms))

    @Slot()
    def choose_folder_to_evaluate(self) -> None:
        self.folder_evaluation.choose_and_start(self, self.model, self.session.compute_device())

    @Slot(str)
    def _on_folder_status(self, text: str) -> None:
        self.folder_label.setText(text)

    @Slot(object, object, str, list)
    def _on_folder_evaluated(self, model, evaluation, folder: str, warnings: list) -> None:
        if model is not self.model:  # another model came meanwhile: this result is about the old one
            return
        self._show(evaluation)
        self.folder_label.setText("\n".join([self.tr("Results below are for {folder}.").format(folder=folder)]
                                             + warnings))

    @Slot(str, str)
    def _on_folder_failed(self, message: str, details: str) -> None:
        self.folder_label.setText(message)
        show_error(self, self.tr("Evaluate on another folder"), message, details)

    # -- filling -----------------------------------------------------------------------------------------------
    def _fill(self) -> None:
        data = self.data
        # the training's own test: whether its pictures were new is known (the core counted copies); another
        # folder's pictures: the folder line above says what is known of them
        copies = self.model.metrics.get("test_copies") if (
            self.model is not None and data is self.session.evaluation) else None
        copies = copies if isinstance(copies, int) else None
        self.accuracy_label.setText(self.tr("Test accuracy: {accuracy} on {pictures}").format(
            accuracy=share_text(data.accuracy), pictures=test_pictures_text(data.n_examples, copies)))
        names = data.class_names
        matrix = np.asarray(data.confusion, dtype=np.int64).reshape(len(names), len(names))
        table = self.confusion_table
        table.blockSignals(True)
        table.clear()
        table.setRowCount(len(names))
        table.setColumnCount(len(names))
        table.setHorizontalHeaderLabels(names)
        table.setVerticalHeaderLabels(names)
        palette = QApplication.palette()
        base = palette.color(QPalette.ColorRole.Base)
        good, bad = QColor(46, 160, 67), QColor(214, 39, 40)
        for row in range(len(names)):
            row_total = max(1, int(matrix[row].sum()))
            for column in range(len(names)):
                count = int(matrix[row, column])
                share = count / row_total
                item = QTableWidgetItem(f"{count:,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                colour = _blend(base, good if row == column else bad, share if count else 0.0)
                item.setBackground(QBrush(colour))
                item.setForeground(QBrush(QColor("black") if colour.lightnessF() > 0.55 else QColor("white")))
                if row == column:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                item.setToolTip(self.tr("{n} pictures of '{true}' predicted as '{predicted}' ({share} of "
                                        "'{true}')").format(n=count, true=names[row], predicted=names[column],
                                                            share=share_text(share, 0)))
                table.setItem(row, column, item)
        table.blockSignals(False)

        self.per_class_table.setRowCount(len(data.per_class))
        for row, scores in enumerate(data.per_class):
            values = [scores["name"], f"{scores['precision']:.2f}", f"{scores['recall']:.2f}",
                      f"{scores['f1']:.2f}", f"{scores['support']:,}"]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.per_class_table.setItem(row, column, item)

        self.mistakes_model.set_items([self._thumbnail(p) for p in self._mistakes()])
        self.neighbours_box.setVisible(self.has_neighbours())
        self.neighbours_model.set_items([])
        first_mistake = next(((r, c) for r in range(len(names)) for c in range(len(names))
                              if r != c and matrix[r, c] > 0), (0, 0))
        self.cell_box.setTitle(self.tr("Pictures in the selected cell"))
        self.cell_model.set_items([])
        if self._has_pictures():
            self.select_cell(*first_mistake)
        self.calibration_panel.setVisible(data.correct is not None)
        if data.correct is not None:
            own = getattr(self.model, "unsure_threshold", None)
            self.calibration_panel.set_data(data.confidence, data.correct, own, self.session.unsure_threshold)

    def _has_pictures(self) -> bool:
        return self.data is not None and self.data.paths is not None and self.data.y_true is not None

    def _mistakes(self) -> list[EvaluatedPicture]:
        """The core's mistakes, most confident first, as far as their pictures are known."""
        index = {name: i for i, name in enumerate(self.data.class_names)}
        return [EvaluatedPicture(m["path"], index[m["true"]], index[m["predicted"]], float(m["confidence"]))
                for m in self.data.mistakes[:MAX_MISTAKES_SHOWN] if m.get("path")]

    def pictures_in_cell(self, true: int, predicted: int) -> list[EvaluatedPicture]:
        if not self._has_pictures():
            return []
        data = self.data
        rows = np.flatnonzero((np.asarray(data.y_true) == true) & (np.asarray(data.predicted) == predicted))
        return [EvaluatedPicture(data.paths[i], true, predicted, float(data.confidence[i])) for i in rows]

    def _thumbnail(self, picture: EvaluatedPicture) -> ThumbnailItem:
        names = self.data.class_names
        confidence = probability_text(picture.confidence)
        caption = f"{names[picture.true]} -> {names[picture.predicted]} {confidence}"
        tooltip = self.tr("{path}\ntrue: {true}\npredicted: {predicted} ({confidence})").format(
            path=picture.path, true=names[picture.true], predicted=names[picture.predicted], confidence=confidence)
        return ThumbnailItem(picture.path, caption, tooltip)

    @Slot(int, int, int, int)
    def _on_cell_changed(self, row: int, column: int, *_previous) -> None:
        if self.data is None or row < 0 or column < 0:
            return
        names = self.data.class_names
        pictures = self.pictures_in_cell(row, column)
        self.cell_model.set_items([self._thumbnail(p) for p in pictures])
        if not self._has_pictures():
            self.cell_box.setTitle(self.tr("The pictures are not available for a model opened from a file."))
            return
        self.cell_box.setTitle(self.tr("True '{true}', predicted '{predicted}': {n}").format(
            true=names[row], predicted=names[column], n=pictures_text(len(pictures))))

    # -- neighbours --------------------------------------------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _on_picture_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or not self.has_neighbours():
            return
        path = current.data(ThumbnailModel.PathRole)
        self.show_neighbours(path)

    def show_neighbours(self, path: str) -> bool:
        if not self.has_neighbours():
            return False
        model, device = self.model, self.session.compute_device()
        self.neighbours_label.setText(self.tr("Looking for the training pictures nearest to {name}...").format(
            name=Path(path).name))

        def step(cancel):
            neighbours = model.nearest_training_pictures(path, N_NEIGHBOURS, device)
            cancel.check()
            return path, neighbours
            yield  # a generator, so the worker can drive it

        if self.neighbour_runner.running:
            self.neighbour_runner.cancel()
            return False
        return self.neighbour_runner.start(step)

    @Slot(object)
    def _on_neighbours(self, result) -> None:
        path, neighbours = result
        items = [ThumbnailItem(n.path, f"{n.class_name} ({n.distance:.2f})",
                               self.tr("{path}\nclass: {label}\ndistance: {distance:.3f}").format(
                                   path=n.path, label=n.class_name, distance=n.distance))
                 for n in neighbours]
        self.neighbours_model.set_items(items)
        self.neighbours_label.setText(self.tr("The {k} training pictures nearest to {name} (class and distance):")
                                      .format(k=len(items), name=Path(path).name))

    @Slot(str, str)
    def _on_neighbours_failed(self, message: str, details: str) -> None:
        self.neighbours_label.setText(message)
        if details:
            show_error(self, self.tr("Nearest training pictures"), message, details)


def _blend(base: QColor, colour: QColor, amount: float) -> QColor:
    amount = 0.15 + 0.85 * amount if amount > 0 else 0.0
    return QColor(int(base.red() + (colour.red() - base.red()) * amount),
                  int(base.green() + (colour.green() - base.green()) * amount),
                  int(base.blue() + (colour.blue() - base.blue()) * amount))
