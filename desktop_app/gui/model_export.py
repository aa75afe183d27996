"""File > Export for other programs...: the model in use as an ONNX file, written on a worker (building the graph
with the pretrained network takes seconds). The core does the work and the wording (core/export/onnx_export.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.gui import settings
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.widgets import show_error
from desktop_app.gui.worker import TaskRunner

ONNX_FILE_FILTER = QT_TRANSLATE_NOOP("FileFilters", "ONNX models (*.onnx)")


class ModelExport(QObject):
    """Exports the session's model (with the "unsure" threshold in use) and says what was written."""

    progress = Signal(str)  # what the export is doing, for the status bar
    exported = Signal(object)  # onnx_export.ExportResult
    failed = Signal(str, str)  # plain message, details

    def __init__(self, signals: SessionSignals, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = signals.session
        self.window = parent
        self.runner = TaskRunner(self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)

    def export(self, path: str | Path) -> bool:
        """Start writing ``path``; False when there is no model or an export is still running."""
        model = self.session.model_to_save()
        if model is None:
            return False
        source = self.session.model_source or None

        def steps(cancel):
            from desktop_app.core.export.onnx_export import export_steps  # imported with the engine

            return (yield from export_steps(model, path, model_path=source, cancel=cancel))

        return self.runner.start(steps)

    def choose_path(self) -> bool:
        """Ask where to write; True when an export started."""
        if self.session.model is None:
            return False
        name = Path(self.session.model_source).stem if self.session.model_source else "model"
        start = Path(settings.last_folder("model")) / f"{name}.onnx"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export for other programs"), str(start),
                                              QCoreApplication.translate("FileFilters", ONNX_FILE_FILTER))
        return bool(path) and self.export(path)

    def stop(self, timeout_ms: int) -> bool:
        return self.runner.stop(timeout_ms)

    @Slot(object)
    def _on_event(self, event) -> None:
        message = getattr(event, "message", "")
        if message:
            self.progress.emit(message)

    @Slot(object)
    def _on_finished(self, result) -> None:
        from desktop_app.core.export.onnx_export import export_summary

        settings.remember_folder("model", str(result.onnx_path))
        self.exported.emit(result)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export for other programs"),
                          export_summary(result), QMessageBox.StandardButton.Ok, self.window)
        box.open()

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.failed.emit(message, details)
        show_error(self.window, self.tr("Export for other programs"), message, details)
