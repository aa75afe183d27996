"""Remembered choices (window geometry, last folders, recent items) in an ini file in the user's config folder.

The file lives in ``core.paths.config_dir()``, which tests point at a temporary folder.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings

from desktop_app.core.paths import config_dir

MAX_RECENT = 8
# A remembered folder on a network share that went away can make a plain exists() hang for minutes; the GUI
# thread gives such a check this long and then treats the path as not there.
PATH_CHECK_SECONDS = 0.3


def path_check_within(check: Callable[[Path], bool], path: str | Path, seconds: float = PATH_CHECK_SECONDS) -> bool:
    """``check(path)`` (e.g. ``Path.is_dir``) on a daemon thread, False when it errs or takes longer than allowed."""
    answer: list[bool] = []

    def run() -> None:
        try:
            answer.append(bool(check(Path(path))))
        except (OSError, ValueError):
            answer.append(False)

    worker = threading.Thread(target=run, name="path-check", daemon=True)
    worker.start()
    worker.join(seconds)
    return bool(answer and answer[0])


def app_settings() -> QSettings:
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_items(kind: str) -> list[str]:
    """Recently used paths of one kind ("datasets" or "models"), newest first, only those that still exist."""
    value = app_settings().value(f"recent/{kind}", [])
    if isinstance(value, str):  # QSettings returns a lone string for one-element lists
        value = [value]
    return [item for item in (value or []) if isinstance(item, str) and path_check_within(Path.exists, item)]


def remember_recent(kind: str, path: str | Path) -> None:
    path = str(path)
    items = [path] + [item for item in recent_items(kind) if item != path]
    settings = app_settings()
    settings.setValue(f"recent/{kind}", items[:MAX_RECENT])
    settings.sync()


def last_folder(key: str) -> str:
    value = app_settings().value(f"folders/{key}", "")
    return value if isinstance(value, str) and value and path_check_within(Path.is_dir, value) else str(Path.home())


def remember_folder(key: str, path: str | Path) -> None:
    folder = Path(path)
    if not path_check_within(Path.is_dir, folder):
        folder = folder.parent
    settings = app_settings()
    settings.setValue(f"folders/{key}", str(folder))
    settings.sync()


def value(key: str, default=None, type_=None):
    settings = app_settings()
    if type_ is None:
        return settings.value(key, default)
    try:
        return settings.value(key, default, type=type_)
    except (TypeError, ValueError):
        return default


def set_value(key: str, data) -> None:
    settings = app_settings()
    settings.setValue(key, data)
    settings.sync()
