"""User cache and settings folders (platformdirs), overridable by environment for tests and portable use.

A cache folder that cannot be made or written (read-only home, ``XDG_CACHE_HOME`` or ``DESKTOP_APP_CACHE_DIR``
pointing at a file) only switches the caches off: ``cache_dir`` raises ``CacheUnavailable`` (an OSError, which
every cache user catches) and ``cache_warning`` gives the one warning to show. A cache user that finds its own
part unusable later (a file in the way, a full disk) says so with ``cache_switched_off``: the same one warning.
"""
from __future__ import annotations

import errno
import os
import tempfile
import threading
from pathlib import Path

import platformdirs

from desktop_app import APP_ID
from desktop_app.core.errors import UserError
from desktop_app.core.output.names import display_path
from desktop_app.core.output.translation import translate


class CacheUnavailable(UserError, OSError):
    """The cache folder cannot be used; work goes on without the cache."""


_LOCK = threading.Lock()
_cache_problem: str | None = None
_cache_problem_shown = False


def _cache_location() -> Path:
    return Path(os.environ.get("DESKTOP_APP_CACHE_DIR") or platformdirs.user_cache_dir(APP_ID, appauthor=False))


def cache_dir() -> Path:
    """The cache folder, made if needed; CacheUnavailable when it cannot be made or written."""
    try:
        path = _cache_location()
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK):
            raise PermissionError(13, translate("no permission to write"), str(path))
        return path
    except CacheUnavailable:
        raise
    except (OSError, RuntimeError) as exc:
        message = _note_cache_problem(_safe_location(), exc)
        raise CacheUnavailable(message) from exc


def cache_switched_off(where: str | os.PathLike, exc: BaseException) -> None:
    """Note that a part of the cache cannot be made or written (a file where its folder should be, a full disk):
    the cache user carries on without it, and ``cache_warning`` says so once."""
    if isinstance(exc, CacheUnavailable):
        return  # noted when it was raised
    cause = exc if isinstance(exc, OSError) else exc.__cause__
    if isinstance(cause, OSError):  # not an atomic write refused because the program is stopping
        _note_cache_problem(str(where), cause, "nothing more")


def _note_cache_problem(where: str, exc: BaseException, what: str = "nothing") -> str:
    global _cache_problem
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = translate("the disk is full")
        advice = translate("Free some space on that disk, or set DESKTOP_APP_CACHE_DIR to a folder on another one.")
    else:
        advice = translate("Set DESKTOP_APP_CACHE_DIR to a folder you can write to.")
    template = translate("The cache folder {folder} cannot be used ({reason}), so nothing more is cached: work is "
                         "slower but correct. {advice}") if what == "nothing more" else translate(
        "The cache folder {folder} cannot be used ({reason}), so nothing is cached: work is slower but correct. "
        "{advice}")
    message = template.format(folder=display_path(where), reason=reason, advice=advice)
    with _LOCK:
        _cache_problem = _cache_problem or message
    return message


def _safe_location() -> str:
    try:
        return str(_cache_location())
    except Exception:  # noqa: BLE001 - only for the message
        return "(unknown)"


def cache_warning() -> str | None:
    """The message about an unusable cache folder, the first time it is asked for after one; else None."""
    global _cache_problem_shown
    with _LOCK:
        if _cache_problem is None or _cache_problem_shown:
            return None
        _cache_problem_shown = True
        return _cache_problem


class SettingsUnavailable(UserError, OSError):
    """The settings folder cannot be used; the app runs on its defaults and remembers nothing new."""


def config_location() -> Path:
    """Where the settings folder is (``DESKTOP_APP_CONFIG_DIR`` or the platform's place), without touching disk."""
    return Path(os.environ.get("DESKTOP_APP_CONFIG_DIR") or platformdirs.user_config_dir(APP_ID, appauthor=False))


def config_dir() -> Path:
    """The settings folder, made if needed and tried with a real write (as root, permission bits say nothing);
    SettingsUnavailable when it cannot be made or written (read-only home, a file in its place)."""
    where = "(unknown)"
    try:
        path = config_location()
        where = display_path(path)
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path, prefix=".write-test-"):
            pass
        return path
    except (OSError, RuntimeError) as exc:  # RuntimeError: no home folder to be found
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SettingsUnavailable(
            translate("The settings folder {folder} cannot be used ({reason}), so the app starts with its usual "
                      "settings and will not remember your choices. Set DESKTOP_APP_CONFIG_DIR to a folder you can "
                      "write to.").format(folder=where, reason=reason)) from exc
