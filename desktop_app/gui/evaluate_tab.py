"""Evaluate tab: the test accuracy with its uncertainty, then sub-pages: "Summary" (confusion matrix, per-class
table, the pictures of a cell), "Mistakes" (the most confident ones) and "Can you trust the percentages?"
(reliability diagram, "unsure" threshold). A kNN model also shows the training pictures that voted for a chosen
test picture.

Hooks for other views: ``add_page(widget, title)`` adds a sub-page (one line), ``add_picture_action(text, tooltip,
callback)`` a button acting on the chosen test picture (``callback(EvaluatedPicture)``), and ``evaluation_shown``
says which ``metrics.Evaluation`` is shown (also ``data``)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.output.wording import accuracy_text, accuracy_uncertainty_text
from desktop_app.gui.evaluate_pictures import EvaluatedPicture, MistakesPage
from desktop_app.gui.evaluate_summary import SummaryPage
from desktop_app.gui.folder_evaluation import FolderEvaluation
from desktop_app.gui.neighbours_panel import SelectedPicturePanel
from desktop_app.gui.readable_text import SecondaryLabel
from desktop_app.gui.learning_curve_view import LearningCurveButton
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.retrain_comparison import RetrainComparison
from desktop_app.gui.templates_view import add_templates_button
from desktop_app.gui.thumbnails import ThumbnailModel
from desktop_app.gui.why_button import open_why
from desktop_app.gui.widgets import PrerequisiteGate, show_error

SUMMARY, MISTAKES, CALIBRATION = range(3)


class EvaluateTab(QWidget):
    """Shows the session model's ``metrics.Evaluation`` (or one on another folder) as the core made it."""

    go_to_train = Signal()
    evaluation_shown = Signal(object)  # the metrics.Evaluation now shown (None: none)

    def __init__(self, signals: SessionSignals | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signals = signals if signals is not None else SessionSignals(parent=self)
        self.session = self.signals.session
        self.data = None  # the metrics.Evaluation shown
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
        self.folder_label = QLabel()  # what another folder's results are, or how its testing goes
        self.folder_label.setWordWrap(True)
        self.folder_label.setContentsMargins(9, 0, 9, 0)
        self.folder_label.hide()
        # the accuracy and the button share a row: every row of a 10-class matrix must fit on a small screen
        folder_row.addWidget(self.accuracy_label, 1)
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(add_templates_button(self, self.signals))
        self.curve_button = LearningCurveButton(self.signals)  # "How many more pictures?" (learning_curve_view.py)
        folder_row.addWidget(self.curve_button)
        outer.addLayout(folder_row)
        outer.addWidget(self.folder_label)
        self.gate = PrerequisiteGate(content)
        self.gate.go_requested.connect(self.go_to_train)
        outer.addWidget(self.gate)
        self.signals.model_changed.connect(self._on_model_changed)
        self.signals.threshold_changed.connect(self._on_threshold_changed)
        self._on_model_changed(None, None)

    def _build(self, content: QWidget) -> None:
        layout = QVBoxLayout(content)
        layout.setContentsMargins(9, 0, 9, 6)
        self.accuracy_label = QLabel()  # above the gate, beside the folder button
        self.accuracy_label.setWordWrap(True)
        font = self.accuracy_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        self.accuracy_label.setFont(font)
        self.uncertainty_label = SecondaryLabel()
        layout.addWidget(self.uncertainty_label)
        self.retrain_comparison = RetrainComparison(self.signals)  # before/after a retrain with new pictures
        layout.addWidget(self.retrain_comparison)

        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.summary = SummaryPage()
        self.summary.cell_view.selectionModel().currentChanged.connect(self._on_picture_selected)
        self.mistakes_page = MistakesPage(self.summary.cell_model.cache)
        self.mistakes_page.mistakes_view.selectionModel().currentChanged.connect(self._on_picture_selected)
        self.picture_panel = SelectedPicturePanel(self.summary.cell_model.cache, self.session)
        self.summary.bottom.addWidget(self.picture_panel)
        self.why_button = self.add_picture_action(
            self.tr("&Why?"), self.tr("How the model came to its answer for the selected picture: its scores and "
                                      "loss step by step, or the training pictures that voted."),
            lambda picture: open_why(self, self.signals, picture.path, self.data))
        self.calibration_page = QWidget()
        self._calibration_layout = QVBoxLayout(self.calibration_page)
        self._calibration_panel = None  # built on first use, like the Train tab's plots (pyqtgraph)
        self.pages.addTab(self.summary, self.tr("Summary"))
        self.pages.addTab(self.mistakes_page, self.tr("Mistakes"))
        self.pages.addTab(self.calibration_page, self.tr("Can you trust the percentages?"))
        self.pages.setTabToolTip(SUMMARY, self.tr("Click a cell of the confusion matrix to see the pictures behind "
                                                  "it. Then try the model on new pictures on the Predict tab."))
        self.pages.currentChanged.connect(self._on_page_changed)
        layout.addWidget(self.pages, 1)
        self._on_page_changed(SUMMARY)

    @property
    def calibration_panel(self):
        if self._calibration_panel is None:
            from desktop_app.gui.calibration_panel import CalibrationPanel  # GUI thread; imported by startup.py

            self._calibration_panel = CalibrationPanel()
            self._calibration_panel.setTitle("")  # the sub-page's tab already asks the question
            self._calibration_panel.threshold_moved.connect(self.session.set_threshold)
            self._calibration_layout.addWidget(self._calibration_panel)
        return self._calibration_panel

    # -- hooks for other views ---------------------------------------------------------------------------------
    def add_page(self, widget: QWidget, title: str) -> int:
        """One more sub-page (after the others); returns its index in ``pages``."""
        index = self.pages.addTab(widget, title)
        self._on_page_changed(self.pages.currentIndex())  # asks for room only while it is shown
        return index

    def add_picture_action(self, text: str, tooltip: str,
                           callback: Callable[[EvaluatedPicture], None]) -> QPushButton:
        """A button beside the chosen test picture (Summary and Mistakes pages); ``callback(picture)``."""
        return self.picture_panel.add_action(text, tooltip, callback)

    # -- public ------------------------------------------------------------------------------------------------
    @property
    def model(self):
        return self.session.model

    # the parts tests and tools look at, by their old names
    confusion_table = property(lambda self: self.summary.confusion_table)
    per_class_table = property(lambda self: self.summary.per_class_table)
    cell_box = property(lambda self: self.summary.cell_box)
    cell_model = property(lambda self: self.summary.cell_model)
    cell_view = property(lambda self: self.summary.cell_view)
    mistakes_model = property(lambda self: self.mistakes_page.mistakes_model)
    mistakes_view = property(lambda self: self.mistakes_page.mistakes_view)
    neighbours_box = property(lambda self: self.picture_panel)
    neighbours_model = property(lambda self: self.picture_panel.model)
    neighbours_label = property(lambda self: self.picture_panel.label)

    @Slot(object, object)
    def _on_model_changed(self, model, evaluation) -> None:
        """The session's model: its evaluation, just computed or stored in its file."""
        self.folder_button.setEnabled(model is not None)
        self._set_folder_text("")
        self._show(evaluation)

    def _show(self, evaluation) -> None:
        self.data = evaluation
        self.accuracy_label.setVisible(evaluation is not None)
        if evaluation is None:
            message = (self.tr("This model has no test results (it had no test pictures). Train again with a test "
                               "share above 0 % on the Dataset tab.") if self.model is not None else
                       self.tr("First train a model on the Train tab; it is then tested on pictures it has never "
                               "seen."))
            self.gate.set_missing(message, self.tr("Go to the Train tab"))
        else:
            self.gate.set_ready()
            self._fill()
        self.evaluation_shown.emit(evaluation)

    @Slot(float)
    def _on_threshold_changed(self, threshold: float) -> None:
        if self._calibration_panel is not None:
            self._calibration_panel.set_threshold(threshold)

    def has_neighbours(self) -> bool:
        return self.picture_panel.shows_neighbours

    def select_cell(self, true: int, predicted: int) -> None:
        self.confusion_table.setCurrentCell(true, predicted)

    def pictures_in_cell(self, true: int, predicted: int) -> list[EvaluatedPicture]:
        return self.summary.pictures_in_cell(true, predicted)

    def stop(self, timeout_ms: int = 5000) -> bool:
        self.folder_evaluation.cancel()
        return (self.picture_panel.stop(timeout_ms) and self.folder_evaluation.stop(timeout_ms)
                and self.curve_button.stop(timeout_ms))

    @Slot()
    def choose_folder_to_evaluate(self) -> None:
        self.folder_evaluation.choose_and_start(self, self.model, self.session.compute_device())

    @Slot(str)
    def _on_folder_status(self, text: str) -> None:
        self._set_folder_text(text)

    def _set_folder_text(self, text: str) -> None:
        self.folder_label.setText(text)
        self.folder_label.setVisible(bool(text))

    @Slot(object, object, str, list)
    def _on_folder_evaluated(self, model, evaluation, folder: str, warnings: list) -> None:
        if model is not self.model:  # another model came meanwhile: this result is about the old one
            return
        self._show(evaluation)
        self._set_folder_text("\n".join([self.tr("Results below are for {folder}.").format(folder=folder)]
                                         + warnings))

    @Slot(str, str)
    def _on_folder_failed(self, message: str, details: str) -> None:
        self._set_folder_text(message)
        show_error(self, self.tr("Evaluate on another folder"), message, details)

    # -- filling -----------------------------------------------------------------------------------------------
    def _fill(self) -> None:
        data = self.data
        # the training's own test: whether its pictures were new is known (the core counted copies); another
        # folder's pictures: the folder line above says what is known of them
        copies = self.model.metrics.get("test_copies") if (
            self.model is not None and data is self.session.evaluation) else None
        copies = copies if isinstance(copies, int) else None
        self.accuracy_label.setText(accuracy_text(data.accuracy, data.n_examples, copies))
        uncertainty = accuracy_uncertainty_text(data.accuracy, data.n_examples)
        self.uncertainty_label.setText(uncertainty)
        self.uncertainty_label.setVisible(bool(uncertainty))
        self.summary.show_evaluation(data)
        self.mistakes_page.show_mistakes(data)
        self.picture_panel.reset()
        if self.summary.has_pictures():
            self.select_cell(*self.summary.first_mistake())
        self.calibration_panel.setVisible(data.correct is not None)
        self.pages.setTabEnabled(CALIBRATION, data.correct is not None)
        if data.correct is not None:
            own = getattr(self.model, "unsure_threshold", None)
            self.calibration_panel.set_data(data.confidence, data.correct, own, self.session.unsure_threshold)

    @Slot(int)
    def _on_page_changed(self, index: int) -> None:
        """Only the page shown asks for room (a tall page added later must not make the Summary scroll), and
        the chosen picture's panel goes with the page that has pictures to choose from."""
        for number in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if number == index else QSizePolicy.Policy.Ignored
            self.pages.widget(number).setSizePolicy(policy, policy)
        self.pages.updateGeometry()
        page = self.pages.widget(index)
        splitter = self.summary.bottom if page is self.summary else (
            self.mistakes_page.splitter if page is self.mistakes_page else None)
        if splitter is not None and self.picture_panel.parent() is not splitter:
            visible = self.picture_panel.isVisibleTo(self.picture_panel.parentWidget())
            splitter.addWidget(self.picture_panel)
            self.picture_panel.setVisible(visible)

    # -- the chosen picture ------------------------------------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _on_picture_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.data is None:
            return
        path = current.data(ThumbnailModel.PathRole)
        picture = self._picture(path)
        if picture is not None:
            self.picture_panel.select(picture)

    def _picture(self, path: str) -> EvaluatedPicture | None:
        """A test picture by its path: one shown in a grid, else looked up in the evaluation (None if not in it)."""
        known = self.summary.shown.get(path) or self.mistakes_page.shown.get(path)
        data = self.data
        if known is not None or data is None or data.paths is None or data.y_true is None or path not in data.paths:
            return known
        row = data.paths.index(path)
        return EvaluatedPicture(path, int(data.y_true[row]), int(data.predicted[row]), float(data.confidence[row]))

    def show_neighbours(self, path: str) -> bool:
        picture = self._picture(path) if self.data is not None else None
        return picture is not None and self.has_neighbours() and self.picture_panel.select(picture)
