"""The Dataset tab's class editing: add a class folder, rename a class (dialog or in the table), remove one (asked
first, undoable). Nothing on disk changes: the session's dataset does. Mixed into ``DatasetTab``, whose scan
runner, table and status line it uses."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QTableWidgetItem

from desktop_app.core.data import folder_scan
from desktop_app.core.errors import UserError
from desktop_app.core.output.wording import looking_in_text
from desktop_app.gui import settings
from desktop_app.gui.class_removal import ask_removal
from desktop_app.gui.dataset_work import scanned
from desktop_app.gui.widgets import ask_text, show_error
from desktop_app.session import dataset_snapshot


class ClassEditing:
    """Needs from the tab: dataset, session, runner, class_table, dataset_facts, removal_undo, _refresh(),
    _dataset_edited(), _refused_while_training(), _scan_started(), split_settings(), _refreshing."""

    def choose_class_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of pictures of one class"),
                                                  settings.last_folder("class"))
        if not folder:
            return
        label = ask_text(self, self.tr("Class name"), self.tr("Name of the class for the pictures in this folder:"),
                         Path(folder).name)
        if label:
            self.add_class_folder(folder, label)

    def add_class_folder(self, folder: str | Path, label: str) -> bool:
        folder = str(folder)
        if self._refused_while_training():
            return False
        self._pending_add = label
        current = dataset_snapshot(self.dataset)
        shares = self.split_settings()
        if not self.runner.start(lambda cancel: scanned(folder_scan.scan_class_folder(folder, label, cancel=cancel),
                                                         current, shares)):
            return False
        settings.remember_folder("class", folder)
        self._scan_started(looking_in_text(folder, label))
        return True

    def rename_class(self, old: str, new: str) -> bool:
        if self.dataset is None or old == new:
            return False
        if self._refused_while_training():
            self._refresh()  # the name typed into the table goes back
            return False
        try:
            self.dataset.rename_class(old, new)
        except UserError as exc:
            show_error(self, self.tr("Rename class"), str(exc))
            self._refresh()
            return False
        self._dataset_edited()
        return True

    def remove_class(self, name: str) -> bool:
        if self.dataset is None or self._refused_while_training():
            return False
        before = self.removal_undo.before_removal()
        try:
            self.dataset.remove_class(name)
        except UserError as exc:
            show_error(self, self.tr("Remove class"), str(exc))
            return False
        self._dataset_edited()
        self.removal_undo.removed(before, name)
        return True

    def _selected_class(self) -> str | None:
        return self.class_table.selected_class() if self.dataset is not None else None

    def _rename_selected(self) -> None:
        name = self._selected_class()
        if name is None:
            return
        new = ask_text(self, self.tr("Rename class"), self.tr("New name for '{name}':").format(name=name), name)
        if new:
            self.rename_class(name, new)

    def _remove_selected(self) -> None:
        name = self._selected_class()
        if name is not None:
            pictures = self.dataset_facts.counts(self.dataset).get(name, {}).get("all", 0)
            ask_removal(self, name, pictures, lambda: self.remove_class(name))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0 or self._refreshing:
            return
        old = item.data(Qt.ItemDataRole.UserRole)
        new = item.text().strip()
        # Deferred: rebuilding the table inside its own itemChanged signal would delete the item being edited.
        if old and new and new != old:
            QTimer.singleShot(0, lambda: self.rename_class(old, new))
        elif old and not new:
            QTimer.singleShot(0, self._refresh)

