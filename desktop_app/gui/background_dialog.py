"""A window of its own (not modal) that does its work on a worker, shared by the lecture views (templates, "Why?").

One of each per main window (``for_window``); it follows the model in use (``on_model_changed``). Its worker
is stopped when the main window closes (an event filter on it: a thread still running when Qt is torn down
would crash), and when the dialog itself closes.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Slot
from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.gui import geometry
from desktop_app.gui.worker import TaskRunner

STOP_WAIT_MS = 2000
FIRST_SIZE = QSize(980, 760)


class BackgroundDialog(QDialog):
    def __init__(self, signals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signals, self.session = signals, signals.session
        self.runner = TaskRunner(self)
        signals.model_changed.connect(self.on_model_changed)
        if parent is not None:
            parent.installEventFilter(self)

    @classmethod
    def for_window(cls, widget: QWidget, signals):
        """The window's one dialog of this kind, made on first use (its parent: the main window); ``signals``:
        the window's SessionSignals."""
        window = widget.window()
        found = window.findChild(cls, cls.__name__)
        if found is None:
            found = cls(signals, window)
            found.setObjectName(cls.__name__)
            found.setGeometry(geometry.centred(FIRST_SIZE, geometry.available_geometry(window)))
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    @Slot(object, object)
    def on_model_changed(self, model, evaluation) -> None:
        """Another model is in use (or none)."""

    def stop(self, timeout_ms: int = STOP_WAIT_MS) -> bool:
        return self.runner.stop(timeout_ms)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.runner.cancel()
        super().closeEvent(event)

    def bring_up(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
