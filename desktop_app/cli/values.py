"""Checking command-line values before any work starts: argparse types with one-line messages, and the
output files of ``train --out`` and ``predict --csv`` (so a long training never ends in "cannot save")."""
from __future__ import annotations

import argparse
import math
import os
import stat
from pathlib import Path
from typing import Callable, Iterable

from desktop_app.core.output.names import display_text
from desktop_app.core.data.regular_files import NotRegularFile, describe_mode, open_regular_file
from desktop_app.core.output.safe_write import OutputPathError, check_output_path

MAX_SEED = 2**32 - 1  # numpy's random generators take seeds from 0 to 2**32 - 1


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


def seed(text: str) -> int:
    value = non_negative_int(text)
    if value > MAX_SEED:
        raise argparse.ArgumentTypeError(f"{value} is too large for a seed; use 0 to {MAX_SEED}")
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
    from desktop_app.core.extraction.features import MAX_IMAGE_SIZE, MIN_IMAGE_SIZE

    value = _number(text, int, "a whole number")
    if not MIN_IMAGE_SIZE <= value <= MAX_IMAGE_SIZE:
        raise argparse.ArgumentTypeError(f"{value} is not from {MIN_IMAGE_SIZE} to {MAX_IMAGE_SIZE} pixels")
    return value


def is_predictions_csv(path: Path) -> bool:
    """True for a CSV file this app wrote (its first line is our header)."""
    try:
        with open_regular_file(path) as handle:
            return handle.read(64).startswith(b"path,label,probability")
    except (OSError, NotRegularFile):
        return False


def check_output_name(path: str, option: str, example: str) -> None:
    """Refuse an output name that cannot be a new file: empty, ending in a folder separator (``newdir/``), or
    naming a device, pipe or socket (``/dev/null``). Folders and files are judged by ``check_output_path``."""
    if not path.strip():
        raise OutputPathError(f"{option} needs a file name; it is empty.")
    if path.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep)):
        raise OutputPathError(f"{option} {display_text(path)} ends with a folder separator. Give a file name, "
                              f"for example {display_text(path)}{example}.")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # a new name (the folder itself is checked later)
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise OutputPathError(f"{option} {display_text(path)} is {describe_mode(mode)}, not a file. "
                              "Give a file name.")


def check_csv_output(path: str, model: str, inputs: Iterable[str], force: bool) -> Path:
    """Refuse a --csv that is the model in use, one of the pictures (named, or found in a folder given, links
    included: never replaced, ``--force`` or not), or another existing file (unless ``force``). A new CSV may go
    into a folder of pictures (``predict model . --csv answers.csv``): it is not a picture, so it is never read."""
    check_output_name(path, "--csv", "answers.csv")
    inputs = list(inputs)
    files = [model, *(p for p in inputs if os.path.isfile(p))]
    folders = [Path(p) for p in inputs if os.path.isdir(p)]
    if folders and os.path.lexists(path):  # only an existing file can be one of the pictures found
        from desktop_app.core.modelfile.model_file import find_image_files

        files += [str(p) for p in find_image_files(folders)]
    return check_output_path(path, what="CSV file of answers", input_files=files, is_replaceable=is_predictions_csv,
                             force=force)


# -- the classifiers' settings: the same options for every command that trains ------------------------------------
def add_classifier_settings(parser: argparse.ArgumentParser, k_help: str) -> None:
    """--k, --distance, --weighting, --learning-rate, --regularisation, --epochs, --batch-size (``hyperparameters``
    reads them back)."""
    parser.add_argument("--k", type=positive_int, help=k_help)
    parser.add_argument("--distance", choices=("l1", "l2", "cosine"), help="kNN distance")
    parser.add_argument("--weighting", choices=("majority", "distance"), help="kNN vote")
    parser.add_argument("--learning-rate", type=learning_rate, help="SVM/softmax learning rate")
    parser.add_argument("--regularisation", "--regularization", dest="regularization", type=regularization,
                        help="SVM/softmax L2 regularisation strength")
    parser.add_argument("--epochs", type=positive_int, help="SVM/softmax maximum epochs")
    parser.add_argument("--batch-size", type=positive_int, help="SVM/softmax minibatch size")


def hyperparameters(args: argparse.Namespace) -> dict:
    """The settings given on the command line (the ones left out are the classifier's to choose)."""
    keys = ("k", "distance", "weighting", "learning_rate", "regularization", "epochs", "batch_size")
    return {key: getattr(args, key) for key in keys if getattr(args, key) is not None}
