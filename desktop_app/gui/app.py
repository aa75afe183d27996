"""Creating the QApplication (name, icon, translations) and the main window."""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.gui.language import install_translations
from desktop_app.gui.startup import Engine
from desktop_app.gui.worker import abandoned_threads_running
from desktop_app.resources import resource_path


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (32, 64, 256):
        path = resource_path("icons", f"app-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


# How long a thread running Python may keep the GIL while another waits for it (Python's default: 5 ms). Every
# paint or slot of the window calls into Python many times; with a worker busy in Python each call waited up to
# the full interval, and one repaint of the window after a 60,000-picture scan took half a second.
GIL_SWITCH_INTERVAL_S = 0.0005


def create_application(argv: list[str] | None = None) -> QApplication:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv if argv is not None else sys.argv))
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    install_translations(app)
    return app


def show_settings_notice(window) -> None:
    """Settings that could not be used (folder, file or values) get one plain message over the new window."""
    from desktop_app.gui import settings
    from desktop_app.gui.widgets import show_error

    notice = settings.take_notice()
    if notice:
        show_error(window, APP_NAME, notice)


def run(argv: list[str] | None = None) -> int:
    app = create_application(argv)
    try:
        # The window's own modules, on this thread, before any other thread exists; the engine (PyTorch,
        # scikit-learn, timm) follows on one background thread once the window shows (gui/startup.py).
        from desktop_app.core import preload

        preload.load_window_modules()
        from desktop_app.gui.main_window import MainWindow  # after QApplication: pyqtgraph reads the palette
    except ImportError as exc:  # a damaged installation: say so instead of a traceback nobody sees
        QMessageBox.critical(None, APP_NAME, QCoreApplication.translate(
            "App", "{app} cannot start because part of it is missing or damaged ({error}). Reinstall the app.")
            .format(app=APP_NAME, error=exc))
        return 1

    window = MainWindow()
    window.show()
    show_settings_notice(window)
    code = app.exec()
    if abandoned_threads_running() or Engine.shared().busy:
        # A background step did not stop in time when the window closed (a stuck file read, a GPU driver), or
        # the engine is still being imported. Tearing Python and Qt down under a running thread could crash or
        # hang; leave at once instead (every file the app writes is already complete: writes are atomic).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
