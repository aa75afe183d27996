"""A read-only table that asks the layout for room for all its rows (up to ``MAX_ROWS_SHOWN``), so a confusion
matrix or a per-class table of up to 10 classes never hides rows behind its own scroll bar."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableWidget, QWidget

MAX_ROWS_SHOWN = 12  # more rows than this scroll inside the table (the page around it stays on the screen)


class FittingTable(QTableWidget):
    def __init__(self, rows: int = 0, columns: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows_header = self.verticalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(self.fontMetrics().height() + 8)  # compact, yet clear of the text
        self.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    def _height_for(self, rows: int) -> int:
        header = self.horizontalHeader()
        header_height = header.sizeHint().height() if not header.isHidden() else 0
        return 2 * self.frameWidth() + header_height + rows * self.verticalHeader().defaultSectionSize()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self._height_for(self.rowCount()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().minimumSizeHint().width(), self._height_for(min(self.rowCount(), MAX_ROWS_SHOWN)))

    def refit(self) -> None:
        """After the rows changed: the layout asks again (the largest height is all the rows)."""
        # a hard minimum: when the page is short, the pictures below give way, never these rows
        self.setMinimumHeight(self.minimumSizeHint().height())
        self.setMaximumHeight(max(self.minimumSizeHint().height(), self.sizeHint().height()))
        self.updateGeometry()
