"""Removing a class on the Dataset tab: asked first, and undone with one click. Only the session's dataset
changes either way; nothing on disk is touched."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from desktop_app.core.output.names import display_text
from desktop_app.core.output.wording import pictures_text
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.session import dataset_snapshot


def ask_removal(parent: QWidget, name: str, pictures: int, remove: Callable[[], object]) -> QMessageBox:
    """Asks "Leave the class ... out?" (window-modal, not blocking); ``remove()`` runs on Remove."""
    translate = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Question, translate("ClassRemoval", "Remove class"),
                      translate("ClassRemoval", "Leave the class '{name}' and its {n} out of this dataset?").format(
                          name=display_text(name), n=pictures_text(pictures)), parent=parent)
    box.setInformativeText(translate("ClassRemoval", "Nothing is deleted from the disk: the folder stays as it is. "
                                     "You can undo this with Undo remove."))
    remove_button = box.addButton(translate("ClassRemoval", "Remove"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda clicked: remove() if clicked is remove_button else None)
    box.open()
    return box


class RemovalUndo(QObject):
    """Keeps the dataset as it was before the last class removal while nothing else changed since; its button
    ("Undo remove 'cats'") puts it back."""

    def __init__(self, signals: SessionSignals, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = signals.session
        self._kept = None  # (dataset before, session.dataset_version right after the removal, class name)
        self.button = QPushButton(parent)
        self.button.clicked.connect(self.undo)
        self.button.setVisible(False)
        signals.dataset_changed.connect(self._on_dataset_changed)

    def before_removal(self):
        return dataset_snapshot(self.session.dataset)

    def removed(self, before, name: str) -> None:
        self._kept = (before, self.session.dataset_version, name)
        self.button.setText(self.tr("&Undo remove '{name}'").format(name=display_text(name)))
        self.button.setToolTip(self.tr("Put the class and its pictures back."))
        self.button.setVisible(True)

    @property
    def available(self) -> bool:
        return self._kept is not None and self._kept[1] == self.session.dataset_version

    @Slot()
    def undo(self) -> bool:
        if not self.available or self.session.training:
            return False
        before = self._kept[0]
        self._forget()
        self.session.set_dataset(before)
        return True

    def _forget(self) -> None:
        self._kept = None
        self.button.setVisible(False)

    @Slot(object)
    def _on_dataset_changed(self, _dataset) -> None:
        if self._kept is not None and not self.available:  # another change came since: undo would lose it
            self._forget()
