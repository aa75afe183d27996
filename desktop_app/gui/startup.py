"""Start-up without freezes: the engine is imported on the GUI thread in steps behind a splash screen, before any
other thread exists; the compute devices are looked up once, in the background.

The rule (docs/architecture.md, "Threads"): heavy modules are imported by one thread only, and the GUI thread never
starts a child process, searches for libraries or waits without a time limit.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen

from desktop_app import APP_NAME, __version__
from desktop_app.core import preload


class StartupSplash(QSplashScreen):
    """A small card with the app's name and what is being loaded, repainted between the import steps."""

    WIDTH, HEIGHT = 440, 150

    def __init__(self) -> None:
        super().__init__(self._card())
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, False)
        self.step_text = ""
        self._fraction = 0.0

    def _card(self) -> QPixmap:
        ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
        pixmap = QPixmap(int(self.WIDTH * ratio), int(self.HEIGHT * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor(38, 70, 120))
        painter = QPainter(pixmap)
        painter.setPen(QColor("white"))
        title = QFont()
        title.setPointSize(18)
        title.setBold(True)
        painter.setFont(title)
        painter.drawText(QRect(24, 20, self.WIDTH - 48, 40), Qt.AlignmentFlag.AlignLeft, APP_NAME)
        small = QFont()
        small.setPointSize(10)
        painter.setFont(small)
        painter.drawText(QRect(24, 60, self.WIDTH - 48, 24), Qt.AlignmentFlag.AlignLeft,
                         self.tr("Version {version}. Works offline.").format(version=__version__))
        painter.end()
        return pixmap

    def show_step(self, number: int, total: int, label: str) -> None:
        self.step_text = self.tr("Starting ({number} of {total}): loading {what}...").format(
            number=number, total=total, what=label)
        self._fraction = (number - 1) / max(1, total)
        self.showMessage(self.step_text)  # repaints through drawContents
        QApplication.processEvents()

    def drawContents(self, painter: QPainter) -> None:  # noqa: N802 - Qt API
        painter.setPen(QColor("white"))
        painter.drawText(QRect(24, self.HEIGHT - 58, self.WIDTH - 48, 24), Qt.AlignmentFlag.AlignLeft,
                         self.step_text)
        track = QRect(24, self.HEIGHT - 28, self.WIDTH - 48, 6)
        painter.fillRect(track, QColor(255, 255, 255, 60))
        painter.fillRect(QRect(track.x(), track.y(), int(track.width() * self._fraction), track.height()),
                         QColor(255, 255, 255))


def load_engine_with_splash(app: QApplication) -> StartupSplash:
    """Show the splash and import the engine on this (the GUI) thread; the caller closes the splash."""
    splash = StartupSplash()
    splash.show()
    app.processEvents()
    preload.load_engine(splash.show_step)
    splash.show_step(len(preload.ENGINE_STEPS), len(preload.ENGINE_STEPS), splash.tr("the window"))
    return splash


class DeviceProbe(QObject):
    """Finds the compute devices once per process on a daemon thread and reports them in the GUI thread.

    A daemon thread, not a QThread: a GPU driver that never answers must not keep the app from closing.
    """

    found = Signal(object)  # core.devices.DeviceReport, delivered in the GUI thread (this object lives there)

    _instance: "DeviceProbe | None" = None

    @classmethod
    def shared(cls) -> "DeviceProbe":
        if cls._instance is None:
            cls._instance = DeviceProbe()
            cls._instance.moveToThread(QApplication.instance().thread())
        return cls._instance

    def __init__(self) -> None:
        super().__init__()
        self._started = False

    def start(self) -> None:
        """Begin the look-up (once); ``found`` follows. Callers first check ``devices.known_device_report()``."""
        if self._started:
            return
        self._started = True
        threading.Thread(target=self._probe, name="device-probe", daemon=True).start()

    def _probe(self) -> None:
        from desktop_app.core import devices

        report = devices.device_report()
        try:
            self.found.emit(report)
        except RuntimeError:  # the app closed while the driver answered
            pass
