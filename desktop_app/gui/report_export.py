"""File > Export report...: the model in use written as one self-contained HTML file (core/report), on the
worker; the window says where it went, or why it could not."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow

from desktop_app.gui import settings
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.widgets import show_error
from desktop_app.gui.worker import TaskRunner


class ReportExport(QObject):
    """Owns the menu action (enabled while there is a model) and the background writing."""

    written = Signal(str)  # the report's path
    failed = Signal(str, str)

    def __init__(self, signals: SessionSignals, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = signals.session
        self.action = QAction(self.tr("Export &report..."), window)
        self.action.setToolTip(self.tr("Write one web page with the dataset, settings, curves, test results and "
                                       "record of the model, to hand in or keep"))
        self.action.triggered.connect(self.choose_and_write)
        self.action.setEnabled(False)
        signals.model_changed.connect(self._on_model_changed)
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._on_written)
        self.runner.failed.connect(self._on_failed)

    @Slot(object, object)
    def _on_model_changed(self, model, _evaluation) -> None:
        self.action.setEnabled(model is not None)

    @Slot()
    def choose_and_write(self) -> bool:
        if self.session.model is None:
            return False
        source = self.session.model_source
        start = str(Path(source).with_suffix(".html")) if source else str(
            Path(settings.last_folder("report")) / "report.html")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export a report"), start,
                                              self.tr("Web page (*.html)"))
        return bool(path) and self.write(path)

    def write(self, path: str | Path) -> bool:
        """Write the report of the session's model (its own test results) to ``path`` in the background. The
        file dialog has asked before replacing a file; a model or a picture is still never replaced."""
        model, evaluation, source = self.session.model, self.session.evaluation, self.session.model_source
        if model is None or self.runner.running:
            return False
        path = str(path)

        def step(cancel):
            from desktop_app.core.report.report_file import make_report  # imported with the engine

            return make_report(model, path, evaluation=evaluation, model_path=source or None, force=True,
                               cancel=cancel)

        if not self.runner.start(step):
            return False
        settings.remember_folder("report", str(Path(path).parent))
        self.window.statusBar().showMessage(self.tr("Writing the report..."))
        return True

    def stop(self, timeout_ms: int) -> bool:
        return self.runner.stop(timeout_ms)

    @Slot(object)
    def _on_written(self, result) -> None:
        self.window.statusBar().showMessage(self.tr("Wrote the report to {path}").format(path=result.path), 8000)
        self.written.emit(str(result.path))

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.window.statusBar().clearMessage()
        self.failed.emit(message, details)
        show_error(self.window, self.tr("Export report"), message, details)
