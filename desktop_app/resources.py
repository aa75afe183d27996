"""Paths to files that ship with the app, the same frozen (PyInstaller) and from source."""
from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller unpacks data next to the executable's _internal folder
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
