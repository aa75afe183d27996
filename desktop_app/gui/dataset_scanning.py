"""The Dataset tab's scanning: open a dataset folder (or the sample) in the background, show its progress, and take
what it found as the session's dataset. Mixed into ``DatasetTab``, whose runner, widgets and session it uses."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.data import dataset as core_dataset
from desktop_app.core.data import folder_scan
from desktop_app.core.errors import UserError
from desktop_app.core.events import Phase, Progress
from desktop_app.core.output.wording import looking_in_text, pictures_text, progress_time_left
from desktop_app.gui import settings
from desktop_app.gui.dataset_work import ScanResult, scanned
from desktop_app.gui.widgets import show_error


class DatasetScanning:
    """Needs from the tab: dataset, runner, dataset_facts, progress_bar, status_label, cancel_button,
    _file_problems, _pending_add, split_settings(), _refused_while_training(), _update_buttons(),
    _show_dataset()."""

    @Slot()
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the dataset folder"),
                                                  settings.last_folder("dataset"))
        if folder:
            self.open_folder(folder)

    def open_folder(self, folder: str | Path) -> bool:
        """Scan a folder of class folders in the background; replaces the current dataset."""
        folder = str(folder)
        if self._refused_while_training():
            return False
        self._pending_add = None
        shares = self.split_settings()
        if not self.runner.start(lambda cancel: scanned(folder_scan.scan_folder(folder, cancel=cancel), None,
                                                               shares)):
            return False
        settings.remember_folder("dataset", folder)
        self._scan_started(looking_in_text(folder))
        self._last_opened = folder
        return True

    @Slot()
    def load_sample(self) -> bool:
        from desktop_app.core.data import sample_data

        try:
            path = sample_data.sample_dataset_path()
        except UserError as exc:
            show_error(self, self.tr("Sample dataset"), str(exc))
            return False
        return self.open_folder(path)

    def _scan_started(self, message: str) -> None:
        self.progress_bar.setVisible(True)
        self.progress_bar.setRange(0, 0)
        self.status_label.setText(message)
        self.cancel_button.setVisible(True)
        self._update_buttons()

    @Slot(object)
    def _on_event(self, event) -> None:
        if isinstance(event, Phase):
            self.status_label.setText(event.message)
        elif isinstance(event, Progress) and event.total > 0:
            self.progress_bar.setRange(0, event.total)
            self.progress_bar.setValue(event.done)
            left = progress_time_left(event)
            text = self.tr("Checked {done} / {total} pictures").format(done=f"{event.done:,}",
                                                                       total=f"{event.total:,}")
            if left:
                text += " - " + left
            self.status_label.setText(text)

    @Slot(object)
    def _on_scanned(self, result: "ScanResult") -> None:
        report = result.report
        if self._pending_add is not None and self.dataset is not None and result.merged is not None:
            shown = result.merged
            self.dataset_facts.remember(result, shown)
            self._file_problems += [p for p in report.problems if not core_dataset.is_class_level(p)]
        else:
            shown = report.dataset if len(report.dataset) else None
            self.dataset_facts.remember(result, shown)
            self._file_problems = [p for p in report.problems if not core_dataset.is_class_level(p)]
            if self._pending_add is None and getattr(self, "_last_opened", None):
                settings.remember_recent("datasets", self._last_opened)
        seconds = report.seconds
        if shown is not None:
            self.status_label.setText(self.tr("Found {n} in {c} classes ({s:.1f} s).").format(
                n=pictures_text(len(shown)), c=len(shown.class_names), s=seconds))
        else:
            self.status_label.setText(self.tr("No usable pictures found - see the problems below."))
        self._show_dataset(shown)

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.status_label.setText(message)
        show_error(self, self.tr("Cannot read this folder"), message, details)

    @Slot()
    def _on_cancelled(self) -> None:
        self.status_label.setText(self.tr("Scanning stopped. The previous dataset is unchanged."))

    @Slot()
    def _on_done(self) -> None:
        self.progress_bar.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_buttons()
