"""The session's announcements as Qt signals of a GUI-thread object: a widget connected to them is disconnected
when it goes, and queued connections work like any other signal's."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop_app.session import Session


class SessionSignals(QObject):
    """Owns the window's ``Session`` and re-emits each of its announcements as a signal."""

    dataset_changed = Signal(object)  # core.dataset.Dataset | None
    split_changed = Signal(object)  # SplitSettings
    choice_changed = Signal(object)  # ClassifierChoice
    device_changed = Signal()
    model_changed = Signal(object, object)  # TrainedModel | None, Evaluation | None
    threshold_changed = Signal(float)
    saved_changed = Signal(bool)
    training_changed = Signal(bool)

    def __init__(self, session: Session | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session if session is not None else Session()
        for name in ("dataset_changed", "split_changed", "choice_changed", "device_changed", "model_changed",
                     "threshold_changed", "saved_changed", "training_changed"):
            getattr(self.session, name).connect(getattr(self, name).emit)
