"""Scoring the model on another labelled folder (as the command line's ``evaluate``), in the background."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.events import Message, Phase, Progress
from desktop_app.gui import settings
from desktop_app.gui.worker import TaskRunner


class FolderEvaluation(QObject):
    """Runs the core's ``training.evaluate_folder`` in a TaskRunner; results arrive as signals of this object."""

    finished = Signal(object, object, str, list)  # model, Evaluation, folder, warnings
    failed = Signal(str, str)
    status = Signal(str)  # what is happening now

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.evaluated_model = None  # the model this run measures (the session's may change meanwhile)
        self.folder = ""
        self.warnings: list[str] = []
        self.runner = TaskRunner(self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self.failed)
        self.runner.cancelled.connect(self._on_cancelled)

    @property
    def running(self) -> bool:
        return self.runner.running

    def choose_and_start(self, parent: QWidget, model, device) -> bool:
        folder = QFileDialog.getExistingDirectory(parent, self.tr("Choose a folder with one sub-folder per class"),
                                                  settings.last_folder("evaluate"))
        return bool(folder) and self.start(model, folder, device)

    def start(self, model, folder: str | Path, device="cpu") -> bool:
        if model is None or self.running:
            return False
        folder, device_name = str(folder), str(device)

        def step(cancel):
            # on the worker thread, and already imported with the engine: no import happens here
            from desktop_app.core.training import evaluate_folder

            return (yield from evaluate_folder(model, Path(folder), device=device_name, cancel=cancel))

        self.evaluated_model, self.folder, self.warnings = model, folder, []
        if not self.runner.start(step):
            return False
        settings.remember_folder("evaluate", folder)
        self.status.emit(self.tr("Testing the model on {folder}...").format(folder=folder))
        return True

    def cancel(self) -> None:
        self.runner.cancel()

    def stop(self, timeout_ms: int) -> bool:
        return self.runner.stop(timeout_ms)

    @Slot(object)
    def _on_event(self, event) -> None:
        if isinstance(event, Message) and event.level == "warning":
            self.warnings.append(event.text)  # the core's words, complete (what to rename included)
        elif isinstance(event, Phase):
            self.status.emit(event.message)
        elif isinstance(event, Progress) and event.total > 0:
            self.status.emit(f"{event.message or event.phase} ({event.done:,} / {event.total:,})"
                             if f"{event.done:,}" not in event.message else event.message)

    @Slot()
    def _on_cancelled(self) -> None:
        self.status.emit(self.tr("Stopped."))

    @Slot(object)
    def _on_finished(self, evaluation) -> None:
        self.finished.emit(self.evaluated_model, evaluation, self.folder, list(self.warnings))
