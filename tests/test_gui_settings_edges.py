"""Start-up survives its settings and its home: a settings folder that cannot be made or written, a settings file
that cannot be written, values of the wrong type or absurd size. The window starts with the usual settings,
says so once, and a dataset still opens.

Tests run as root, which ignores permission bits, so "cannot be written" is made in ways that hold for root too:
a file where the folder should be, a settings.ini that is a folder, and /proc/sys (an existing folder in which
nobody can create a file) as the settings folder or the home.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from desktop_app.gui import settings  # noqa: E402
from desktop_app.gui.app import show_settings_notice  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402
from tests.gui_helpers import close_message_boxes, open_folder  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _unwritable_folder() -> str | None:
    """An existing folder where even root cannot create a file, or None where there is none."""
    try:
        with tempfile.TemporaryFile(dir="/proc/sys"):
            return None
    except OSError:
        return "/proc/sys" if os.path.isdir("/proc/sys") else None


UNWRITABLE = _unwritable_folder()


@pytest.fixture(autouse=True)
def fresh_settings_session(monkeypatch):
    """Each test is a new start of the app as far as settings go (the notice is given once per process)."""
    monkeypatch.setattr(settings, "_session", settings._Session())


def start_window(qtbot) -> tuple[MainWindow, str | None]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    notice = settings.take_notice()
    return window, notice


def assert_usual_settings(window: MainWindow) -> None:
    assert window.model_tab.classifier == "softmax" and window.model_tab.features == "pretrained"
    assert window.model_tab.auto_tune
    split = window.dataset_tab.split_group
    assert (split.val_spin.value(), split.test_spin.value(), split.seed_spin.value()) == (15, 15, 0)
    assert not window.train_tab.cpu_check.isChecked()
    assert window.tabs.currentIndex() == 0


def open_a_dataset(qtbot, window: MainWindow, folder: Path) -> None:
    open_folder(qtbot, window, write_class_folders(folder, per_class=3, size=24))
    assert window.dataset_tab.dataset is not None and len(window.dataset_tab.dataset) == 9
    window.train_tab.update_readiness()  # reads the remembered time per picture


def unusable_folders(tmp_path: Path) -> list[tuple[str, str]]:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("a file where the settings folder should be")
    cases = [("a file", str(a_file)), ("inside a file", str(a_file / "config"))]
    if UNWRITABLE:
        cases.append(("unwritable", UNWRITABLE))
    return cases


@pytest.mark.parametrize("case", ["a file", "inside a file", "unwritable"])
def test_a_settings_folder_that_cannot_be_used_starts_with_defaults_and_one_message(qtbot, tmp_path, monkeypatch,
                                                                                      case):
    folders = dict(unusable_folders(tmp_path))
    if case not in folders:
        pytest.skip("no folder here that root cannot write to")
    monkeypatch.setenv("DESKTOP_APP_CONFIG_DIR", folders[case])
    window, notice = start_window(qtbot)
    assert_usual_settings(window)
    assert notice is not None and "cannot be used" in notice and "DESKTOP_APP_CONFIG_DIR" in notice
    assert settings.take_notice() is None  # one message, not one per setting or per window

    window.model_tab.set_choice("knn", "pixels", False)  # writes settings: kept for this session only
    assert settings.read("model/classifier", "softmax", choices=("softmax", "knn")) == "knn"
    open_a_dataset(qtbot, window, tmp_path / "data")
    assert settings.recent_items("datasets") == [str(tmp_path / "data")]
    window.close()
    assert settings.take_notice() is None
    if case != "unwritable":
        assert Path(folders["a file"]).read_text() == "a file where the settings folder should be"


def test_a_settings_file_that_cannot_be_written_keeps_choices_for_the_session(qtbot, tmp_path, monkeypatch):
    """settings.ini is a folder (as root, the way to make a file nobody can write): choices stay in memory."""
    config = tmp_path / "config"
    (config / "settings.ini").mkdir(parents=True)
    monkeypatch.setenv("DESKTOP_APP_CONFIG_DIR", str(config))
    window, notice = start_window(qtbot)  # the Model tab writes its choice as it restores it
    assert_usual_settings(window)
    assert notice is not None and "cannot be written" in notice
    window.model_tab.set_choice("svm", "pixels", True)
    assert settings.read("model/classifier", "softmax", choices=("softmax", "svm")) == "svm"
    assert settings.take_notice() is None
    open_a_dataset(qtbot, window, tmp_path / "data")
    window.close()


ABSURD_INI = """[model]
classifier=knn, svm
features=@ByteArray(pixels)
auto_tune=maybe

[dataset]
val_percent=1e308
test_percent=-3
seed=99999999999999999999999999

[train]
force_cpu=banana
{rates}

[window]
tab=7
geometry=not geometry

[recent]
datasets=@Rect(1 2 3 4)

[folders]
dataset=a, list, of, folders
"""


@pytest.mark.parametrize("rate", ["nan", "inf", "-inf", "1e308", "-1", "0x10", "9" * 5000])
def test_absurd_remembered_values_fall_back_to_defaults_with_one_message(qtbot, tmp_path, monkeypatch, rate):
    config = tmp_path / "config"
    config.mkdir()
    rates = "\n".join(f"seconds_per_picture\\{classifier}\\{features}={rate}"
                      for classifier in ("softmax", "knn", "svm") for features in ("pixels", "pretrained"))
    (config / "settings.ini").write_text(ABSURD_INI.format(rates=rates))
    monkeypatch.setenv("DESKTOP_APP_CONFIG_DIR", str(config))
    window, notice = start_window(qtbot)
    assert_usual_settings(window)
    assert notice is not None and "model/classifier" in notice and "dataset/val_percent" in notice
    assert settings.last_folder("dataset") == str(Path.home())
    assert settings.recent_items("datasets") == []

    open_a_dataset(qtbot, window, tmp_path / "data")  # used to fail here on a rate of nan, inf or 1e308
    hint = window.train_tab.hint.text()
    assert "last run" not in hint and "nan" not in hint and "inf" not in hint
    window.close()
    assert settings.take_notice() is None

    # reported once: the bad values are gone from the file, and the next start has nothing to say
    monkeypatch.setattr(settings, "_session", settings._Session())
    text = (config / "settings.ini").read_text()
    # (the old seconds_per_picture rates are no longer read: the core measures this computer's speeds itself,
    # core/estimates.py, so they stay unread in the file)
    assert "knn, svm" not in text and "banana" not in text
    second, notice = start_window(qtbot)
    assert notice is None
    assert_usual_settings(second)
    second.close()


def test_remembered_values_written_by_the_app_come_back(qtbot, tmp_path, monkeypatch):
    """The checks take back every value the app itself writes, from the file as a new start reads it."""
    config = tmp_path / "config"
    monkeypatch.setenv("DESKTOP_APP_CONFIG_DIR", str(config))
    settings.set_value("model/classifier", "knn")
    settings.set_value("model/features", "pixels")
    settings.set_value("model/auto_tune", False)
    settings.set_value("dataset/val_percent", 20)
    settings.set_value("dataset/seed", 123)
    settings.set_value("train/force_cpu", True)
    settings.set_value("train/seconds_per_picture/knn/pixels", 0.0125)
    settings.set_value("window/tab", 2)
    settings.remember_folder("dataset", tmp_path)
    settings.remember_recent("datasets", tmp_path)
    # a new process reads text, not the values this one cached: read the file the way it would
    text = (config / "settings.ini").read_text()
    assert "knn" in text and "0.0125" in text

    script = r'''
import json, sys
from PySide6.QtCore import QByteArray
from desktop_app.gui import settings
print(json.dumps([settings.read("model/classifier", "softmax", choices=("softmax", "knn")),
                  settings.read("model/features", "pretrained", choices=("pretrained", "pixels")),
                  settings.read("model/auto_tune", True), settings.read("dataset/val_percent", 15, low=0, high=45),
                  settings.read("dataset/seed", 0, low=0, high=999999), settings.read("train/force_cpu", False),
                  settings.read("train/seconds_per_picture/knn/pixels", 0.0, low=0.0, high=3600.0),
                  settings.read("window/tab", 0, low=0, high=4), settings.last_folder("dataset"),
                  settings.recent_items("datasets"), settings.take_notice()]))
'''
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.splitlines()[-1]) == [
        "knn", "pixels", False, 20, 123, True, 0.0125, 2, str(tmp_path), [str(tmp_path)], None]


# The real start-up (gui.app.run) in a fresh interpreter with a home or config folder that cannot be used: the
# window shows with the notice over it, and a folder opened at once is read.
LAUNCH = r'''
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from desktop_app.gui import app as gui_app

folder = sys.argv[1]
application = gui_app.create_application([sys.argv[0]])
state = {}

def finish(**outcome):
    print("RESULT " + json.dumps(outcome), flush=True)
    application.quit()

def poll():
    windows = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()]
    if not windows:
        return
    window = windows[0]
    if "boxes" not in state:
        state["boxes"] = [box.text() for box in QApplication.topLevelWidgets()
                          if isinstance(box, QMessageBox) and box.isVisible()]
        window.open_dataset(folder)
        return
    if window.dataset_tab.scanning():
        return
    dataset = window.dataset_tab.dataset
    finish(boxes=state["boxes"], pictures=len(dataset) if dataset is not None else 0,
           classifier=window.model_tab.classifier)

timer = QTimer()
timer.timeout.connect(poll)
timer.start(20)
QTimer.singleShot(200_000, lambda: finish(boxes=None, pictures=0, classifier=None))
sys.exit(gui_app.run([sys.argv[0]]))
'''


@pytest.mark.slow
@pytest.mark.parametrize("home", ["XDG_CONFIG_HOME is a file", "read-only home"])
def test_the_app_starts_with_a_home_it_cannot_write(tmp_path, home):
    folder = write_class_folders(tmp_path / "data", per_class=3, size=24)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "DESKTOP_APP_CONFIG"))}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", DESKTOP_APP_CACHE_DIR=str(tmp_path / "cache"))
    if home == "read-only home":
        if not UNWRITABLE:
            pytest.skip("no folder here that root cannot write to")
        env["HOME"] = UNWRITABLE
        env["XDG_RUNTIME_DIR"] = str(tmp_path)  # Qt's own runtime folder, not what is tested here
    else:
        (tmp_path / "xdg-config").write_text("a file")
        env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    result = subprocess.run([sys.executable, "-c", LAUNCH, str(folder)], capture_output=True, text=True,
                            timeout=240, cwd=ROOT, env=env)
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert result.returncode == 0 and lines, result.stderr[-3000:]
    outcome = json.loads(lines[-1][len("RESULT "):])
    assert outcome["pictures"] == 9 and outcome["classifier"] == "softmax"
    assert len(outcome["boxes"]) == 1 and "will not remember your choices" in outcome["boxes"][0]
    assert "Traceback" not in result.stderr


def test_the_notice_is_shown_over_the_window(qtbot, tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("DESKTOP_APP_CONFIG_DIR", str(tmp_path / "file"))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    show_settings_notice(window)
    show_settings_notice(window)  # a second window or call says nothing more
    boxes = [box for box in QApplication.topLevelWidgets() if isinstance(box, QMessageBox) and box.isVisible()]
    assert len(boxes) == 1 and "cannot be used" in boxes[0].text()
    close_message_boxes()
    window.close()


def test_a_qsettings_file_the_app_wrote_is_read_with_the_same_checks(tmp_path, monkeypatch):
    """Types QSettings itself gives back (bool, int, float, list, QByteArray) pass; lists for text do not."""
    config = tmp_path / "config"
    config.mkdir()
    raw = QSettings(str(config / "settings.ini"), QSettings.Format.IniFormat)
    raw.setValue("a/text", ["knn", "svm"])
    raw.setValue("a/number", float("nan"))
    raw.setValue("a/flag", "yes please")
    raw.sync()
    monkeypatch.setenv("DESKTOP_APP_CONFIG_DIR", str(config))
    assert settings.read("a/text", "softmax") == "softmax"
    assert settings.read("a/number", 1.5, low=0.0) == 1.5
    assert settings.read("a/flag", True) is True
    assert settings.read("a/missing", 7, low=0, high=9) == 7
    notice = settings.take_notice()
    assert notice is not None and "a/text" in notice and "a/number" in notice and "a/flag" in notice
    assert "a/missing" not in notice
