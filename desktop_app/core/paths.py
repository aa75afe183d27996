"""User cache and settings folders (platformdirs), overridable by environment for tests and portable use."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop_app import APP_ID


def cache_dir() -> Path:
    path = Path(os.environ.get("DESKTOP_APP_CACHE_DIR") or platformdirs.user_cache_dir(APP_ID, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = Path(os.environ.get("DESKTOP_APP_CONFIG_DIR") or platformdirs.user_config_dir(APP_ID, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
