"""Typed progress events that long-running core work yields, and the cancel token it honours.

Every long step is a generator: it yields events and *returns* its result, so callers compose steps
with ``result = yield from step(...)``. The GUI turns events into Qt signals; the CLI prints them.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Generator, TypeVar

from desktop_app.core.output.translation import translate

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside a step when the user asked to stop."""


class CancelToken:
    """Thread-safe cancel flag; steps call ``check()`` often (at least every ~0.5 s of work)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled(translate("Stopped by the user."))


def check_cancel(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.check()


@dataclass(frozen=True)
class Event:
    """Base class of all events."""


@dataclass(frozen=True)
class Phase(Event):
    """A new phase starts. name: scan | features | search | fit | evaluate | save."""

    name: str
    message: str


@dataclass(frozen=True)
class Progress(Event):
    """``done`` of ``total`` units of the current phase; eta_seconds is None while unknown."""

    phase: str
    done: int
    total: int
    eta_seconds: float | None = None
    message: str = ""


@dataclass(frozen=True)
class LossPoint(Event):
    """Training loss of one minibatch iteration (linear classifiers)."""

    iteration: int
    epoch: int
    loss: float
    run: str = "final"  # "search" while hyperparameters are being tried, "final" for the model kept


@dataclass(frozen=True)
class EpochMetrics(Event):
    epoch: int
    loss: float
    train_accuracy: float
    val_accuracy: float | None
    run: str = "final"


@dataclass(frozen=True)
class CrossValidationPoint(Event):
    """Mean and spread of k-fold accuracy for one (k, distance) setting of kNN."""

    k: int
    distance: str
    mean_accuracy: float
    std_accuracy: float
    fold_accuracies: tuple[float, ...] = ()


@dataclass(frozen=True)
class CrossValidationFold(Event):
    """kNN's accuracy on one fold's held-out pictures for every k of one distance, as soon as that fold is done
    (the ``CrossValidationPoint``s of the means follow when every fold is)."""

    distance: str
    fold: int  # 1 for the first
    n_folds: int
    ks: tuple[int, ...]
    accuracies: tuple[float, ...]  # one per k


@dataclass(frozen=True)
class SearchPoint(Event):
    """Validation accuracy of one hyperparameter setting of a linear classifier."""

    params: dict[str, Any]
    val_accuracy: float


@dataclass(frozen=True)
class HyperparametersChosen(Event):
    params: dict[str, Any]
    reason: str


@dataclass(frozen=True)
class Message(Event):
    text: str
    level: str = "info"  # info | warning


@dataclass(frozen=True)
class Finished(Event):
    """Last event of a training run: the trained model and its evaluation on the test data."""

    model: Any  # model_file.TrainedModel
    evaluation: Any  # metrics.Evaluation | None when there was no test data
    seconds: float = 0.0


@dataclass
class EtaClock:
    """Estimates time left from the rate so far (needs a few units of work before it says anything)."""

    total: int
    started: float = field(default_factory=time.perf_counter)

    def eta(self, done: int) -> float | None:
        elapsed = time.perf_counter() - self.started
        if done <= 0 or elapsed < 0.5:
            return None
        return max(0.0, elapsed / done * (self.total - done))


def run_to_completion(gen: Generator[Event, None, T], on_event=None) -> T:
    """Drive a step generator, passing each event to ``on_event``; return the step's result."""
    while True:
        try:
            event = next(gen)
        except StopIteration as stop:
            return stop.value
        if on_event is not None:
            on_event(event)
