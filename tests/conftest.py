"""Shared fixtures: small, learnable image folders written to disk by the tests themselves."""
from __future__ import annotations

import gc
import importlib.abc
import os
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop_app.selftest import draw_picture

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Three classes a classifier can learn from raw pixels and from pretrained features alike.
CLASS_STYLES = {
    "circles": ((220, 40, 40), "ellipse"),
    "squares": ((40, 180, 60), "rectangle"),
    "stripes": ((40, 70, 220), "stripes"),
}


def draw_example(style: str, colour, rng: np.random.Generator, size: int = 48) -> Image.Image:
    # the same drawing as the app's self-test, so both check the app on the same kind of pictures
    return draw_picture(style, colour, rng, size)


def write_class_folders(root: Path, per_class: int = 12, seed: int = 0, size: int = 48,
                        classes: dict | None = None, suffix: str = ".png") -> Path:
    rng = np.random.default_rng(seed)
    for name, (colour, style) in (classes or CLASS_STYLES).items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            draw_example(style, colour, rng, size).save(folder / f"{name}_{seed}_{i:03d}{suffix}")
    return root


def pytest_addoption(parser):
    parser.addoption("--gui-only", action="store_true",
                     help="run only the window tests (tests/test_gui_*.py), e.g. again on a real X server")
    parser.addoption("--without-gui", action="store_true",
                     help="run all but the window tests (run.py runs those in a second process meanwhile)")


def pytest_collection_modifyitems(config, items):
    gui_only, without_gui = config.getoption("--gui-only"), config.getoption("--without-gui")
    if not (gui_only or without_gui):
        return
    keep = [item for item in items if item.path.name.startswith("test_gui") == gui_only]
    dropped = [item for item in items if item.path.name.startswith("test_gui") != gui_only]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture
def image_folder(tmp_path: Path) -> Path:
    """<tmp>/data/{circles,squares,stripes}/*.png, 12 images each."""
    return write_class_folders(tmp_path / "data")


@pytest.fixture
def split_image_folder(tmp_path: Path) -> Path:
    """<tmp>/split/{train,test}/{circles,squares,stripes}/*.png."""
    root = tmp_path / "split"
    write_class_folders(root / "train", per_class=12, seed=1)
    write_class_folders(root / "test", per_class=5, seed=2)
    return root


@pytest.fixture
def window(qtbot):
    """The real main window, shown (offscreen), closed after the test (any message box left open closed)."""
    from desktop_app.gui.main_window import MainWindow
    from tests.gui_helpers import close_window

    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    yield main
    close_window(main)  # "Don't save" when it asks about a model trained in the test


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep caches and settings of the tests away from the user's own folders."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("DESKTOP_APP_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("DESKTOP_APP_CONFIG_DIR", str(base / "config"))
    yield


class BackgroundImportRecorder(importlib.abc.MetaPathFinder):
    """Notes every module that a thread other than the main one imports for the first time.

    Only the engine thread imports (core/preload.py): two threads importing at once can deadlock. In this test
    process the engine is imported up front on the main thread, so no other thread may import anything.
    Consulted only for modules not yet imported, so it costs nothing.
    """

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is not threading.main_thread():
            self.seen.append((threading.current_thread().name, name))
        return None


background_imports = BackgroundImportRecorder()
sys.meta_path.insert(0, background_imports)


@pytest.fixture(autouse=True)
def no_imports_on_background_threads(request):
    """GUI tests: no worker, thumbnail or probe thread may import a module the window did not import first."""
    is_gui_test = request.path.name.startswith("test_gui")
    if is_gui_test:
        from desktop_app.core import preload

        preload.load_engine()
    background_imports.seen.clear()
    yield
    if not gc.isenabled():  # the window collects cycles on a GUI timer; between tests nothing would
        from PySide6.QtCore import QCoreApplication, QEvent

        # closed windows first: their C++ side must go before the collector clears their Python side
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
    if is_gui_test:
        late = list(background_imports.seen)
        background_imports.seen.clear()
        assert not late, f"modules imported on background threads (add them to core/preload.py): {late}"


@pytest.fixture(params=["packed", "addmm"])
def knn_multiply(request, monkeypatch):
    """kNN's block scores with oneDNN's packed multiply (the CPU default where it works) and with plain addmm."""
    from desktop_app.core.classifiers import knn

    if request.param == "addmm":
        monkeypatch.setattr(knn, "_PACKED_MULTIPLY_WORKS", False)
    elif not knn._packed_multiply_works():
        pytest.skip("this PyTorch has no oneDNN packed multiply")
    return request.param
