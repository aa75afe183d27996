"""The command line's progress output: core events as one updating line on stderr (a terminal) or a line
every few seconds (a log file); suppressed with --json or --quiet. Texts may hold names (a folder, a class):
each line is escaped by ``names.display_text``, so a name cannot recolour or forge a line."""
from __future__ import annotations

import sys
import time

from desktop_app.core.events import CrossValidationPoint, EpochMetrics, HyperparametersChosen, Message, Phase, Progress
from desktop_app.core.output.names import display_text
from desktop_app.core.output.wording import distance_name_text, progress_time_left


class ProgressPrinter:
    """Turns core events into a progress line on stderr (suppressed with --json or --quiet)."""

    def __init__(self, enabled: bool, stream=None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._last_draw = 0.0
        self._line_open = False
        self._interactive = bool(getattr(self.stream, "isatty", lambda: False)())

    def _print(self, text: str) -> None:
        self._end_line()
        print(display_text(text), file=self.stream, flush=True)

    def _end_line(self) -> None:
        if self._line_open:
            print(file=self.stream, flush=True)
            self._line_open = False

    def __call__(self, event) -> None:
        if not self.enabled:
            return
        if isinstance(event, Phase):
            self._print(f"== {event.message}")
        elif isinstance(event, Progress):
            now = time.monotonic()
            finished = event.done >= event.total
            if not finished and now - self._last_draw < (0.2 if self._interactive else 5.0):
                return
            self._last_draw = now
            line = _progress_line(event)
            if self._interactive:
                print("\r" + line.ljust(79), end="", file=self.stream, flush=True)
                self._line_open = True
                if finished:
                    self._end_line()
            else:
                self._print(line)
        elif isinstance(event, Message):
            self._print(("warning: " if event.level == "warning" else "") + event.text)
        elif isinstance(event, CrossValidationPoint):
            self._print(f"   k={event.k:<3} {distance_name_text(event.distance):<6} cross-validation accuracy "
                        f"{event.mean_accuracy:.3f} +/- {event.std_accuracy:.3f}")
        elif isinstance(event, EpochMetrics) and event.run == "final":
            val = f", validation {event.val_accuracy:.3f}" if event.val_accuracy is not None else ""
            self._print(f"   epoch {event.epoch}: loss {event.loss:.4f}, training accuracy "
                        f"{event.train_accuracy:.3f}{val}")
        elif isinstance(event, HyperparametersChosen):
            self._print(f"   chosen: {event.reason}")

    def close(self) -> None:
        self._end_line()


def _progress_line(event: Progress) -> str:
    width = 24
    fraction = event.done / event.total if event.total else 1.0
    bar = "#" * int(fraction * width)
    left = progress_time_left(event)
    eta = f" - {left}" if left else ""
    text = display_text(event.message) if event.message else f"{event.done:,} / {event.total:,}"
    return f"   [{bar:<{width}}] {text}{eta}"
