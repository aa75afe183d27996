"""Runs a core step generator on a QThread and reports its events to the GUI thread as Qt signals.

One generic runner serves scanning, training and prediction. Events are coalesced: the worker puts them in a
queue and signals only when the GUI has drained the previous batch, so a flood of loss points (thousands per
second) costs the event loop one slot call per frame, not one per point.
"""
from __future__ import annotations

import collections
import threading
import traceback
from typing import Any, Callable, Generator

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from desktop_app.core.errors import UserError
from desktop_app.core.events import Cancelled, CancelToken
from desktop_app.gui.startup import Engine

StepFactory = Callable[[CancelToken], Generator[Any, None, Any]]

# The GUI thread never waits for a worker without a limit. A thread that has not ended in time is kept here
# (destroying a running QThread would crash) and finishes on its own, or the app leaves without it.
_abandoned: list[tuple[QThread, QObject]] = []
JOIN_TIMEOUT_MS = 2000


def abandoned_threads_running() -> bool:
    _abandoned[:] = [(thread, worker) for thread, worker in _abandoned if thread.isRunning()]
    return bool(_abandoned)



def plain_failure(exc: BaseException) -> tuple[str, str]:
    """(message for the user, technical details) for an exception that escaped a step."""
    if isinstance(exc, UserError):
        return str(exc), ""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, MemoryError) or "out of memory" in text.lower():
        return QCoreApplication.translate(
            "Worker", "The computer ran out of memory. Try fewer or smaller pictures, "
            "or tick \"Use the CPU only\" on the Train tab."), details
    return QCoreApplication.translate(
        "Worker", "Something went wrong that the app did not expect. Nothing was changed. "
        "You can try again; if it keeps happening, the details below help to report it."), details


class GeneratorWorker(QObject):
    """Lives on a worker thread; drives ``factory(cancel)`` to the end and reports what happened."""

    events_ready = Signal()  # new events are waiting in the queue; the GUI drains them with take_events()
    finished = Signal(object)  # the step's return value
    failed = Signal(str, str)  # plain message, technical details ("" for UserError)
    cancelled = Signal()

    def __init__(self, factory: StepFactory, cancel: CancelToken) -> None:
        super().__init__()
        self._factory = factory
        self._cancel = cancel
        self._queue: collections.deque = collections.deque()
        self._lock = threading.Lock()
        self._signal_pending = False

    def take_events(self) -> list:
        with self._lock:
            events = list(self._queue)
            self._queue.clear()
            self._signal_pending = False
        return events

    def _post(self, event: Any) -> None:
        with self._lock:
            self._queue.append(event)
            if self._signal_pending:
                return
            self._signal_pending = True
        self.events_ready.emit()

    @Slot()
    def run(self) -> None:
        generator = None
        try:
            generator = self._factory(self._cancel)
            while True:
                try:
                    event = next(generator)
                except StopIteration as stop:
                    result = stop.value
                    break
                self._post(event)
                # Steps check the token themselves; checking here too makes Cancel take effect between events.
                self._cancel.check()
        except Cancelled as exc:
            self._close(generator, exc)
            self.cancelled.emit()
            return
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a message, never a crash
            message, details = plain_failure(exc)
            self._close(generator, exc)
            if self._cancel.cancelled:
                self.cancelled.emit()
                return
            self.failed.emit(message, details)
            return
        self.finished.emit(result)

    @staticmethod
    def _close(generator, exc: BaseException) -> None:
        """Run the step's clean-up (its finally blocks: thread pools shut, temporary files gone) before the GUI
        hears that it stopped; left to the garbage collector it would run later, or never. The frames the
        exception passed through are cleared too: inner steps they still hold are closed with them."""
        try:
            traceback.clear_frames(exc.__traceback__)
            if generator is not None:
                generator.close()
        except BaseException:  # noqa: BLE001 - a clean-up that fails must not hide why the step ended
            pass


class TaskRunner(QObject):
    """Owned by a widget in the GUI thread: starts one background step at a time and relays its outcome.

    Signals are emitted in the GUI thread, so plain lambdas connected to them are safe. A step asked for while
    the engine is still being imported waits for it (``running`` is already true): only the engine thread
    imports (docs/architecture.md, "Threads").
    """

    started = Signal()
    event = Signal(object)  # one per core event, in order
    finished = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()
    done = Signal()  # after any of finished / failed / cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: GeneratorWorker | None = None
        self._cancel: CancelToken | None = None
        self._waiting: StepFactory | None = None  # asked for before the engine was ready

    @property
    def running(self) -> bool:
        return self._thread is not None or self._waiting is not None

    @property
    def waiting_for_engine(self) -> bool:
        return self._waiting is not None

    def start(self, factory: StepFactory) -> bool:
        """Run ``factory(cancel)`` in the background (once the engine is ready); False when another step is
        still running."""
        if self.running:
            return False
        engine = Engine.shared()
        if not engine.is_ready:
            self._waiting = factory
            engine.ready.connect(self._start_waiting)
            engine.failed.connect(self._fail_waiting)
            engine.start()
            self.started.emit()
            return True
        self._launch(factory)
        self.started.emit()
        return True

    @Slot()
    def _start_waiting(self) -> None:
        factory = self._forget_waiting()
        if factory is not None:
            self._launch(factory)

    @Slot(str)
    def _fail_waiting(self, message: str) -> None:
        if self._forget_waiting() is not None:
            self.failed.emit(message, "")
            self.done.emit()

    def _forget_waiting(self) -> StepFactory | None:
        factory, self._waiting = self._waiting, None
        if factory is None:
            return None
        engine = Engine.shared()
        for signal, slot in ((engine.ready, self._start_waiting), (engine.failed, self._fail_waiting)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        return factory

    def _launch(self, factory: StepFactory) -> None:
        self._cancel = CancelToken()
        self._thread = QThread()
        self._thread.setObjectName("step-worker")
        self._worker = GeneratorWorker(factory, self._cancel)
        self._worker.moveToThread(self._thread)
        # Connected to this object's slots (GUI thread), so they run queued in the GUI thread.
        self._worker.events_ready.connect(self._drain)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        self._thread.started.connect(self._worker.run)
        self._thread.start()

    def cancel(self) -> None:
        if self._waiting is not None:  # nothing has started: stop at once
            self._forget_waiting()
            self.cancelled.emit()
            self.done.emit()
            return
        if self._cancel is not None:
            self._cancel.cancel()

    def stop(self, timeout_ms: int = JOIN_TIMEOUT_MS) -> bool:
        """Cancel and wait at most ``timeout_ms`` for the thread to end (closing the window). True when it ended
        in time; otherwise it is left to end on its own (see ``abandoned_threads_running``)."""
        self._forget_waiting()
        if self._thread is None:
            return True
        self.cancel()
        thread = self._thread
        thread.quit()
        ended = thread.wait(timeout_ms)
        self._cleanup(wait_ms=0)  # already waited as long as allowed
        return ended

    @Slot()
    def _drain(self) -> None:
        if self._worker is None:
            return
        for item in self._worker.take_events():
            self.event.emit(item)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        if self._thread is None:  # already stopped by stop(); a late signal
            return
        self._drain()
        self._cleanup()
        self.finished.emit(result)
        self.done.emit()

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        if self._thread is None:  # already stopped by stop(); a late signal
            return
        self._drain()
        self._cleanup()
        self.failed.emit(message, details)
        self.done.emit()

    @Slot()
    def _on_cancelled(self) -> None:
        if self._thread is None:  # already stopped by stop(); a late signal
            return
        self._drain()
        self._cleanup()
        self.cancelled.emit()
        self.done.emit()

    def _cleanup(self, wait_ms: int = JOIN_TIMEOUT_MS) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        self._cancel = None
        if thread is None:
            return
        thread.quit()  # the worker has returned (or was told to stop); its event loop ends at once
        if thread.wait(wait_ms):
            thread.deleteLater()
            if worker is not None:
                worker.deleteLater()
        else:
            _abandoned.append((thread, worker))
