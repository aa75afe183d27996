"""Start-up never freezes: the engine is imported before any thread starts, no child process or unbounded wait on
the GUI thread, devices found in the background, and a folder opened at the same moment as the window."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.core import devices, preload  # noqa: E402
from desktop_app.gui import settings  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.startup import StartupSplash, load_engine_with_splash  # noqa: E402
from desktop_app.gui.worker import TaskRunner, abandoned_threads_running  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402
from tests.gui_helpers import close_message_boxes  # noqa: E402


def test_window_starts_and_opens_a_folder_at_once_twenty_times(qtbot, tmp_path):
    """The race seen on X11: a folder opened in the first moments after launch, while thumbnails load."""
    folder = write_class_folders(tmp_path / "data", per_class=6, size=40)
    for attempt in range(20):
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        assert window.open_dataset(folder)
        qtbot.waitUntil(lambda: not window.dataset_tab.scanning(), timeout=20_000)
        assert window.dataset_tab.dataset is not None, f"attempt {attempt + 1}: the scan never finished"
        assert len(window.dataset_tab.dataset) == 18
        window.dataset_tab.thumbnail_view.resize(500, 300)  # thumbnails decode on pool threads meanwhile
        QApplication.processEvents()
        close_message_boxes()
        window.close()


def test_gui_thread_starts_no_child_process_while_building_the_window(qtbot, monkeypatch, tmp_path):
    """ctypes.util.find_library runs ldconfig/gcc as a child process; on the GUI thread it hung the window."""
    calls = []
    real_popen = subprocess.Popen.__init__

    def recording_popen(self, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            calls.append(args[0] if args else kwargs.get("args"))
        return real_popen(self, *args, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", recording_popen)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_dataset(write_class_folders(tmp_path / "data", per_class=3, size=32))
    qtbot.waitUntil(lambda: not window.dataset_tab.scanning(), timeout=20_000)
    window._fill_recent_menu()
    window.close()
    assert calls == []


def test_devices_are_found_in_the_background_and_shown(qtbot, window):
    qtbot.waitUntil(lambda: devices.known_device_report() is not None, timeout=30_000)
    qtbot.waitUntil(lambda: "Looking" not in window.train_tab.device_label.text(), timeout=5_000)
    report = devices.known_device_report()
    assert window.device_label.text() == report.status or window.train_tab.cpu_check.isChecked()
    assert ("CPU" in window.train_tab.device_label.text()) or ("GPU" in window.train_tab.device_label.text())
    assert str(window.compute_device()) in (report.auto, "cpu")


def test_a_new_window_gets_the_known_devices_at_once(qtbot, window):
    qtbot.waitUntil(lambda: devices.known_device_report() is not None, timeout=30_000)
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.train_tab.device_status == devices.known_device_report().status
    second.close()


def test_splash_names_each_step_of_loading(qtbot):
    app = QApplication.instance()
    seen = []
    original = StartupSplash.show_step

    def recording(self, number, total, label):
        seen.append(label)
        original(self, number, total, label)

    StartupSplash.show_step = recording
    try:
        splash = load_engine_with_splash(app)
    finally:
        StartupSplash.show_step = original
    assert preload.engine_loaded()
    assert "Starting" in splash.step_text and "window" in splash.step_text
    assert seen[-1] == "the window"
    splash.close()


def test_closing_never_waits_long_for_a_stuck_step(qtbot):
    """A step stuck in a read that ignores cancel: stop() returns within its limit and the thread is kept."""
    release = threading.Event()

    def stuck(cancel):
        release.wait(30)  # like a read from a dead network share
        yield from ()
        return None

    runner = TaskRunner()
    assert runner.start(stuck)
    started = time.monotonic()
    assert runner.stop(300) is False
    assert time.monotonic() - started < 2.0
    assert not runner.running
    assert abandoned_threads_running()
    release.set()
    qtbot.waitUntil(lambda: not abandoned_threads_running(), timeout=5_000)


def test_remembered_folder_on_a_hung_share_is_given_up_quickly(monkeypatch):
    release = threading.Event()
    started = time.monotonic()
    assert settings.path_check_within(lambda path: release.wait(10), "/some/share", seconds=0.2) is False
    assert time.monotonic() - started < 1.0
    release.set()
    assert settings.path_check_within(Path.is_dir, str(Path.home())) is True


def test_app_entry_point_shows_the_window_after_the_splash(tmp_path):
    """``python -m desktop_app`` for real, in its own process: the window appears and the app quits cleanly."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop_app.gui import app as gui_app\n"
        "application = gui_app.create_application([sys.argv[0]])\n"
        "def check():\n"
        "    from desktop_app.gui.main_window import MainWindow\n"
        "    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]\n"
        "    if not shown:\n"
        "        return\n"
        "    poll.stop()\n"
        "    print('WINDOWS', len(shown), flush=True)\n"
        "    shown[0].open_dataset(sys.argv[1])\n"
        "    QTimer.singleShot(1500, application.quit)\n"
        "poll = QTimer()\n"
        "poll.timeout.connect(check)\n"
        "poll.start(50)\n"
        "sys.exit(gui_app.run([sys.argv[0]]))\n"
    )
    folder = write_class_folders(tmp_path / "data", per_class=3, size=32)
    result = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True,
                            timeout=240, cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WINDOWS 1" in result.stdout
