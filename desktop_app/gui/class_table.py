"""The Dataset tab's table of classes: counts per share, a balance bar, sorting by any column, a name filter,
and full names in tooltips (long names are elided in the middle, so both ends still tell)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop_app.core.data.dataset import natural_key
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import pictures_text
from desktop_app.gui.widgets import BarDelegate

SPLIT_COLUMNS = ("train", "val", "test")


class ClassTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        # short titles leave the width to the class names; the tooltips say them in full
        self.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Train"), self.tr("Val."), self.tr("Test"),
                                        self.tr("All"), ""])
        for column, tip in enumerate((self.tr("Class name"), self.tr("Training pictures"),
                                      self.tr("Validation pictures"), self.tr("Test pictures"),
                                      self.tr("All pictures of the class"),
                                      self.tr("Size compared with the largest class"))):
            self.horizontalHeaderItem(column).setToolTip(tip)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.verticalHeader().setVisible(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "BACKGR...oogle"
        self.setSortingEnabled(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setToolTip(self.tr("Click a column title to sort by it."))
        self.setColumnWidth(5, 48)
        self.setItemDelegateForColumn(5, BarDelegate(self))
        self.setToolTip(self.tr("Double-click a class name (or press F2) to rename it."))
        self._filter = ""

    def fill(self, counts: dict[str, dict[str, int]], shared: bool, selected: str | None) -> None:
        """One row per class; split columns blank (not 0) while the share-out is not ``shared`` yet."""
        self.setSortingEnabled(False)  # rows would move while they are filled
        self.setRowCount(0)
        largest = max((c["all"] for c in counts.values()), default=1) or 1
        self.setRowCount(len(counts))
        for row, (name, c) in enumerate(counts.items()):
            name_item = _SortableItem(name, natural_key(name))
            name_item.setData(Qt.ItemDataRole.UserRole, name)
            name_item.setToolTip(self.tr("{name}\nDouble-click (or F2) to rename.").format(name=name))
            self.setItem(row, 0, name_item)
            for column, split in enumerate(SPLIT_COLUMNS, start=1):
                self.setItem(row, column, _number_item(c.get(split, 0) if shared else ""))
            self.setItem(row, 4, _number_item(c["all"]))
            bar = _number_item("")
            bar.setData(Qt.ItemDataRole.UserRole, c["all"] / largest)
            bar.key = c["all"]
            bar.setToolTip(self.tr("{n} ({share} of the largest class)").format(
                n=pictures_text(c["all"]), share=share_text(c["all"] / largest, 0)))
            self.setItem(row, 5, bar)
        self.setSortingEnabled(True)
        self.apply_filter(self._filter)
        rows = {self.class_name(r): r for r in range(self.rowCount())}
        visible = [r for r in range(self.rowCount()) if not self.isRowHidden(r)]
        if rows:
            self.selectRow(rows.get(selected, min(visible, default=0)))

    def class_name(self, row: int) -> str | None:
        item = self.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def selected_class(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.class_name(rows[0].row()) if rows else None

    def apply_filter(self, text: str) -> None:
        """Show only the classes whose name contains text (any case)."""
        self._filter = text
        wanted = text.strip().casefold()
        for row in range(self.rowCount()):
            self.setRowHidden(row, bool(wanted) and wanted not in str(self.class_name(row) or "").casefold())


class _SortableItem(QTableWidgetItem):
    """Sorts by a key of its own (numbers as numbers, names in natural order), not by the text shown."""

    def __init__(self, text: str, key) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        other_key = getattr(other, "key", None)
        if other_key is None or type(other_key) is not type(self.key):
            return super().__lt__(other)
        return self.key < other_key


def _number_item(value) -> QTableWidgetItem:
    item = _SortableItem(f"{value:,}" if isinstance(value, int) else str(value),
                         value if isinstance(value, int) else -1)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
