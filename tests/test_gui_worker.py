"""The background worker: events in order, results, plain failures, cancel, stop."""
from __future__ import annotations

import time

import pytest

pytest.importorskip("pytestqt")

from desktop_app.core.errors import UserError  # noqa: E402
from desktop_app.core.events import Cancelled, Phase, Progress  # noqa: E402
from desktop_app.gui.worker import TaskRunner  # noqa: E402


class Recorder:
    def __init__(self, runner: TaskRunner) -> None:
        self.events, self.results, self.failures, self.cancelled = [], [], [], 0
        runner.event.connect(self.events.append)
        runner.finished.connect(self.results.append)
        runner.failed.connect(lambda message, details: self.failures.append((message, details)))
        runner.cancelled.connect(self._on_cancelled)

    def _on_cancelled(self) -> None:
        self.cancelled += 1


def counting_step(n):
    def step(cancel):
        for i in range(n):
            yield Progress("fit", i + 1, n)
        return "result"
    return step


def test_events_arrive_in_order_then_the_result(qtbot):
    runner = TaskRunner()
    seen = Recorder(runner)
    with qtbot.waitSignal(runner.done, timeout=5000):
        assert runner.start(counting_step(2000))
    assert [e.done for e in seen.events] == list(range(1, 2001))
    assert seen.results == ["result"] and not seen.failures and not runner.running


def test_only_one_step_at_a_time(qtbot):
    runner = TaskRunner()

    def slow(cancel):
        while True:
            cancel.check()
            time.sleep(0.01)
            yield Phase("fit", "waiting")

    assert runner.start(slow)
    assert not runner.start(counting_step(1))
    with qtbot.waitSignal(runner.cancelled, timeout=2000):
        runner.cancel()


def test_user_error_message_is_shown_as_is(qtbot):
    runner = TaskRunner()
    seen = Recorder(runner)

    def broken(cancel):
        yield Phase("scan", "looking")
        raise UserError("Put the pictures into class folders.")

    with qtbot.waitSignal(runner.done, timeout=5000):
        runner.start(broken)
    assert seen.failures == [("Put the pictures into class folders.", "")]


@pytest.mark.parametrize("error, expected", [
    (RuntimeError("CUDA out of memory. Tried to allocate 2 GiB"), "ran out of memory"),
    (ZeroDivisionError("division by zero"), "did not expect"),
])
def test_unexpected_errors_become_plain_messages_with_details(qtbot, error, expected):
    runner = TaskRunner()
    seen = Recorder(runner)

    def broken(cancel):
        yield Phase("fit", "training")
        raise error

    with qtbot.waitSignal(runner.done, timeout=5000):
        runner.start(broken)
    (message, details), = seen.failures
    assert expected in message and type(error).__name__ in details and "Traceback" in details
    assert runner.start(counting_step(1))  # still usable afterwards
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)


def test_cancel_stops_a_running_step_within_a_second(qtbot):
    runner = TaskRunner()
    seen = Recorder(runner)

    def endless(cancel):
        while True:
            time.sleep(0.005)
            yield Progress("fit", 1, 2)

    runner.start(endless)
    qtbot.waitUntil(lambda: len(seen.events) > 3, timeout=5000)
    started = time.perf_counter()
    with qtbot.waitSignal(runner.cancelled, timeout=1000):
        runner.cancel()
    assert time.perf_counter() - started < 1.0
    assert seen.cancelled == 1 and not seen.results and not runner.running


def test_cancelled_raised_inside_the_step_counts_as_cancelled(qtbot):
    runner = TaskRunner()
    seen = Recorder(runner)

    def stopping(cancel):
        yield Phase("fit", "x")
        raise Cancelled("Stopped by the user.")

    with qtbot.waitSignal(runner.done, timeout=5000):
        runner.start(stopping)
    assert seen.cancelled == 1 and not seen.failures


def test_stop_waits_for_the_thread(qtbot):
    runner = TaskRunner()

    def endless(cancel):
        while True:
            cancel.check()
            time.sleep(0.01)
            yield Phase("fit", "x")

    runner.start(endless)
    assert runner.stop(3000)
    assert not runner.running
