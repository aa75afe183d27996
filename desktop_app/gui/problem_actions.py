"""What the Dataset tab's problems list offers for a problem, where there is something to do: open the folder
that holds the file, or show the copies of a duplicate picture side by side (double-click or right-click)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QLabel, QListWidget, QListWidgetItem, QMenu,
                               QWidget)

from desktop_app.core.output.names import display_text
from desktop_app.gui.thumbnails import ThumbnailCache

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 7  # the core Problem behind a row of the list
SIDE_BY_SIDE_SIZE = 320


class SideBySide(QDialog):
    """The copies of one picture next to each other, each with its path."""

    def __init__(self, paths: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("The same picture in two places"))
        self.paths = list(paths)
        self.cache = ThumbnailCache(SIDE_BY_SIDE_SIZE, self, cache_size=8)
        self.cache.ready.connect(self._on_ready)
        layout = QGridLayout(self)
        self.picture_labels: list[QLabel] = []
        for column, path in enumerate(self.paths):
            picture = QLabel(self.tr("Loading the picture..."))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setMinimumSize(SIDE_BY_SIDE_SIZE // 2, SIDE_BY_SIDE_SIZE // 2)
            caption = QLabel(display_text(path))
            caption.setWordWrap(True)
            caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(picture, 0, column)
            layout.addWidget(caption, 1, column)
            self.picture_labels.append(picture)
            self._show(column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons, 2, 0, 1, max(1, len(self.paths)))

    def _show(self, column: int) -> None:
        pixmap = self.cache.pixmap(self.paths[column])
        if pixmap is not None:
            self.picture_labels[column].setPixmap(pixmap)

    @Slot(str)
    def _on_ready(self, path: str) -> None:
        for column, shown in enumerate(self.paths):
            if shown == path:
                self._show(column)


def open_containing_folder(path: str) -> bool:
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    return bool(folder) and QDesktopServices.openUrl(QUrl.fromLocalFile(folder))


class ProblemActions(QObject):
    """Right-click and double-click on the problems list."""

    def __init__(self, problems_list: QListWidget) -> None:
        super().__init__(problems_list)
        self.problems_list = problems_list
        self.side_by_side: SideBySide | None = None
        problems_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        problems_list.customContextMenuRequested.connect(self._show_menu)
        problems_list.itemActivated.connect(self._do_first)
        problems_list.setToolTip(self.tr("Double-click a problem to open the folder that holds the file, or to "
                                         "see the copies of a picture side by side; right-click for the choices."))

    def actions_for(self, problem) -> list[tuple[str, Callable[[], object]]]:
        """(what the menu says, what it does) for a problem, most useful first; [] when there is nothing to do."""
        actions: list[tuple[str, Callable[[], object]]] = []
        related = [p for p in getattr(problem, "related", ()) if p]
        if len(related) >= 2:
            actions.append((self.tr("Show the {n} copies side by side").format(n=len(related))
                            if len(related) > 2 else self.tr("Show the two copies side by side"),
                            lambda: self.show_side_by_side(related)))
        if problem.path and Path(problem.path).parent.is_dir():
            actions.append((self.tr("Open the folder that holds it"), lambda: open_containing_folder(problem.path)))
        return actions

    def show_side_by_side(self, paths: list[str]) -> SideBySide:
        if self.side_by_side is not None:
            self.side_by_side.close()
        self.side_by_side = SideBySide(paths, self.problems_list.window())
        self.side_by_side.show()
        return self.side_by_side

    @Slot(QListWidgetItem)
    def _do_first(self, item: QListWidgetItem) -> None:
        problem = item.data(PROBLEM_ROLE)
        actions = self.actions_for(problem) if problem is not None else []
        if actions:
            actions[0][1]()

    @Slot(QPoint)
    def _show_menu(self, position: QPoint) -> None:
        item = self.problems_list.itemAt(position)
        problem = item.data(PROBLEM_ROLE) if item is not None else None
        actions = self.actions_for(problem) if problem is not None else []
        if not actions:
            return
        menu = QMenu(self.problems_list)
        for text, action in actions:
            menu.addAction(text, action)
        menu.popup(self.problems_list.viewport().mapToGlobal(position))
        self._menu = menu
