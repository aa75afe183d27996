"""Decoding pictures ahead of the network without taking the network's GIL.

Decode threads in the network's process hold the GIL between Pillow calls, and every torch op has to take it back
to launch: on a 16-core GPU PC the pipeline fed the GPU 298 pictures/s while 16 processes decoded 2,258/s.
So where many cores decode (a GPU runs the network, or pixel features) the pipeline decodes in worker processes
(``ProcessDecoder``): each runs ``decoding.decode_or_problem`` (the very same Pillow code, so the same pixels)
and writes the picture into a slot of one shared-memory block; only ``(slot, problem, digest)`` travels back
through a queue, never the pixels (the digest is that of the bytes decoded). While the workers start (tenths of
a second; seconds on a busy machine) the pictures asked for are decoded on the calling thread, which would
otherwise only wait.

Elsewhere ``ThreadDecoder`` (a thread pool in this process) is used: small jobs, few cores, the network on the
CPU (``choose_processes``, measured in docs/features.md), and when processes cannot start. Both have one
interface: ``submit(key, path)``, ``get(timeout) -> (key, pixels, problem, digest) | None``, ``capacity``,
``close()``; results come back in any order. The decodes of one decoder share a ``decoding.DecodeBudget``, so the
memory of the pictures decoded at once stays bounded, threads and processes alike.

Processes are started with the "spawn" method (the only one on Windows and macOS; a frozen app's entry point
calls ``multiprocessing.freeze_support()``), daemonic (they die with the app), ignore Ctrl+C (the parent stops
them), and ``close()`` terminates them at once, even in the middle of a huge picture; a worker whose
app ended without closing it leaves by itself within a second.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.queues  # noqa: F401 - imported here, not lazily on a worker thread (core/preload.py)
import multiprocessing.shared_memory
import multiprocessing.synchronize  # noqa: F401
import os
import queue
import signal
import sys
import time
import types
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Iterator

import numpy as np

from desktop_app.core.data import decoding
from desktop_app.core.output.translation import set_translator, translatable, translate

if sys.platform == "win32":
    import multiprocessing.popen_spawn_win32  # noqa: F401
else:
    import multiprocessing.popen_spawn_posix  # noqa: F401
    import multiprocessing.resource_tracker  # noqa: F401

_SPAWN = multiprocessing.get_context("spawn")
# Below this many pictures a thread pool is used: starting worker processes costs more than it saves.
MIN_PICTURES_FOR_PROCESSES = 48
# Processes pay off when several cores can decode at once; on 2 cores they were slower than one thread
# (docs/features.md), since starting them costs CPU time the network or the single decoder needs.
MIN_CORES_FOR_PROCESSES = 4
# The shared block holds at most this many bytes of decoded pictures (pixel features at 512 px are 768 kB each).
MAX_SHARED_BYTES = 64 * 1024 * 1024
_CRASH_MESSAGE = translatable("Reading this picture made the picture decoder stop. The file is probably damaged: "
                              "check it in an image viewer, or replace it with a good copy.")


# (key, pixels, problem, digest of the bytes decoded)
Result = tuple[int, "np.ndarray | None", "tuple[str, str] | None", "str | None"]


def _worker_main(shared_name: str, shape: tuple[int, ...], worker_id: int, size: int, tasks: multiprocessing.Queue,
                 results: multiprocessing.Queue, budget: decoding.DecodeBudget, wording: dict[str, str]) -> None:
    """Runs in a worker process: decode each (slot, path) into its slot until told to stop (None). ``wording``:
    the decoders' messages in the app's language (the process has no translator of its own)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group; the parent decides
    set_translator(wording.get)
    shared = multiprocessing.shared_memory.SharedMemory(name=shared_name)
    slots = np.ndarray(shape, dtype=np.uint8, buffer=shared.buf)
    budget.holder = worker_id
    try:
        results.put(("ready", worker_id, -1, None, None))
        parent = multiprocessing.parent_process()
        while True:
            try:
                task = tasks.get(timeout=1.0)
            except queue.Empty:
                if parent is not None and not parent.is_alive():
                    return  # the app ended without stopping us (os._exit, a crash): do not linger
                continue
            if task is None:
                return
            slot, path = task
            pixels, problem, digest = decoding.decode_or_problem(path, size, budget)
            if pixels is not None:
                slots[slot] = pixels
            results.put(("done", worker_id, slot, problem, digest))
    finally:
        del slots  # the buffer cannot be closed while an array still points into it
        shared.close()


@contextlib.contextmanager
def _workers_skip_parent_main() -> Iterator[None]:
    """Spawned children re-run the parent's ``__main__`` module (a benchmark, pytest, a script that imports
    torch: seconds per worker). The workers need only this module, so they are started while ``__main__`` looks
    empty. A frozen app is left alone: there ``freeze_support()`` takes the children away at its entry point."""
    if getattr(sys, "frozen", False):
        yield
        return
    real_main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if real_main is not None:
            sys.modules["__main__"] = real_main


class ThreadDecoder:
    """Decoding on threads of this process (small jobs, and the fallback)."""

    def __init__(self, size: int, workers: int, capacity: int, budget: decoding.DecodeBudget | None = None) -> None:
        self._size = size
        self.capacity = capacity
        self.budget = budget or decoding.DecodeBudget()
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="decode")
        self._finished: queue.SimpleQueue[tuple[int, Future]] = queue.SimpleQueue()

    def submit(self, key: int, path) -> None:
        future = self._pool.submit(decoding.decode_or_problem, path, self._size, self.budget)
        future.add_done_callback(lambda done, key=key: self._finished.put((key, done)))

    def get(self, timeout: float) -> Result | None:
        try:
            key, future = self._finished.get(timeout=timeout)
        except queue.Empty:
            return None
        return (key, *future.result())  # decode_or_problem never raises

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class ProcessDecoder:
    """Decoding in ``workers`` spawned processes into a shared-memory block of ``capacity`` slots."""

    def __init__(self, size: int, workers: int, capacity: int) -> None:
        self._size = size
        self.capacity = capacity
        shape = (capacity, size, size, 3)
        self._shared = multiprocessing.shared_memory.SharedMemory(create=True, size=int(np.prod(shape)))
        self.shared_name = self._shared.name
        self._slots = np.ndarray(shape, dtype=np.uint8, buffer=self._shared.buf)
        self._free = list(range(capacity))
        self._results: multiprocessing.Queue | None = None
        self._tasks: list[multiprocessing.Queue] = []
        self._processes: list[multiprocessing.process.BaseProcess] = []
        # Per worker, in the order given: (key, slot, path). A worker's results come back in that order.
        self._given: list[deque[tuple[int, int, object]]] = []
        self._ready: set[int] = set()
        self._dead: set[int] = set()
        self._undelivered: deque[Result] = deque()
        # Pictures asked for before any worker is up: this process decodes them while the workers start.
        self._backlog: deque[tuple[int, object]] = deque()
        self._fallback: ThreadDecoder | None = None
        try:
            # Worker i holds share i of the budget; this process (decoding while they start) the last one.
            self._budget = decoding.DecodeBudget(context=_SPAWN, holders=max(1, workers) + 1)
            self._results = _SPAWN.Queue()
            wording = {template: translate(template) for template in decoding.MESSAGES}
            with _workers_skip_parent_main():
                for worker_id in range(max(1, workers)):
                    tasks = _SPAWN.Queue()
                    process = _SPAWN.Process(
                        target=_worker_main, name=f"picture-decoder-{worker_id}", daemon=True,
                        args=(self._shared.name, shape, worker_id, size, tasks, self._results, self._budget,
                              wording))
                    self._tasks.append(tasks)
                    self._given.append(deque())
                    self._processes.append(process)
                    process.start()
            self._budget.holder = len(self._processes)
        except BaseException:
            self.close()
            raise

    # -- giving out work -------------------------------------------------------------------------------------

    def _live_workers(self) -> list[int]:
        return [w for w in range(len(self._processes)) if w not in self._dead]

    def submit(self, key: int, path) -> None:
        if self._fallback is not None:
            self._fallback.submit(key, path)
        elif not self._ready:
            self._backlog.append((key, path))
        else:
            self._dispatch(key, path)

    def _dispatch(self, key: int, path) -> None:
        worker = min(self._live_workers(), key=lambda w: len(self._given[w]))
        if self._processes[worker].exitcode is not None:  # died since: give it nothing that would be lost
            self._look_after_workers()
            self.submit(key, path)
            return
        slot = self._free.pop()
        self._given[worker].append((key, slot, path))
        self._tasks[worker].put((slot, path))

    def get(self, timeout: float) -> Result | None:
        if self._undelivered:
            return self._undelivered.popleft()
        if self._fallback is not None:
            return self._fallback.get(timeout)
        if self._backlog:
            self._receive_waiting()
            self._look_after_workers()
            if self._fallback is not None:
                return self._fallback.get(timeout)
            if self._undelivered:
                return self._undelivered.popleft()
            if not self._ready and self._backlog:  # workers still starting: this thread would only wait
                key, path = self._backlog.popleft()
                return (key, *decoding.decode_or_problem(path, self._size, self._budget))
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self._results.get(timeout=max(0.0, min(0.1, deadline - time.monotonic())))
            except queue.Empty:
                self._look_after_workers()
                if self._undelivered:
                    return self._undelivered.popleft()
                if self._fallback is not None:
                    return self._fallback.get(max(0.0, deadline - time.monotonic()))
                if time.monotonic() >= deadline:
                    return None
                continue
            result = self._receive(message)
            if result is not None:
                return result

    def _receive_waiting(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                result = self._receive(self._results.get_nowait())
                if result is not None:
                    self._undelivered.append(result)

    def _receive(self, message) -> Result | None:
        what, worker, slot, problem, digest = message
        if what == "ready":
            self._ready.add(worker)
            while self._backlog and worker not in self._dead:
                self._dispatch(*self._backlog.popleft())
            return None
        key, given_slot, _path = self._given[worker].popleft()
        assert given_slot == slot, "a worker answered out of order"
        pixels = None if problem is not None else self._slots[slot].copy()
        self._free.append(slot)
        return key, pixels, problem, digest

    def _look_after_workers(self) -> None:
        """A worker that died (killed, or crashed inside a decoder on a hostile file) loses the picture it was
        decoding: that one is reported, the rest of its queue goes to the others (or to threads if none is left)."""
        newly_dead = [w for w in self._live_workers() if self._processes[w].exitcode is not None]
        if not newly_dead:
            return
        self._receive_waiting()  # results it sent before dying still count
        self._dead.update(newly_dead)
        lost: list[tuple[int, int, object]] = []
        for worker in newly_dead:
            self._budget.release(worker, timeout=1.0)  # what it held while it died is free again
            given = list(self._given[worker])
            self._given[worker].clear()
            if given and worker in self._ready:
                key, slot, _path = given.pop(0)
                self._free.append(slot)
                self._undelivered.append((key, None, ("corrupt", translate(_CRASH_MESSAGE)), None))
            lost.extend(given)
        for _key, slot, _path in lost:
            self._free.append(slot)
        if not self._live_workers():
            self._fallback = ThreadDecoder(self._size, 1, self.capacity)
            lost.extend((key, -1, path) for key, path in self._backlog)
            self._backlog.clear()
        for key, _slot, path in lost:
            self.submit(key, path)

    # -- stopping --------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the workers and free the shared block. Workers keep nothing worth a goodbye, so they are
        terminated at once (waiting for them to leave cost 0.3 s per job on a busy machine)."""
        for process in self._processes:
            if process.pid is not None and process.exitcode is None:
                process.terminate()
        for process in self._processes:
            if process.pid is not None:
                process.join(0.5)
                if process.exitcode is None:
                    process.kill()
                    process.join(0.5)
        for channel in (*self._tasks, *([self._results] if self._results is not None else [])):
            channel.cancel_join_thread()  # never block on a pipe nobody reads any more
            channel.close()
        for process in self._processes:
            with contextlib.suppress(ValueError):
                process.close()
        self._processes = []
        if self._fallback is not None:
            self._fallback.close()
        if self._shared is not None:
            del self._slots
            self._shared.close()
            with contextlib.suppress(FileNotFoundError):
                self._shared.unlink()
            self._shared = None


def thread_count(device_type: str, cores: int | None = None) -> int:
    cores = cores or os.cpu_count() or 1
    # On the CPU at most half the cores decode (the network needs the rest), but at least two: on 2 cores, with
    # the network in one stream, two threads kept 0.81 of the network alone, one 0.74; with two network streams
    # one and two threads measured alike (docs/features.md).
    if device_type != "cpu":
        return max(2, min(8, cores))
    return max(2, min(4, cores // 2))


def worker_count(device_type: str, kind: str, cores: int | None = None) -> int:
    """Decode processes for a job: on a GPU, or for pixel features, decoding is all the CPU does: one process
    per core but one (this process feeds the network), at most 16."""
    cores = cores or os.cpu_count() or 1
    return max(1, min(16, cores - 1))


def choose_processes(pictures: int, device_type: str, kind: str, cores: int) -> bool:
    """Worker processes or threads, by measurement (docs/features.md): processes where many cores decode for a
    GPU or for pixel features; threads for small jobs, few cores, and for the network on the CPU (it needs the
    cores itself: on 2 cores processes decoded no faster than threads, 0.91 in benchmarks/README.md)."""
    if pictures < MIN_PICTURES_FOR_PROCESSES or cores < MIN_CORES_FOR_PROCESSES:
        return False
    return device_type != "cpu" or kind == "pixels"


def open_decoder(size: int, pictures: int, device_type: str, kind: str, capacity: int,
                 cores: int | None = None) -> tuple[ThreadDecoder | ProcessDecoder, str | None]:
    """The decoder for a job of ``pictures`` pictures, and None or a note saying why threads are used after all."""
    cores = cores or os.cpu_count() or 1
    if choose_processes(pictures, device_type, kind, cores):
        workers = worker_count(device_type, kind, cores)
        slots = max(2 * workers, min(capacity, MAX_SHARED_BYTES // (size * size * 3)))
        try:
            return ProcessDecoder(size, workers, slots), None
        except (OSError, ValueError) as exc:  # no shared memory, no processes allowed: decode here instead
            note = translate("Pictures are decoded in this process: helper processes could not start ({error}).") \
                .format(error=exc)
            return ThreadDecoder(size, thread_count(device_type, cores), capacity), note
    return ThreadDecoder(size, thread_count(device_type, cores), capacity), None
