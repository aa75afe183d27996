"""Opening and saving the session's model in the background: a big kNN model (hundreds of MB), or one on a slow
network share, must not freeze the window. The window asks about an unsaved model before it opens another."""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.gui import settings
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.worker import TaskRunner

MODEL_FILE_FILTER = QT_TRANSLATE_NOOP("FileFilters", "Picture Sorter models (*.psmodel);;All files (*)")


def read_model(path: str):
    """On the worker (the engine is loaded by then): the model and its stored test results as an Evaluation."""
    from desktop_app.core.metrics import Evaluation
    from desktop_app.core.modelfile.model_file import load_model

    model = load_model(path)
    stored = (model.metrics or {}).get("evaluation")
    try:
        evaluation = Evaluation.from_dict(stored) if stored else None
    except (KeyError, TypeError, ValueError):  # results of an older format: the model itself still works
        return model, None
    n = evaluation.n_examples if evaluation is not None else 0
    if evaluation is not None and not (len(evaluation.confidence) == n and (evaluation.y_true is None or (
            len(evaluation.y_true) == n and (evaluation.paths is None or len(evaluation.paths) == n)))):
        evaluation = replace(evaluation, paths=None, y_true=None)  # older files: the totals, not the pictures
    return model, evaluation


class ModelFiles(QObject):
    """Reads a model file into the session, and writes the session's model (with the threshold in use)."""

    opened = Signal(str)  # path of a model file that has been read and is now in use
    open_failed = Signal(str, str)  # plain message, details
    saving = Signal(str)  # path being written
    saved = Signal(str)  # path written
    save_failed = Signal(str, str)  # plain message, details

    def __init__(self, signals: SessionSignals, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = signals.session
        self._opening_path = ""
        self._saving_model = None
        self.open_runner = TaskRunner(self)
        self.open_runner.finished.connect(self._on_opened)
        self.open_runner.failed.connect(self.open_failed)
        self.save_runner = TaskRunner(self)
        self.save_runner.finished.connect(self._on_saved)
        self.save_runner.failed.connect(self.save_failed)

    def open(self, path: str | Path) -> bool:
        """False when another file is still opening."""
        path = str(path)

        def read(cancel):
            yield from ()
            return read_model(path)

        if not self.open_runner.start(read):
            return False
        self._opening_path = path
        return True

    def save(self, path: str | Path) -> bool:
        """False when there is no model or a save is still running."""
        model = self.session.model_to_save()  # with the "unsure" threshold in use
        if model is None:
            return False

        def write(cancel):
            from desktop_app.core.modelfile.model_file import save_model  # imported with the engine

            saved = save_model(model, path)
            yield from ()
            return saved

        if not self.save_runner.start(write):
            return False
        self._saving_model = model
        self.saving.emit(str(path))
        return True

    def choose_save_path(self, parent: QWidget) -> bool:
        """Ask where to save; True when a save started."""
        if self.session.model is None:
            return False
        start = Path(settings.last_folder("model", self.session.output_folder)) / "model.psmodel"
        path, _ = QFileDialog.getSaveFileName(parent, self.tr("Save the model"), str(start),
                                              QCoreApplication.translate("FileFilters", MODEL_FILE_FILTER))
        return bool(path) and self.save(path)

    def cancel(self) -> None:
        self.open_runner.cancel()  # a save is let finish: cancelling it could only lose the new file

    def stop(self, timeout_ms: int) -> bool:
        started = time.monotonic()
        opened = self.open_runner.stop(timeout_ms)
        left_ms = max(1, timeout_ms - int((time.monotonic() - started) * 1000))
        return self.save_runner.stop(left_ms) and opened

    @Slot(object)
    def _on_opened(self, result) -> None:
        model, evaluation = result
        path = self._opening_path
        settings.remember_folder("model", path)
        settings.remember_recent("models", path)
        self.session.set_model(model, evaluation, source=path)
        self.opened.emit(path)

    @Slot(object)
    def _on_saved(self, saved) -> None:
        self.session.mark_saved(self._saving_model, str(saved))
        settings.remember_folder("model", saved)
        settings.remember_recent("models", saved)
        self.saved.emit(str(saved))
