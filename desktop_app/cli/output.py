"""What the command line prints, and printing that never stops the work.

Every name printed (a class, a file) goes through ``names.display_text`` and every percentage through
``core.percent``. ``guarded_streams`` keeps a closed pipe (``| head``), a full disk or ``2>/dev/full`` from
ending a run with a traceback: a failed write is remembered, later output is dropped, the work goes on (a
training still saves its model) and ``main`` turns the failure into an exit status.
"""
from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import sys
from typing import Any, Iterator

from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import probability_text, share_text, threshold_text
from desktop_app.core.output.wording import (accuracy_text, accuracy_uncertainty_text, duration_text,
                                             scores_explained_text, setting_text)

CALIBRATION_KEYS = ("smoothing", "temperature", "uniform_share", "confidence_map")  # fitted, not chosen settings


# -- streams that never raise -------------------------------------------------------------------------------------
class GuardedStream:
    """A text stream whose first write failure is kept in ``failure`` instead of raised; later writes are
    dropped. The file descriptor is pointed at the null device then, so Python's own flush at exit is quiet."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.failure: OSError | None = None

    def write(self, text: str) -> int:
        if self.failure is None:
            try:
                return self._stream.write(text)
            except (OSError, ValueError) as exc:
                self._failed(exc)
        return len(text)

    def flush(self) -> None:
        if self.failure is None:
            try:
                self._stream.flush()
            except (OSError, ValueError) as exc:
                self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        self.failure = exc if isinstance(exc, OSError) else OSError(errno.EBADF, str(exc))
        with contextlib.suppress(Exception):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)

    @property
    def closed_pipe(self) -> bool:
        return self.failure is not None and self.failure.errno == errno.EPIPE

    def __getattr__(self, name: str) -> Any:  # isatty, encoding, fileno ...
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded_streams() -> Iterator[tuple[GuardedStream, GuardedStream]]:
    """sys.stdout and sys.stderr as GuardedStreams for the duration (restored after, flushed first)."""
    out, err = GuardedStream(sys.stdout), GuardedStream(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = out._stream, err._stream


def printable_streams() -> None:
    """Printing never fails on a name that is not UTF-8 or a terminal that cannot show a character."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


def one_line(text: Any) -> str:
    """A message as one escaped line (error messages may hold names)."""
    return display_text(" ".join(str(text).split()))


# -- JSON --------------------------------------------------------------------------------------------------------
def _finite(value: Any) -> Any:
    """NaN and infinity as null: JSON has no such numbers, and a bare NaN breaks every JSON reader."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def emit_json(payload: Any) -> None:
    # ensure_ascii keeps file names that are not UTF-8 as \udcXX escapes: valid JSON that os.fsencode restores
    print(json.dumps(_finite(json.loads(json.dumps(payload, default=str))), indent=2, allow_nan=False))


# -- text --------------------------------------------------------------------------------------------------------
def settings_text(hyperparameters: dict[str, Any]) -> str:
    """The chosen or given settings in words ("k 10, distance l1"), or that the defaults were used."""
    shown = [display_text(setting_text(key, value))
             for key, value in hyperparameters.items() if key not in CALIBRATION_KEYS]
    return ", ".join(shown) if shown else "the classifier's defaults"


def print_training(payload: dict[str, Any], seconds: float, saved: str) -> None:
    if payload["evaluation"] is not None:
        n = payload.get("test_pictures", payload["counts"]["test"])
        print(accuracy_text(payload["accuracy"], n, payload.get("test_copies")))
        _print_if(accuracy_uncertainty_text(payload["accuracy"], n))
    if payload["val_accuracy"] is not None:
        print(f"{payload['val_accuracy_title']}: {share_text(payload['val_accuracy'])}")
    print(f"Settings: {settings_text(payload['hyperparameters'] or {})}")
    print(f"Saved the model to {display_text(saved)} ({duration_text(seconds)} on {payload['device']})")


def print_accuracy(evaluation) -> None:
    """An evaluation's accuracy with its 95 % range, and a sentence when the range is wide."""
    print(accuracy_text(evaluation.accuracy, evaluation.n_examples, title="Accuracy"))
    _print_if(accuracy_uncertainty_text(evaluation.accuracy, evaluation.n_examples))


def print_evaluation(evaluation, payload: dict[str, Any], threshold: float, answered: float, right) -> None:
    print_accuracy(evaluation)
    print(f"Calibration error (ECE): {evaluation.ece:.3f} (0 means the percentages match how often it is right)")
    if right is not None:
        print(f"Answers at {threshold_text(threshold)} or more (the rest are \"unsure\"): "
              f"{share_text(answered, 0)} of the pictures, right {share_text(right)} of the time")
    print(scores_explained_text())
    print(f"  {'class':<20} precision  recall     F1  pictures")
    for row in payload["per_class"]:
        print(f"  {display_text(row['name']):<20} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f} "
              f"{row['support']:9,}")
    mistakes = payload.get("mistakes", [])[:10]
    if mistakes:
        print("Most confident mistakes:")
        for m in mistakes:
            print(f"  {display_text(m['path'])}: is {display_text(m['true'])}, predicted "
                  f"{display_text(m['predicted'])} ({probability_text(m['confidence'])})")


def _print_if(text: str) -> None:
    if text:
        print(text)


def prediction_line(prediction) -> str:
    """One picture's answer on one line: "path: label (93%) unsure  [other 5%, ...]"; a picture unlike the
    training pictures never reads as a plain answer: "path: not like the training pictures (closest: label 93%)"."""
    if prediction.error:
        return f"{display_text(prediction.path)}: {one_line(prediction.error)}"
    others = ", ".join(f"{display_text(name)} {probability_text(prob)}" for name, prob in prediction.top[1:])
    if prediction.unlike_training:
        return (f"{display_text(prediction.path)}: not like the training pictures (closest: "
                f"{display_text(prediction.label)} {probability_text(prediction.probability)})"
                + (f"  [{others}]" if others else ""))
    return (f"{display_text(prediction.path)}: {display_text(prediction.label)} "
            f"({probability_text(prediction.probability)})" + (" unsure" if prediction.unsure else "")
            + (f"  [{others}]" if others else ""))


def print_scan(folder: str, payload: dict[str, Any]) -> None:
    print(f"Dataset: {display_text(folder)}")
    splits = payload.get("splits", {})
    for name, count in payload["classes"].items():
        per_split = splits.get(name, {})
        extra = ", ".join(f"{split} {n}" for split, n in per_split.items() if split not in ("all",) and n)
        print(f"  {display_text(name):<24} {count:>7,} pictures" + (f"  ({extra})" if extra else ""))
    if payload["problems"]:
        print(f"{len(payload['problems'])} problem(s):")
        for problem in payload["problems"]:
            print(f"  - {display_text(problem['path'])}: {one_line(problem['message'])}")
    else:
        print("No problems found.")
