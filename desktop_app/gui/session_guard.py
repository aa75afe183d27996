"""Questions asked before the session loses something: "Save the model?" before an unsaved model is replaced or
the window closes, and "Stop the training?" before the pictures or the model change under a training run.

The questions are window-modal boxes opened with ``open()``, not ``exec()``: the event loop (and a test) keeps
running; the action waits until it is answered, or until the save or the stop it asked for has happened.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.gui.session_signals import SessionSignals

Action = Callable[[], Any]


class SessionGuard(QObject):
    def __init__(self, signals: SessionSignals, window: QWidget, save: Callable[[], bool],
                 stop_training: Callable[[], None], parent: QObject | None = None) -> None:
        """``save`` asks where to save and starts it (False: the user gave up); ``stop_training`` cancels the run."""
        super().__init__(parent)
        self.session = signals.session
        self._window = window
        self._save = save
        self._stop_training = stop_training
        self.box: QMessageBox | None = None  # the question now open
        self._after_answer: Action | None = None  # runs once the box is answered the right way
        self._after_save: Action | None = None  # runs once the model has been saved
        self._after_stop: Action | None = None  # runs once the training has stopped
        signals.saved_changed.connect(self._on_saved_changed)
        signals.training_changed.connect(self._on_training_changed)

    @property
    def asking(self) -> bool:
        return self.box is not None or self._after_save is not None or self._after_stop is not None

    def save_then(self, action: Action) -> Any:
        """Run ``action`` now when nothing unsaved would be lost (its result; False while asking)."""
        if not self.session.needs_saving:
            return action()
        if self.asking:
            return False
        box = self._question(self.tr("Save the model?"), self.tr(
            "The model you trained has not been saved. Without saving, it is lost.") if not self.session.model_source
            else self.tr("The \"unsure\" threshold you set is not saved with the model yet. Without saving, it is "
                         "lost."))
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                               | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Do&n't save"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        self._after_answer = action
        box.finished.connect(self._on_save_answer)
        box.open()
        return False

    def stop_training_then(self, action: Action) -> Any:
        """Run ``action`` now when no training runs (its result; False while asking)."""
        if not self.session.training:
            return action()
        if self.asking:
            return False
        box = self._question(self.tr("Stop the training?"), self.tr(
            "A model is being trained on the pictures now open. Stop the training first? The model trained "
            "before (if any) stays in use."))
        self._stop_button = box.addButton(self.tr("&Stop the training"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self._after_answer = action
        box.finished.connect(self._on_stop_answer)
        box.open()
        return False

    def _question(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self._window)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.box = box
        return box

    def _take_answer(self) -> tuple[QMessageBox, Action | None]:
        box, action = self.box, self._after_answer
        self.box, self._after_answer = None, None
        box.deleteLater()
        return box, action

    @Slot(int)
    def _on_save_answer(self, _result: int) -> None:
        box, action = self._take_answer()
        answer = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        if answer == QMessageBox.StandardButton.Discard:
            action()
        elif answer == QMessageBox.StandardButton.Save:
            self._after_save = action
            if not self._save():  # no file chosen: as if cancelled
                self._after_save = None
        # Cancel, Esc or a closed box: everything stays as it is

    @Slot(int)
    def _on_stop_answer(self, _result: int) -> None:
        box, action = self._take_answer()
        if box.clickedButton() is self._stop_button:
            self._after_stop = action
            self._stop_training()
            if not self.session.training:  # it ended meanwhile
                self._on_training_changed(False)

    @Slot()
    def save_failed(self) -> None:
        self._after_save = None

    @Slot(bool)
    def _on_saved_changed(self, saved: bool) -> None:
        action, self._after_save = self._after_save, None
        if saved and action is not None:
            action()

    @Slot(bool)
    def _on_training_changed(self, running: bool) -> None:
        action, self._after_stop = self._after_stop, None
        if not running and action is not None:
            action()
