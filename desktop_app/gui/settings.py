"""Remembered choices (window geometry, last folders, recent items) in an ini file in the user's config folder.

The file lives in ``core.paths.config_dir()``, which tests point at a temporary folder. Whatever is in it, the
window starts:
- every value comes back through ``read`` (or the path and list readers built on it), which checks its type and
  range or choices and falls back to the default otherwise (a hand-edited ``classifier=knn, svm`` reads back as
  a list; a remembered number can be nan or 1e308); a bad value is dropped from the file so it is reported once;
- when the folder cannot be made or written (read-only home, a file in its place), or the file cannot be
  written, settings live in memory for this session only.
Either way ``take_notice()`` gives one plain message, once, for the window to show.
"""
from __future__ import annotations

import math
import re
import threading
from pathlib import Path
from typing import Callable, Collection, TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

from desktop_app.core.output.names import display_path
from desktop_app.core.paths import SettingsUnavailable, config_dir, config_location

MAX_RECENT = 8
# A remembered folder on a network share that went away can make a plain exists() hang for minutes; the GUI
# thread gives such a check this long and then treats the path as not there.
PATH_CHECK_SECONDS = 0.3
# Longer number texts are not numbers anyone wrote (int() of thousands of digits is refused by Python anyway).
_INT_TEXT = re.compile(r"[+-]?\d{1,18}")
_MAX_NUMBER_TEXT = 64

T = TypeVar("T")



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


# -- where settings live ---------------------------------------------------------------------------------------
class _Store:
    """The ini file of one settings folder; this session's memory instead when the folder cannot be used, and on
    top of the file once the file cannot be written."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.writable = folder is not None
        self.memory: dict[str, object] = {}

    def qsettings(self) -> QSettings | None:
        if self.folder is None:
            return None
        return QSettings(str(self.folder / "settings.ini"), QSettings.Format.IniFormat)

    def get(self, key: str):
        """The raw value (any type QSettings makes of the text), None when there is none."""
        if key in self.memory or self.folder is None:
            return self.memory.get(key)
        settings = self.qsettings()
        if settings.status() == QSettings.Status.FormatError:
            _note(QCoreApplication.translate(
                "Settings", "The settings file could not be read, so the usual settings are used."))
            return None
        return settings.value(key)

    def set(self, key: str, data) -> None:
        if self.writable:
            settings = self.qsettings()
            settings.setValue(key, data)
            settings.sync()
            if settings.status() == QSettings.Status.NoError:
                return
            self.writable = False  # e.g. settings.ini is a folder or read-only: keep choices in memory
            _note(QCoreApplication.translate(
                "Settings", "The settings file in {folder} cannot be written, so your choices will not be "
                "remembered next time.").format(folder=display_path(config_location())))
        self.memory[key] = data

    def remove(self, key: str) -> None:
        self.memory.pop(key, None)
        if self.writable:
            settings = self.qsettings()
            settings.remove(key)
            settings.sync()


class _Session:
    """What this process found out: the store of each settings folder (checked once) and what to tell the user."""

    def __init__(self) -> None:
        self.stores: dict[str, _Store] = {}
        self.notes: list[str] = []
        self.reset_keys: list[str] = []
        self.notice_given = False


_session = _Session()


def _store() -> _Store:
    """The store of the current settings folder (tests change it per test); its folder is checked once."""
    try:
        location = str(config_location())
    except RuntimeError:  # no home folder at all
        location = ""
    store = _session.stores.get(location)
    if store is None:
        try:
            store = _Store(config_dir())
        except SettingsUnavailable as exc:
            store = _Store(None)
            _note(str(exc))
        _session.stores[location] = store
    return store


def _note(message: str) -> None:
    if message not in _session.notes:
        _session.notes.append(message)


def take_notice() -> str | None:
    """One plain message about settings that could not be used (folder, file or values), the first time it is
    asked for once there is something to say; None otherwise. Later problems fall back to defaults quietly."""
    if _session.notice_given or not (_session.notes or _session.reset_keys):
        return None
    _session.notice_given = True
    parts = list(_session.notes)
    if _session.reset_keys:
        parts.append(QCoreApplication.translate(
            "Settings", "Some remembered settings were not valid and were put back to their usual values: "
            "{keys}.").format(keys=", ".join(_session.reset_keys)))
    return " ".join(parts)


# -- reading, validated in one place ---------------------------------------------------------------------------
class _Invalid(Exception):
    pass


def _as_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false", "1", "0"):
        return raw.strip().lower() in ("true", "1")
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    raise _Invalid


def _as_int(raw) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and _INT_TEXT.fullmatch(raw.strip()):
        return int(raw)
    raise _Invalid


def _as_float(raw) -> float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = float(raw)
    elif isinstance(raw, str) and len(raw) <= _MAX_NUMBER_TEXT:
        try:
            number = float(raw)
        except ValueError:
            raise _Invalid from None
    else:
        raise _Invalid
    if not math.isfinite(number):
        raise _Invalid
    return number


def _convert(raw, default):
    if isinstance(default, bool):
        return _as_bool(raw)
    if isinstance(default, int):
        return _as_int(raw)
    if isinstance(default, float):
        return _as_float(raw)
    if isinstance(default, (str, QByteArray)) and isinstance(raw, type(default)):
        return raw
    raise _Invalid


def read(key: str, default: T, *, choices: Collection | None = None, low=None, high=None) -> T:
    """The remembered value of ``key`` when it has the default's type (bool, int, float, str or QByteArray) and
    lies within ``low``..``high`` or among ``choices``; else ``default``. A value that is there but not valid is
    dropped from the file and named in the start-up notice."""
    store = _store()
    raw = store.get(key)
    if raw is None:
        return default
    try:
        value = _convert(raw, default)
        if choices is not None and value not in choices:
            raise _Invalid
        if (low is not None and value < low) or (high is not None and value > high):
            raise _Invalid
    except _Invalid:
        _reject(store, key)
        return default
    return value


def _reject(store: _Store, key: str) -> None:
    if key not in _session.reset_keys:
        _session.reset_keys.append(key)
    store.remove(key)


def set_value(key: str, data) -> None:
    _store().set(key, data)


def read_paths(key: str) -> list[str]:
    """A remembered list of paths: a lone string is a one-element list (QSettings' way); anything else is []."""
    store = _store()
    raw = store.get(key)
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        _reject(store, key)
        return []
    return [item for item in raw if isinstance(item, str) and item]


def recent_items(kind: str) -> list[str]:
    """Recently used paths of one kind ("datasets" or "models"), newest first, only those that still exist."""
    return [item for item in read_paths(f"recent/{kind}") if path_check_within(Path.exists, item)]


def remember_recent(kind: str, path: str | Path) -> None:
    path = str(path)
    items = [path] + [item for item in recent_items(kind) if item != path]
    set_value(f"recent/{kind}", items[:MAX_RECENT])


def last_folder(key: str, fallback: str | Path | None = None) -> str:
    """The folder last used for ``key``, else ``fallback`` (e.g. beside the dataset), else the home folder."""
    for value in (read(f"folders/{key}", ""), fallback):
        if value and path_check_within(Path.is_dir, value):
            return str(value)
    return str(Path.home())


def remember_folder(key: str, path: str | Path) -> None:
    folder = Path(path)
    if not path_check_within(Path.is_dir, folder):
        folder = folder.parent
    set_value(f"folders/{key}", str(folder))
