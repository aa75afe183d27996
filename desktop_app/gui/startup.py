"""Start-up without freezes: the window shows first; the engine (PyTorch, the classifiers) is then imported on
one background thread, which also finds the compute devices and then imports scikit-learn and the pretrained
network (timm); work that needs the engine waits for ``ready``, fitting and scoring for scikit-learn as well
(``core.preload.wait_for_scikit_learn``), work with pretrained features for the network
(``core.preload.wait_for_network``).

The rule (docs/architecture.md, "Threads"): heavy modules are imported by one thread only, and the GUI thread never
imports them, starts a child process, searches for libraries or waits without a time limit.
"""
from __future__ import annotations

import gc
import importlib
import sys
import threading

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot

from desktop_app.core import preload



class GuiThreadGarbageCollector(QObject):
    """Python's cycle collector runs in whichever thread happens to allocate. Run on a worker, it finalised Qt
    objects (closed windows, plot items) there and deadlocked for good: the worker held a Qt lock and waited for
    Python's lock, the GUI thread the other way round. So automatic collection is off and this timer on the GUI
    thread collects instead (the idea of pyqtgraph's GarbageCollector). Objects already scheduled with
    deleteLater are deleted first: clearing the Python side of a pyqtgraph item whose C++ side still lays itself
    out breaks it.

    Pauses stay short: every tenth of a second the objects made since the last collection are collected and what
    survives is frozen (``gc.freeze``), so each collection looks only at the objects of the last 100 ms, each
    once (a full pass over the objects of 60,000 scanned pictures stalled the window for 100-450 ms; a full pass
    each second over the last second's objects still took 50-100 ms while a scan ran). Frozen objects are
    still freed by reference counting (pictures, models and arrays hold no cycles); only a cycle that was alive
    at a collection and dies later is never collected (a closed dialog's wrappers)."""

    INTERVAL_MS = 100
    _instance: "GuiThreadGarbageCollector | None" = None

    @classmethod
    def install(cls) -> None:
        if cls._instance is None:
            cls._instance = GuiThreadGarbageCollector()

    def __init__(self) -> None:
        super().__init__()
        self._young_threshold = gc.get_threshold()[0]  # fewer new objects than this: nothing to collect
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(self.INTERVAL_MS)

    @Slot()
    def collect(self) -> None:
        if gc.get_count()[0] <= self._young_threshold:
            return
        if preload.loading_thread() is not None and not preload.engine_ready():
            # the engine thread's imports: its objects are frozen once it is ready (Engine._on_ready); scanning them
            # every 100 ms meanwhile took about a tenth of the time to "ready", with the GIL held
            return
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect(2)  # all generations: after the last freeze they only hold the objects made since
        gc.freeze()


def collect_garbage_on_gui_thread() -> None:
    """Switch Python's cycle collection to the GUI thread (once per process)."""
    GuiThreadGarbageCollector.install()


# Window modules imported after the window shows (pyqtgraph takes about a second), on the GUI thread just before
# the engine thread starts (``Engine.start``); the tabs build their plots from them on first use.
PLOT_MODULES: tuple[str, ...] = ("pyqtgraph", "desktop_app.gui.plots", "desktop_app.gui.calibration_panel",
                                 "desktop_app.gui.map_view")


def import_plot_modules() -> None:
    """Import the plot modules on the GUI thread (once; free afterwards). Never while the engine thread runs:
    ``Engine.start`` calls it before starting that thread."""
    for name in PLOT_MODULES:
        if name not in sys.modules:
            importlib.import_module(name)


class Engine(QObject):
    """The one owner of the engine's import: ``start()`` imports it on a daemon thread (a GPU driver or disk
    that never answers must not keep the app from closing); signals arrive in the GUI thread, where this object
    lives. When the engine is already imported (a second window, the tests) it is ready at once."""

    progress = Signal(str)  # what is being loaded, for the status bar
    ready = Signal()
    failed = Signal(str)  # plain message: the installation is damaged
    devices_found = Signal(object)  # core.devices.DeviceReport
    loaded = Signal()  # the pretrained network too: the engine thread is done

    _instance: "Engine | None" = None

    @classmethod
    def shared(cls) -> "Engine":
        if cls._instance is None:
            app = QCoreApplication.instance()
            cls._instance = Engine()
            if app is not None:
                cls._instance.moveToThread(app.thread())
        return cls._instance

    def __init__(self) -> None:
        super().__init__()
        self._started = False
        self._thread: threading.Thread | None = None
        self.error: str | None = None
        self.device_report = None

    @property
    def is_ready(self) -> bool:
        return preload.engine_ready()

    def start(self) -> None:
        """Begin loading (once); ``ready`` (or ``failed``) follows, then ``devices_found``. Call it on the GUI
        thread: the plot modules are imported here first, so no two threads ever import at once."""
        if self._started:
            return
        self._started = True
        import_plot_modules()
        self._thread = threading.Thread(target=self._load, name="engine", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """Still importing or looking for devices (then the app leaves without tearing Python down)."""
        return self._thread is not None and self._thread.is_alive()

    def _load(self) -> None:
        try:
            preload.load_engine(lambda number, total, label: self._emit(
                self.progress, QCoreApplication.translate(
                    "Engine", "Getting ready ({number} of {total}): loading {what}...").format(
                    number=number, total=total, what=label)), on_ready=self._on_ready)
        except Exception as exc:  # noqa: BLE001 - a damaged installation gets a message, not a dead window
            self.error = QCoreApplication.translate(
                "Engine", "Part of the app is missing or damaged ({error}). Reinstall the app.").format(
                error=f"{type(exc).__name__}: {exc}")
            self._emit(self.failed, self.error)
            return
        gc.freeze()  # the network's modules too
        self._emit(self.loaded)

    def _on_ready(self) -> None:
        """On this thread, once work may start; scikit-learn and the pretrained network are imported afterwards
        (preload)."""
        # The engine's millions of long-lived objects need never be scanned again: keeps the GUI thread's
        # collections short (they run on a timer there, see collect_garbage_on_gui_thread).
        gc.freeze()
        self._emit(self.ready)
        from desktop_app.core import devices  # imported above, on this thread

        # before the network: a training started at once must know of the GPU
        self.device_report = devices.device_report()
        self._emit(self.devices_found, self.device_report)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the app closed meanwhile
            pass
