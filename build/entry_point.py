"""What the packaged executable runs: the app's own ``python -m desktop_app`` entry.

With ``PICTURE_SORTER_STARTUP_PROBE=1`` in the environment the app reports when its event loop first runs
(the window is shown and painted by then) with the titles of the visible windows, and quits. build_and_test.sh
uses this to measure the time from launch to a usable window.
"""
import multiprocessing
import os
import sys
import time


def install_startup_probe() -> None:
    from PySide6 import QtCore, QtWidgets

    original_exec = QtWidgets.QApplication.exec

    def report_and_quit() -> None:
        app = QtWidgets.QApplication.instance()
        titles = [w.windowTitle() for w in app.topLevelWidgets() if w.isVisible() and not w.isHidden()]
        print(f"startup-probe: window shown at {time.time():.3f}; visible windows: {titles}", flush=True)
        app.exit(0 if titles else 3)

    def exec_with_probe(*_ignored):
        QtCore.QTimer.singleShot(0, report_and_quit)  # runs once pending show/paint events are handled
        return original_exec()

    QtWidgets.QApplication.exec = staticmethod(exec_with_probe)  # exec() is static in Qt 6


if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes of a frozen app re-enter here on Windows and macOS
    if "--self-test" in sys.argv[1:]:  # headless: no Qt import, so it also runs where there is no display
        from desktop_app.selftest import main as self_test

        sys.exit(self_test())
    if os.environ.get("PICTURE_SORTER_STARTUP_PROBE") == "1":
        install_startup_probe()
    from desktop_app.__main__ import main

    sys.exit(main())
