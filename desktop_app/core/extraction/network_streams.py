"""Batches through the network on the CPU as several streams at once, each on a share of the cores.

One stream with all the cores (torch's intra-op threads) leaves cores waiting at every layer's barrier: the
layers of a small network at batch 8 are too short to split well. Two streams of one core each did 68.8
pictures/s on 2 cores where one stream of two did 61.4 (docs/features.md, "Feeding the network"), and the decode
threads then fill the gaps instead of preempting a thread its partner waits for.

Each stream is a thread of its own whose torch thread count is set once when it starts. ``torch.set_num_threads``
also sets the count that threads started later take, so the count of the thread that opens the streams is put
back as soon as every stream has its own (the streams keep theirs: a thread reads that count only once).
"""
from __future__ import annotations

import queue
import threading
from collections import deque
from typing import Callable

import numpy as np
import torch

from desktop_app.core.events import CancelToken, check_cancel

_STOP = object()
Batch = tuple[list[int], np.ndarray]  # (picture indices, their uint8 pixels [n, size, size, 3])


def stream_threads(device_type: str, kind: str, threads: int | None = None) -> list[int]:
    """Torch threads per stream: two streams splitting the cores for the network on a CPU with 2 or more;
    one stream (the calling thread, all its threads) elsewhere: GPUs queue their own work, pixels need none."""
    threads = threads or torch.get_num_threads()
    if device_type != "cpu" or kind != "pretrained" or threads < 2:
        return [threads]
    return [threads - threads // 2, threads // 2]


class NetworkStreams:
    """``submit`` batches, collect ``(indices, rows)`` as they finish (in any order); ``close`` when done.

    At most one batch per stream is in flight: ``submit`` waits for a free stream, so the decoder keeps the
    pictures ahead rather than this queue. A batch that raised re-raises its error in ``finished``/``submit``.
    """

    def __init__(self, compute: Callable[[np.ndarray], np.ndarray], threads_per_stream: list[int]) -> None:
        self._compute = compute
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        self._in_flight = 0
        self._ready: deque[tuple[list[int], np.ndarray]] = deque()
        caller_threads = torch.get_num_threads()
        started = [threading.Event() for _ in threads_per_stream]
        self._threads = [threading.Thread(target=self._serve, args=(count, event), name=f"network-{i}",
                                          daemon=True)
                         for i, (count, event) in enumerate(zip(threads_per_stream, started))]
        for thread in self._threads:
            thread.start()
        for event in started:
            event.wait()
        torch.set_num_threads(caller_threads)  # threads started from now on take the usual count again

    @property
    def busy(self) -> bool:
        """Batches are in flight or finished but not yet collected."""
        return bool(self._in_flight or self._ready)

    @property
    def capacity(self) -> int:
        return len(self._threads)

    def _serve(self, threads: int, started: threading.Event) -> None:
        try:
            torch.set_num_threads(threads)
        finally:
            started.set()
        while True:
            task = self._tasks.get()
            if task is _STOP:
                return
            indices, pixels = task
            try:
                self._results.put((indices, self._compute(pixels), None))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, who decides
                self._results.put((indices, None, exc))

    def _collect(self, timeout: float | None) -> bool:
        try:
            indices, rows, error = self._results.get(timeout=timeout)
        except queue.Empty:
            return False
        self._in_flight -= 1
        if error is not None:
            raise error
        self._ready.append((indices, rows))
        return True

    def submit(self, indices: list[int], pixels: np.ndarray, cancel: CancelToken | None = None) -> None:
        """Queue a batch, after waiting (cancellably) for a stream to be free."""
        while self._in_flight >= self.capacity:
            check_cancel(cancel)
            self._collect(timeout=0.25)
        self._tasks.put((indices, pixels))
        self._in_flight += 1

    def finished(self, wait: bool = False, cancel: CancelToken | None = None) -> list[Batch]:
        """The batches done so far; with ``wait``, all of them (waiting cancellably for those in flight)."""
        while self._in_flight:
            if wait:
                check_cancel(cancel)
            if not self._collect(timeout=0.25 if wait else 0) and not wait:
                break
        done = list(self._ready)
        self._ready.clear()
        return done

    def close(self) -> None:
        """Stop the streams; a batch still running finishes (a quarter of a second on 2 cores), its rows dropped."""
        for _ in self._threads:
            self._tasks.put(_STOP)
        for thread in self._threads:
            thread.join(timeout=1.0)
