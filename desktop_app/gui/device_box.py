"""The "Where the computing happens" box of the Train tab: the devices found and the "CPU only" choice, which
is the session's device preference (prediction and evaluation use it too)."""
from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_app.gui import settings
from desktop_app.gui.session_signals import SessionSignals


class DeviceBox(QGroupBox):
    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Where the computing happens"), parent)
        self.session = signals.session
        layout = QVBoxLayout(self)
        self.device_label = QLabel(self.tr("Looking for a GPU that can speed up training..."))
        self.device_label.setWordWrap(True)
        self.cpu_check = QCheckBox(self.tr("Use the &CPU only (slower, but always works)"))
        self.cpu_check.setChecked(bool(settings.read("train/force_cpu", False)))
        self.session.set_force_cpu(self.cpu_check.isChecked())
        self.cpu_check.toggled.connect(self._on_cpu_toggled)
        self.cpu_check.setVisible(False)  # a choice only once a GPU is found
        layout.addWidget(self.device_label)
        layout.addWidget(self.cpu_check)
        signals.device_changed.connect(self._show_device)
        self._show_device()

    @property
    def device_status(self) -> str:
        """One line about the best device found (the core's words), or that it is still being looked for."""
        report = self.session.device_report
        return report.status if report is not None else self.tr("Looking for a GPU...")

    def status_text(self) -> str:
        """For the status bar: the device that computes now."""
        if self.session.cpu_chosen_over_gpu:
            return self.tr("CPU (chosen on the Train tab)")
        return self.device_status

    @Slot()
    def _show_device(self) -> None:
        report = self.session.device_report
        if report is not None:
            self.device_label.setText(report.explanation)
            self.cpu_check.setVisible(report.gpu_found or self.session.force_cpu)  # checked: it can be unticked
        if self.cpu_check.isChecked() != self.session.force_cpu:
            self.cpu_check.setChecked(self.session.force_cpu)

    @Slot(bool)
    def _on_cpu_toggled(self, on: bool) -> None:
        settings.set_value("train/force_cpu", on)
        self.session.set_force_cpu(on)
