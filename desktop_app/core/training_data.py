"""What training and evaluation take from folders, and which pictures a model has already learnt from.

``scan_usable`` scans a folder and passes its problems on as warnings; ``add_test_folder`` adds a separate
test folder's pictures as test pictures and points out those that are training pictures too. A compact
fingerprint of the training pictures' content digests is kept in the model's ``training_info``, so that
evaluating a model on pictures it learnt from is pointed out (``seen_warning``).
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import replace
from pathlib import Path
from typing import Any, Generator, Iterable, Sequence

import numpy as np

from desktop_app.core.data.dataset import Dataset, Problem, ScanReport, copies_between, problems_to_show
from desktop_app.core.data.folder_walk import folder_key
from desktop_app.core.data.folder_scan import scan_folder
from desktop_app.core.errors import UserError
from desktop_app.core.events import Event, Message
from desktop_app.core.output.translation import translate

FINGERPRINT_KEY = "training_fingerprint"
# The leading 8 bytes of each blake2b-128 digest: 8 bytes a picture in the model file, and a chance match
# among a million training pictures is about one in 10^13.
_PREFIX_HEX = 16


def problem_line(problem: Problem) -> str:
    return f"{Path(problem.path).name or problem.path}: {problem.message}"


def scan_usable(path: Path, cancel, follow_links: bool = False) -> Generator[Event, None, ScanReport]:
    """Scan a folder training or evaluation cannot do without (UserError when unusable); problems as warnings."""
    report = yield from scan_folder(Path(path), cancel=cancel, follow_links=follow_links)
    report.raise_if_unusable()
    for problem in problems_to_show(report.problems, report.dataset.class_names):
        yield Message(problem_line(problem), "info" if problem.severity == "info" else "warning")
    return report


def add_test_folder(dataset: Dataset, test_dir: Path, follow_links: bool, cancel,
                    ) -> Generator[Event, None, Dataset]:
    """The training pictures with those of the test folder as test pictures; test pictures that are training
    pictures too (the same file or the same content) are pointed out, one line each."""
    if dataset.root is not None and folder_key(test_dir) == folder_key(dataset.root):
        yield Message(translate("The test folder is the training folder itself, so it cannot test the model on "
                                "new pictures: a share of its pictures is set aside for testing instead."), "warning")
        return dataset
    test = (yield from scan_usable(test_dir, cancel, follow_links)).dataset
    for problem in copies_between(dataset, test):
        yield Message(problem_line(problem), "warning")
    merged = _with_test_data(dataset, test)
    dropped = len(test) - sum(1 for s in merged.samples if s.split == "test")
    if dropped:
        yield Message(translate("{n:,} of the test folder's pictures are files of the training folder as well: "
                                "they are used for training only, not for testing.").format(n=dropped), "warning")
    return merged


def _with_test_data(train: Dataset, test: Dataset) -> Dataset:
    """Use every picture of ``test`` as test data, matched to the training classes by name."""
    unknown = sorted(set(test.class_names) - set(train.class_names))
    if unknown:
        raise UserError(translate("The test folder has classes that the training folder lacks: {names}. Give both "
                                  "folders the same class sub-folders.").format(names=", ".join(unknown)))
    train_only = Dataset(train.class_names, [s for s in train.samples if s.split != "test"], train.root)
    test_only = Dataset(test.class_names, [replace(s, split="test") for s in test.samples], test.root)
    merged = train_only.merge(test_only)
    merged.root, merged.has_predefined_splits = train.root, True
    return merged


def count_copies(fit_samples: Sequence, test_samples: Sequence) -> int:
    """How many test pictures are copies (same content digest) of training pictures."""
    learnt = {s.digest for s in fit_samples if s.digest}
    return sum(1 for s in test_samples if s.digest in learnt)


def _prefixes(digests: Iterable[str]) -> np.ndarray:
    values = []
    for digest in digests:
        try:
            if len(digest) >= _PREFIX_HEX:
                values.append(int(digest[:_PREFIX_HEX], 16))
        except (TypeError, ValueError):
            continue  # not a digest (an edited file): it simply matches nothing
    return np.array(values, dtype=np.uint64)


def fingerprint(digests: Iterable[str]) -> str:
    """The training pictures' digests, shortened, sorted and packed as text for the model description."""
    return base64.b64encode(np.unique(_prefixes(digests)).astype("<u8").tobytes()).decode("ascii")


def count_seen(stored: Any, digests: Iterable[str]) -> int | None:
    """How many of the digests belong to fingerprinted pictures; None when there is no usable fingerprint
    (a model saved before fingerprints, or an edited file)."""
    if not isinstance(stored, str):
        return None
    try:
        raw = base64.b64decode(stored, validate=True)
    except (ValueError, binascii.Error):
        return None
    if len(raw) % 8:
        return None
    known = np.frombuffer(raw, dtype="<u8").astype(np.uint64)
    return int(np.isin(_prefixes(digests), known).sum())


def seen_warning(training_info: dict, folder: Path, samples) -> str | None:
    """One line when the pictures to evaluate on include the model's training pictures (its ``training_info``
    holds their fingerprint; older models only the training folder's path)."""
    seen = count_seen(training_info.get(FINGERPRINT_KEY), (s.digest for s in samples))
    if seen:
        return translate("{seen:,} of these {n:,} pictures were used to train this model, so the accuracy will look "
                         "better than it is: evaluate on pictures it has not learnt from.").format(
            seen=seen, n=len(samples))
    trained_on = training_info.get("data_dir")
    if seen is None and isinstance(trained_on, str) and folder_key(folder) == folder_key(trained_on):
        return translate("This is the folder the model was trained on, so the accuracy will look better than it "
                         "is: evaluate on pictures it has not learnt from.")
    return None
