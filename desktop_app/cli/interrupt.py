"""Stopping the command line promptly: Ctrl-C (SIGINT) or SIGTERM ends the process within a second, with exit
status 130 and no partial output files, even when the work is stuck in a read or a long computation.

The command runs in a worker thread while the main thread only waits, so a signal is always handled at once.
The worker gets a CancelToken; if it has not stopped within the grace time it is abandoned: temporary files
being written are removed and the process exits.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Callable

from desktop_app.core.events import CancelToken
from desktop_app.core.output.safe_write import abort_writes

EXIT_STOPPED = 130
GRACE_SECONDS = 0.6  # time the work gets to stop by itself; the rest of the second is for exiting
_STOP_SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)


def run_interruptible(work: Callable[[CancelToken], int]) -> int:
    """``work(cancel)``'s result or exception; exits the process with 130 on SIGINT/SIGTERM."""
    cancel = CancelToken()
    if threading.current_thread() is not threading.main_thread():
        return work(cancel)  # signals only reach the main thread; nothing to arrange
    outcome: dict = {}
    finished = threading.Event()
    stop = threading.Event()

    def target() -> None:
        try:
            outcome["result"] = work(cancel)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread as is
            outcome["error"] = exc
        finally:
            finished.set()

    def on_signal(signum, frame) -> None:
        stop.set()
        cancel.cancel()

    previous = {sig: signal.signal(sig, on_signal) for sig in _STOP_SIGNALS}
    try:
        threading.Thread(target=target, name="command", daemon=True).start()
        while not finished.wait(0.05) and not stop.is_set():
            pass
        if stop.is_set():
            finished.wait(GRACE_SECONDS)
            _exit_stopped()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _exit_stopped() -> None:
    abort_writes()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    try:
        print("Stopped.", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
    os._exit(EXIT_STOPPED)  # the worker may be stuck in a system call; it must not keep the process alive
