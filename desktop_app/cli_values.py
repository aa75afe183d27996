"""Checking command-line values before any work starts: argparse types with one-line messages, and the
output files of ``train --out`` and ``predict --csv`` (so a long training never ends in "cannot save")."""
from __future__ import annotations

import argparse
import math
import os
from pathlib import Path
from typing import Callable, Iterable



def _number(text: str, kind: Callable[[str], float | int], what: str) -> float | int:
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None


def positive_int(text: str) -> int:
    value = _number(text, int, "a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a whole number of at least 1")
    return value


def non_negative_int(text: str) -> int:
    value = _number(text, int, "a whole number")
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; use 0 or more")
    return value


def _finite_float(text: str) -> float:
    value = _number(text, float, "a number")
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def learning_rate(text: str) -> float:
    value = _finite_float(text)
    if not 0 < value <= 10:  # above 10 no training converges, and the optimiser's numbers overflow
        raise argparse.ArgumentTypeError(f"{text} is not a learning rate above 0 and at most 10 (try 0.001)")
    return value


def regularization(text: str) -> float:
    value = _finite_float(text)
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{text} is not a regularisation strength from 0 to 1000 (try 0.001)")
    return value


def share(text: str) -> float:
    """A share of the pictures: 0 <= value < 1."""
    value = _finite_float(text)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not a share from 0 up to (not including) 1, such as 0.15")
    return value


def image_size(text: str) -> int:
    from desktop_app.core.features import MAX_IMAGE_SIZE, MIN_IMAGE_SIZE

    value = _number(text, int, "a whole number")
    if not MIN_IMAGE_SIZE <= value <= MAX_IMAGE_SIZE:
        raise argparse.ArgumentTypeError(f"{value} is not from {MIN_IMAGE_SIZE} to {MAX_IMAGE_SIZE} pixels")
    return value


def is_predictions_csv(path: Path) -> bool:
    """True for a CSV file this app wrote (its first line is our header)."""
    from desktop_app.core.regular_files import NotRegularFile, open_regular_file

    try:
        with open_regular_file(path) as handle:
            return handle.read(64).startswith(b"path,label,probability")
    except (OSError, NotRegularFile):
        return False


def check_csv_output(path: str, model: str, inputs: Iterable[str], force: bool) -> Path:
    """Refuse a --csv that is the model in use, one of the pictures, or another existing file."""
    from desktop_app.core.safe_write import check_output_path

    files = [model, *(p for p in inputs if os.path.isfile(p))]
    return check_output_path(path, what="CSV file of answers", input_files=files, is_replaceable=is_predictions_csv,
                             force=force)
