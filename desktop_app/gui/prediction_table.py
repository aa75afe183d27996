"""The Predict tab's answers: the table model (one row per picture asked about) and the view that shows it."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt, Slot
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView

from desktop_app.core.classifiers.reliability import DEFAULT_UNSURE_THRESHOLD
from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import probability_text
from desktop_app.gui.thumbnails import ThumbnailCache
from desktop_app.gui.widgets import TopLabelsDelegate

THUMBNAIL_SIZE = 64


class PredictionTableModel(QAbstractTableModel):
    COLUMNS = ("picture", "file", "top", "verdict")

    def __init__(self, cache: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self.predictions: list = []
        self.threshold = DEFAULT_UNSURE_THRESHOLD
        self._cache = cache
        self._rows: dict[str, list[int]] = {}
        self.added_as: dict[str, str] = {}  # picture -> the class it was copied into (fix and retrain)
        cache.ready.connect(self._on_thumbnail)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Picture"), self.tr("File"), self.tr("Top three answers"), self.tr("Answer"))[section]
        return None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.predictions)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def is_unsure(self, prediction) -> bool:
        from desktop_app.core.modelfile.model_file import is_unsure

        return is_unsure(prediction, self.threshold)

    def verdict(self, prediction) -> str:
        if prediction.error:
            return self.tr("Could not read: {error}").format(error=prediction.error)
        if prediction.unlike_training:  # never a plain answer
            return self.tr("Not like the training pictures (closest: {label} {probability})").format(
                label=prediction.label, probability=probability_text(prediction.probability))
        if self.is_unsure(prediction):
            answer = self.tr("unsure (maybe {label})").format(label=prediction.label)
        else:
            answer = prediction.label
        added_as = self.added_as.get(prediction.path)
        if added_as is None:
            return answer
        if added_as == prediction.label:
            return self.tr("{answer}: confirmed, added to the dataset").format(answer=answer)
        return self.tr("{answer}: corrected to {name}, added to the dataset").format(answer=answer, name=display_text(added_as))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        prediction = self.predictions[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "picture" and role == Qt.ItemDataRole.DecorationRole:
            return self._cache.pixmap(prediction.path) or self._cache.placeholder
        if column == "file":
            if role == Qt.ItemDataRole.DisplayRole:
                return Path(prediction.path).name
            if role == Qt.ItemDataRole.ToolTipRole:
                return prediction.path
        if column == "top":
            if role == Qt.ItemDataRole.UserRole:
                return list(prediction.top)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return "\n".join(f"{label}: {probability_text(p)}" for label, p in prediction.top)
        if column == "verdict":
            if role == Qt.ItemDataRole.DisplayRole:
                return self.verdict(prediction)
            if role == Qt.ItemDataRole.ToolTipRole and prediction.error:
                return prediction.error
            if role == Qt.ItemDataRole.FontRole and not (prediction.error or prediction.unlike_training
                                                         or self.is_unsure(prediction)):
                font = QApplication.font()
                font.setBold(True)
                return font
        return None

    def add(self, predictions: Sequence) -> None:
        if not predictions:
            return
        first = len(self.predictions)
        self.beginInsertRows(QModelIndex(), first, first + len(predictions) - 1)
        for offset, prediction in enumerate(predictions):
            self.predictions.append(prediction)
            self._rows.setdefault(prediction.path, []).append(first + offset)
        self.endInsertRows()

    def path_of(self, row: int) -> str | None:
        """The picture of an answer ("Why?"); None for a file that could not be read."""
        prediction = self.predictions[row] if 0 <= row < len(self.predictions) else None
        return prediction.path if prediction is not None and not prediction.error else None

    def clear(self) -> None:
        self.beginResetModel()
        self.predictions = []
        self._rows = {}
        self.endResetModel()

    def set_threshold(self, threshold: float) -> None:
        self.threshold = threshold
        self._verdicts_changed()

    def set_added(self, added_as: dict[str, str]) -> None:
        """Mark the answers whose pictures were copied into the dataset (``{picture: class}``)."""
        self.added_as = dict(added_as)
        self._verdicts_changed()

    def _verdicts_changed(self) -> None:
        if self.predictions:
            column = self.COLUMNS.index("verdict")
            self.dataChanged.emit(self.index(0, column), self.index(len(self.predictions) - 1, column))

    @Slot(str)
    def _on_thumbnail(self, path: str) -> None:
        for row in self._rows.get(path, []):
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def prediction_table_view(model: PredictionTableModel) -> QTableView:
    """The answers' table: thumbnails, file names, the top three as bars, the answer."""
    table = QTableView()
    table.setModel(model)
    table.setItemDelegateForColumn(2, TopLabelsDelegate(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(max(THUMBNAIL_SIZE + 6, 3 * 20 + 6))
    table.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(0, THUMBNAIL_SIZE + 12)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(1, 220)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    table.setColumnWidth(3, 200)
    table.setAcceptDrops(False)
    return table
