"""The Evaluate tab's summary page: the confusion matrix and the per-class table side by side, every row in
sight for up to 10 classes (``FittingTable``), and the pictures of the selected matrix cell below them."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGroupBox, QHeaderView, QSplitter, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import pictures_text, scores_explained_text
from desktop_app.gui.evaluate_pictures import EvaluatedPicture, PictureGrid, thumbnail_item
from desktop_app.gui.fitting_table import MAX_ROWS_SHOWN, FittingTable
from desktop_app.gui.readable_text import SecondaryLabel
from desktop_app.gui.thumbnails import ThumbnailModel

NAME_CHARACTERS = 14  # a row name wider than this is cut at its end (the tooltip has all of it)


class SummaryPage(QWidget):
    cell_selected = Signal(int, int)  # true class, predicted class

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evaluation = None
        self.shown: dict[str, EvaluatedPicture] = {}  # the cell's pictures, by path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)  # room for every row of the tables on a small screen
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setChildrenCollapsible(False)
        matrix_box = QGroupBox(self.tr("Confusion matrix (rows: true class, columns: its answer; click a cell to "
                                       "see its pictures)"))
        matrix_layout = QVBoxLayout(matrix_box)
        matrix_layout.setContentsMargins(6, 4, 6, 6)
        self.confusion_table = FittingTable()
        self.confusion_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.confusion_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion_table.horizontalHeader().setMinimumSectionSize(self.fontMetrics().horizontalAdvance("0000")
                                                                      + 8)
        self.confusion_table.verticalHeader().setMaximumWidth(self.fontMetrics().averageCharWidth()
                                                              * NAME_CHARACTERS)
        self.confusion_table.setToolTip(self.tr("Each cell counts the test pictures of the row's class that were "
                                                "answered as the column's class. Click one to see them below."))
        self.confusion_table.currentCellChanged.connect(self._on_cell_changed)
        matrix_layout.addWidget(self.confusion_table)
        matrix_layout.addStretch(1)
        top.addWidget(matrix_box)

        per_class_box = QGroupBox(self.tr("Per class"))
        per_class_layout = QVBoxLayout(per_class_box)
        per_class_layout.setContentsMargins(6, 4, 6, 6)
        self.per_class_table = FittingTable(0, 5)
        self.per_class_table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Precision"), self.tr("Recall"),
                                                        self.tr("F1"), self.tr("Pictures")])
        self.per_class_table.verticalHeader().setVisible(False)
        header = self.per_class_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.per_class_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header_tips = [self.tr("The class"),
                       self.tr("Precision: of the pictures it answered as this class, the share that really are "
                               "(1.00: when it says this class, it is always right)."),
                       self.tr("Recall: of the test pictures of this class, the share it recognised (1.00: it "
                               "found every one)."),
                       self.tr("F1: precision and recall in one number, their harmonic mean (1.00 is perfect; "
                               "low when either is low)."),
                       self.tr("Test pictures of this class.")]
        for column, tip in enumerate(header_tips):
            self.per_class_table.horizontalHeaderItem(column).setToolTip(tip)
        per_class_layout.addWidget(self.per_class_table)
        per_class_layout.addStretch(1)
        top.addWidget(per_class_box)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        layout.addWidget(top)
        self.scores_explained = SecondaryLabel(scores_explained_text())
        layout.addWidget(self.scores_explained)

        self.bottom = QSplitter(Qt.Orientation.Horizontal)  # the selected picture's panel is put beside the cell
        self.bottom.setChildrenCollapsible(False)
        self.cell_box = QGroupBox(self.tr("Pictures in the selected cell"))
        cell_layout = QVBoxLayout(self.cell_box)
        cell_layout.setContentsMargins(6, 4, 6, 6)
        self.cell_model = ThumbnailModel(parent=self)
        self.cell_view = PictureGrid(self.cell_model)
        cell_layout.addWidget(self.cell_view)
        self.bottom.addWidget(self.cell_box)
        layout.addWidget(self.bottom, 1)

    def show_evaluation(self, evaluation) -> None:
        self.evaluation = evaluation
        names = [display_text(name) for name in evaluation.class_names]
        matrix = np.asarray(evaluation.confusion, dtype=np.int64).reshape(len(names), len(names))
        table = self.confusion_table
        table.blockSignals(True)
        table.clear()
        table.setRowCount(len(names))
        table.setColumnCount(len(names))
        for index, name in enumerate(names):
            for place, header in ((table.setHorizontalHeaderItem, self.tr("answered '{name}'")),
                                  (table.setVerticalHeaderItem, self.tr("true class '{name}'"))):
                item = QTableWidgetItem(name)
                item.setToolTip(header.format(name=name))
                place(index, item)
        fits = len(names) <= MAX_ROWS_SHOWN
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else
                                           Qt.ScrollBarPolicy.ScrollBarAsNeeded)
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
                item.setToolTip(self.tr("{n} pictures of '{true}' answered as '{predicted}' ({share} of "
                                        "'{true}')").format(n=count, true=names[row], predicted=names[column],
                                                            share=share_text(share, 0)))
                table.setItem(row, column, item)
        table.blockSignals(False)
        table.refit()

        self.per_class_table.setRowCount(len(evaluation.per_class))
        for row, scores in enumerate(evaluation.per_class):
            values = [display_text(scores["name"]), f"{scores['precision']:.2f}", f"{scores['recall']:.2f}",
                      f"{scores['f1']:.2f}", f"{scores['support']:,}"]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                else:
                    item.setToolTip(value)
                self.per_class_table.setItem(row, column, item)
        self.per_class_table.refit()
        self.cell_box.setTitle(self.tr("Pictures in the selected cell"))
        self.cell_model.set_items([])
        self.shown = {}

    # -- the selected cell ------------------------------------------------------------------------------------
    def has_pictures(self) -> bool:
        data = self.evaluation
        return data is not None and data.paths is not None and data.y_true is not None

    def pictures_in_cell(self, true: int, predicted: int) -> list[EvaluatedPicture]:
        if not self.has_pictures():
            return []
        data = self.evaluation
        rows = np.flatnonzero((np.asarray(data.y_true) == true) & (np.asarray(data.predicted) == predicted))
        return [EvaluatedPicture(data.paths[i], true, predicted, float(data.confidence[i])) for i in rows]

    def first_mistake(self) -> tuple[int, int]:
        matrix = np.asarray(self.evaluation.confusion, dtype=np.int64)
        size = len(matrix)
        return next(((r, c) for r in range(size) for c in range(size) if r != c and matrix[r, c] > 0), (0, 0))

    @Slot(int, int, int, int)
    def _on_cell_changed(self, row: int, column: int, *_previous) -> None:
        if self.evaluation is None or row < 0 or column < 0:
            return
        names = [display_text(name) for name in self.evaluation.class_names]
        pictures = self.pictures_in_cell(row, column)
        self.shown = {p.path: p for p in pictures}
        self.cell_model.set_items([thumbnail_item(p, self.evaluation.class_names) for p in pictures])
        if not self.has_pictures():
            self.cell_box.setTitle(self.tr("The pictures are not available for a model opened from a file."))
        else:
            self.cell_box.setTitle(self.tr("True '{true}', answered '{predicted}': {n}").format(
                true=names[row], predicted=names[column], n=pictures_text(len(pictures))))
        self.cell_selected.emit(row, column)


def _blend(base: QColor, colour: QColor, amount: float) -> QColor:
    amount = 0.15 + 0.85 * amount if amount > 0 else 0.0
    return QColor(int(base.red() + (colour.red() - base.red()) * amount),
                  int(base.green() + (colour.green() - base.green()) * amount),
                  int(base.blue() + (colour.blue() - base.blue()) * amount))
