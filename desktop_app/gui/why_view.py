"""The "Why?" view: one picture's answer worked out step by step, as the lecture does it.

A linear model: the class scores s = Wx + b, the SVM's hinge terms max(0, s_j - s_y + 1) and their sum, the
softmax's exp / normalise / -log, and the model's final (calibrated) probabilities. A kNN model: its k nearest
training pictures with their distances, and the vote. "Lecture example" fills in the lecture's cat / car / frog
scores. The arithmetic is the core's (core/explain.py); this module only lays it out. Opened by the "Why?" of
the Predict and Evaluate tabs (gui/why_button.py).
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop_app.core.output.translation import translate as core_text  # the registry's words
from desktop_app.core.analysis import explain
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.events import Phase
from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import probability_text
from desktop_app.gui import settings
from desktop_app.gui.background_dialog import BackgroundDialog
from desktop_app.gui.picture_viewer import ViewableThumbnailView
from desktop_app.gui.thumbnails import ThumbnailCache, ThumbnailItem, ThumbnailModel

PICTURE_SIZE = 128
n = explain.number_text  # every number of the arithmetic, written as the lecture writes it


def _bracketed(value: float) -> str:
    return f"({n(value)})" if n(value).startswith("-") else n(value)


class WhyView(BackgroundDialog):
    """Shows a core ``PictureExplanation`` (or the lecture example) as tables of numbers."""

    def __init__(self, signals, parent: QWidget | None = None) -> None:
        super().__init__(signals, parent)
        self.setWindowTitle(self.tr("Why? Scores and loss, step by step"))
        self.explanation: explain.PictureExplanation | None = None  # the picture shown (None: the lecture's)
        self.lecture: explain.LectureExample | None = None
        self.steps: list[explain.ScoreSteps] = []  # one per column of the score tables
        self._pending: tuple | None = None  # a picture asked for while another was being worked out
        self.runner.finished.connect(self._on_explained)
        self.runner.failed.connect(self._on_failed)
        self.runner.done.connect(self._start_pending)
        self.cache = ThumbnailCache(PICTURE_SIZE, self)
        self.cache.ready.connect(self._on_picture_ready)
        self._build()

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.picture_label = QLabel()
        self.picture_label.setFixedSize(PICTURE_SIZE, PICTURE_SIZE)
        self.picture_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lecture_button = QPushButton(self.tr("&Lecture example"))
        self.lecture_button.setToolTip(self.tr("The lecture's cat / car / frog scores, worked out the same way."))
        self.lecture_button.clicked.connect(self.show_lecture_example)
        top.addWidget(self.picture_label)
        top.addWidget(self.title_label, 1)
        self.open_button = QPushButton(self.tr("&Open a picture..."))
        self.open_button.setToolTip(self.tr("Any picture: see how the model in use answers it, step by step."))
        self.open_button.clicked.connect(self.choose_picture)
        buttons = QVBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.lecture_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        outer.addLayout(top)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        outer.addWidget(self.status_label)

        right_row = QHBoxLayout()
        self.right_class_label = QLabel()
        self.right_class_box = QComboBox()
        self.right_class_label.setBuddy(self.right_class_box)
        self.right_class_box.currentIndexChanged.connect(self._on_right_class)
        right_row.addWidget(self.right_class_label)
        right_row.addWidget(self.right_class_box)
        right_row.addStretch(1)
        self.right_class_row = QWidget()
        self.right_class_row.setLayout(right_row)
        outer.addWidget(self.right_class_row)

        page = QWidget()
        self.sections = QVBoxLayout(page)
        self.scores_box, self.scores_table = self._table_box(self.tr("Class scores s = Wx + b (one column per "
                                                                     "picture; its right class in bold)"))
        self.hinge_box, self.hinge_table = self._table_box(self.tr(
            "Multiclass SVM loss: L = sum over the wrong classes j of max(0, s_j - s_y + 1), y the right class"))
        self.hinge_mean_label = QLabel()
        self.hinge_box.layout().addWidget(self.hinge_mean_label)
        self.softmax_box, self.softmax_table = self._table_box(self.tr(
            "Softmax loss: exp of each score, normalised to sum 1, then L = -log(probability of the right class)"))
        self.softmax_picture_box = QComboBox()
        self.softmax_picture_box.currentIndexChanged.connect(self._fill_softmax)
        self.softmax_box.layout().insertWidget(0, self.softmax_picture_box)
        self.softmax_loss_label = QLabel()
        self.softmax_loss_label.setWordWrap(True)
        self.softmax_box.layout().addWidget(self.softmax_loss_label)
        self.answer_box, self.answer_table = self._table_box(self.tr("The model's answer"))
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        self.answer_box.layout().addWidget(self.answer_label)

        self.neighbours_box = QGroupBox(self.tr("The nearest training pictures and their vote"))
        neighbours_layout = QVBoxLayout(self.neighbours_box)
        self.neighbours_label = QLabel()
        self.neighbours_label.setWordWrap(True)
        neighbours_layout.addWidget(self.neighbours_label)
        self.neighbours_model = ThumbnailModel(parent=self)
        self.neighbours_view = ViewableThumbnailView(self.neighbours_model)
        neighbours_layout.addWidget(self.neighbours_view)
        self.vote_table = self._table()
        neighbours_layout.addWidget(self.vote_table)
        self.vote_label = QLabel()
        self.vote_label.setWordWrap(True)
        neighbours_layout.addWidget(self.vote_label)
        for box in (self.scores_box, self.hinge_box, self.softmax_box, self.answer_box, self.neighbours_box):
            self.sections.addWidget(box)
        self.sections.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        outer.addWidget(scroll, 1)
        self._show_parts(())

    def _table(self) -> QTableWidget:
        table = QTableWidget()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        return table

    def _table_box(self, title: str) -> tuple[QGroupBox, QTableWidget]:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        table = self._table()
        layout.addWidget(table)
        return box, table

    def _show_parts(self, boxes: tuple[QWidget, ...]) -> None:
        for box in (self.scores_box, self.hinge_box, self.softmax_box, self.answer_box, self.neighbours_box,
                    self.right_class_row):
            box.setVisible(box in boxes)

    def _show_in_order(self, boxes: tuple[QWidget, ...], *others: QWidget) -> None:
        """Only these boxes, in this order (what the answer is made of first), and ``others``."""
        for box in boxes:
            self.sections.removeWidget(box)
        for position, box in enumerate(boxes):
            self.sections.insertWidget(position, box)
        self._show_parts((*boxes, *others))

    # -- what to show ------------------------------------------------------------------------------------------
    def explain(self, path: str, true_class: str | None = None) -> bool:
        """Work out the session model's answer for the picture at ``path`` (its right class when known)."""
        model = self.session.model
        if model is None:
            return False
        if self.runner.running:  # the newest request wins
            self._pending = (path, true_class)
            self.runner.cancel()
            return True
        device = self.session.compute_device()
        self._show_picture(path)
        self.status_label.setText(self.tr("Working out the answer for {name}...").format(
            name=display_text(Path(path).name)))

        def step(cancel):
            yield Phase("explain", QCoreApplication.translate("WhyView", "Working out the answer"))
            if not os.path.isfile(path):
                raise UserError(QCoreApplication.translate(
                    "WhyView", "This picture is not a file any more (a pasted picture is not kept): save it as a "
                    "file and open it on the Predict tab to see why."))
            return model, explain.explain_picture(model, path, path, true_class, device)

        return self.runner.start(step)

    @Slot()
    def choose_picture(self) -> None:
        from desktop_app.gui.prediction_input import IMAGE_FILE_FILTER  # the one filter

        if self.session.model is None:
            self.status_label.setText(self.tr("There is no model yet. Train one on the Train tab, or open a "
                                              "model file."))
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a picture"), settings.last_folder("predict"),
                                              QCoreApplication.translate("FileFilters", IMAGE_FILE_FILTER))
        if path:
            settings.remember_folder("predict", path)
            self.explain(path)

    @Slot()
    def _start_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self.explain(*pending)

    @Slot()
    def show_lecture_example(self) -> None:
        self.explanation, self.lecture = None, explain.lecture_example()
        self.picture_label.clear()
        self.title_label.setText(self.tr("The lecture's example: three pictures (a cat, a car, a frog), each given "
                                         "a score for the classes cat, car and frog."))
        self.status_label.setText("")
        self.steps = list(self.lecture.pictures)
        titles = [self.tr("{name} picture").format(name=name) for name in explain.LECTURE_CLASSES]
        self._fill_steps(titles)
        self.hinge_mean_label.setText(self.tr("Mean over the three pictures: ({losses}) / 3 = {mean}").format(
            losses=" + ".join(n(p.hinge_loss) for p in self.steps), mean=n(self.lecture.mean_hinge_loss)))
        self._fill_softmax_choice(titles)
        self._show_in_order((self.scores_box, self.hinge_box, self.softmax_box))

    @Slot(object)
    def _on_explained(self, result) -> None:
        model, found = result
        if model is not self.session.model:
            return  # another model came meanwhile
        self.explanation, self.lecture = found, None
        spec = registry.get(found.classifier)
        self.title_label.setText(self.tr("{name}\nAnswer of the {classifier}: {answer} ({probability})").format(
            name=display_text(found.name), classifier=core_text(spec.title),
            answer=display_text(found.class_names[found.predicted_index]),
            probability=probability_text(found.probabilities[found.predicted_index])))
        self.status_label.setText("")
        self._fill_answer(found)
        if found.explanation == "scores":
            self._fill_right_class(found)
            losses = (self.hinge_box, self.softmax_box)  # the loss the model is trained with first
            self._show_in_order((self.scores_box, *(losses if found.loss != "cross_entropy" else losses[::-1]),
                                 self.answer_box), self.right_class_row)
        elif found.explanation == "neighbours" and found.neighbours:
            self._fill_neighbours(found)
            self._show_in_order((self.neighbours_box, self.answer_box))
        else:
            self.status_label.setText(self.tr("The {classifier} has no step-by-step view of its answer.").format(
                classifier=core_text(spec.title)))
            self._show_parts((self.answer_box,))

    @Slot(object, object)
    def on_model_changed(self, model, evaluation) -> None:
        """A picture's numbers were another model's: they go (the lecture example stays)."""
        if self.explanation is None:
            return
        self.explanation = None
        self.picture_label.clear()
        self.title_label.setText("")
        self.status_label.setText(self.tr("Another model is in use now: choose \"Why?\" again, or open a picture."))
        self._show_parts(())

    @Slot(str, str)
    def _on_failed(self, message: str, _details: str) -> None:
        self.status_label.setText(message)

    # -- filling -----------------------------------------------------------------------------------------------
    def _fill_right_class(self, found: explain.PictureExplanation) -> None:
        known = found.true_index is not None
        self.right_class_label.setText(self.tr("Its right class (its folder):") if known else self.tr(
            "Its right class is not known; work the losses out as if it &were:"))
        box = self.right_class_box
        box.blockSignals(True)
        box.clear()
        box.addItems([display_text(name) for name in found.class_names])
        box.setCurrentIndex(found.true_index if known else found.predicted_index)
        box.setEnabled(not known)
        box.blockSignals(False)
        self._on_right_class(box.currentIndex())

    @Slot(int)
    def _on_right_class(self, index: int) -> None:
        found = self.explanation
        if found is None or found.scores is None or index < 0:
            return
        self.steps = [found.steps(index)]
        self._fill_steps([self.tr("this picture")])
        self.hinge_mean_label.setText("")
        self._fill_softmax_choice([])

    def _fill_steps(self, titles: list[str]) -> None:
        """The scores and the hinge terms, one column per picture."""
        names = self.steps[0].class_names
        self._set_headers(self.scores_table, titles, list(names))
        self._set_headers(self.hinge_table, titles, list(names) + [self.tr("Loss (sum)")])
        for column, steps in enumerate(self.steps):
            right = steps.true_index
            terms = {term.class_index: term for term in steps.hinge_terms}
            for row, score in enumerate(steps.scores):
                self._set(self.scores_table, row, column, n(score), bold=row == right)
                if row == right:
                    self._set(self.hinge_table, row, column, self.tr("right class"), bold=True)
                else:
                    self._set(self.hinge_table, row, column, "max(0, {sj} - {sy} + 1) = {value}".format(
                        sj=n(score), sy=_bracketed(steps.scores[right]), value=n(terms[row].value)))
            self._set(self.hinge_table, len(names), column, n(steps.hinge_loss), bold=True)

    def _fill_softmax_choice(self, titles: list[str]) -> None:
        box = self.softmax_picture_box
        box.blockSignals(True)
        box.clear()
        box.addItems(titles)
        box.setVisible(len(titles) > 1)
        box.setCurrentIndex(0)
        box.blockSignals(False)
        self._fill_softmax(0)

    @Slot(int)
    def _fill_softmax(self, index: int) -> None:
        if not 0 <= index < len(self.steps):
            return
        steps = self.steps[index]
        exp_title = "exp(s)" if steps.shift == 0 else "exp(s - {shift})".format(shift=n(steps.shift))
        self._set_headers(self.softmax_table, [self.tr("score s"), exp_title, self.tr("probability = exp / sum")],
                          list(steps.class_names))
        for row, (score, value, share) in enumerate(zip(steps.scores, steps.exp_scores, steps.probabilities)):
            bold = row == steps.true_index
            for column, text in enumerate((n(score), n(value), n(share))):
                self._set(self.softmax_table, row, column, text, bold=bold)
        right = steps.probabilities[steps.true_index]
        self.softmax_loss_label.setText(self.tr(
            "Sum of the exps: {total}. Loss = -log(probability of '{name}') = -log({p}) = {loss} (natural log)."
        ).format(total=n(steps.exp_scores.sum()), name=display_text(steps.true_class), p=n(right),
                 loss=n(steps.softmax_loss)))

    def _fill_answer(self, found: explain.PictureExplanation) -> None:
        self._set_headers(self.answer_table, [self.tr("probability")], list(found.class_names))
        for row, p in enumerate(found.probabilities):
            self._set(self.answer_table, row, 0, probability_text(p), bold=row == found.predicted_index)
        self.answer_label.setText(self.tr(
            "The model's percentages are calibrated on pictures it did not learn from, so they can differ from "
            "the plain softmax above: they say how often answers like this one were right. This model keeps "
            "no training pictures, so it cannot show the ones nearest to this picture (a kNN model can).")
            if found.explanation == "scores" else "")

    def _fill_neighbours(self, found: explain.PictureExplanation) -> None:
        extra = found.extra
        self.neighbours_label.setText(self.tr(
            "The k = {k} training pictures nearest to this picture ({distance} distance), nearest first. "
            "Each one votes for its class{weighting}.").format(
            k=extra.get("k"), distance=str(extra.get("distance", "")).upper(),
            weighting=self.tr(", closer ones counting more") if extra.get("weighting") == "distance" else ""))
        self.neighbours_model.set_items([ThumbnailItem(
            nb.path, f"{display_text(nb.class_name)} ({n(nb.distance)})",
            self.tr("{path}\nclass: {name}\ndistance: {distance}").format(
                path=display_text(nb.path), name=display_text(nb.class_name), distance=n(nb.distance, 4)))
            for nb in found.neighbours])
        self._set_headers(self.vote_table, [self.tr("votes"), self.tr("share of the vote")],
                          list(found.class_names))
        winner = max(found.votes, key=lambda vote: vote.share).class_index
        for row, vote in enumerate(found.votes):
            self._set(self.vote_table, row, 0, str(vote.count), bold=row == winner)
            self._set(self.vote_table, row, 1, n(vote.share), bold=row == winner)
        self.vote_label.setText(self.tr("The class with the largest share of the vote wins: {name}. On a tie, the "
                                        "class whose neighbours are closer.").format(
            name=display_text(found.class_names[winner])))

    # -- small helpers -----------------------------------------------------------------------------------------
    def _set_headers(self, table: QTableWidget, columns: list[str], rows: list[str]) -> None:
        table.clear()
        table.setColumnCount(len(columns))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(columns)
        table.setVerticalHeaderLabels([display_text(row) for row in rows])

    def _set(self, table: QTableWidget, row: int, column: int, text: str, bold: bool = False) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        table.setItem(row, column, item)

    def _show_picture(self, path: str) -> None:
        self._picture_path = path
        pixmap = self.cache.pixmap(path)
        if pixmap is not None:
            self.picture_label.setPixmap(pixmap)
        else:
            self.picture_label.clear()

    @Slot(str)
    def _on_picture_ready(self, path: str) -> None:
        if path == getattr(self, "_picture_path", None):
            self._show_picture(path)
