"""User cache and settings folders (platformdirs), overridable by environment for tests and portable use.

A cache folder that cannot be made or written (read-only home, ``XDG_CACHE_HOME`` or ``DESKTOP_APP_CACHE_DIR``
pointing at a file) only switches the caches off: ``cache_dir`` raises ``CacheUnavailable`` (an OSError, which
every cache user catches) and ``cache_warning`` gives the one warning to show.
"""
from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

import platformdirs

from desktop_app import APP_ID
from desktop_app.core.errors import UserError
from desktop_app.core.names import display_path


class CacheUnavailable(UserError, OSError):
    """The cache folder cannot be used; work goes on without the cache."""


_LOCK = threading.Lock()
_cache_problem: str | None = None
_cache_problem_shown = False


def _cache_location() -> Path:
    return Path(os.environ.get("DESKTOP_APP_CACHE_DIR") or platformdirs.user_cache_dir(APP_ID, appauthor=False))


def cache_dir() -> Path:
    """The cache folder, made if needed; CacheUnavailable when it cannot be made or written."""
    global _cache_problem
    try:
        path = _cache_location()
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK):
            raise PermissionError(13, "no permission to write", str(path))
        return path
    except CacheUnavailable:
        raise
    except (OSError, RuntimeError) as exc:
        where = display_path(_safe_location())
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        message = (f"The cache folder {where} cannot be used ({reason}), so nothing is cached: work is slower "
                   "but correct. Set DESKTOP_APP_CACHE_DIR to a folder you can write to.")
        with _LOCK:
            _cache_problem = _cache_problem or message
        raise CacheUnavailable(message) from exc


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
            f"The settings folder {where} cannot be used ({reason}), so the app starts with its usual settings "
            "and will not remember your choices. Set DESKTOP_APP_CONFIG_DIR to a folder you can write to.") from exc
