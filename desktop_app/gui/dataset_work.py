"""What the Dataset tab needs worked out off the GUI thread (the scan's result with its checks and counts) or
only when shown (a class's thumbnail items): O(pictures) work never runs in the tab's slots."""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from desktop_app.core.data import dataset as core_dataset
from desktop_app.core.data import splitting
from desktop_app.core.errors import UserError
from desktop_app.gui.thumbnails import ThumbnailItem
from desktop_app.session import SplitSettings


class ScanResult(NamedTuple):
    """What the scanning worker hands to the GUI thread: everything O(n) is worked out there."""

    report: core_dataset.ScanReport
    merged: core_dataset.Dataset | None  # adding a class: the current dataset with the new class joined
    class_problems: list[core_dataset.Problem]  # check_dataset of the dataset the tab will show
    counts: dict[str, dict[str, int]]  # its counts()
    labels: np.ndarray | None  # its labels(): which pictures a class's thumbnails show
    split: tuple[SplitSettings, splitting.SplitFacts] | None  # (split settings, share-out with them) or None


def scanned(scanning, current: core_dataset.Dataset | None, split_settings: SplitSettings):
    """Runs on the worker: the scan, then the merge with the current dataset, the class-level checks and the
    share-out with ``split_settings`` (worked out here, not by a second worker whose Python would compete with
    the GUI thread for the GIL just as the window draws the new dataset)."""
    report = yield from scanning
    merged = current.merge(report.dataset) if current is not None else None
    shown = merged if merged is not None else report.dataset
    if not len(shown):
        return ScanResult(report, merged, [], {}, None, None)
    try:
        split = (split_settings, splitting.split_facts(shown, split_settings.val_fraction,
                                                         split_settings.test_fraction, split_settings.seed))
    except UserError:  # settings the panel reports itself
        split = None
    return ScanResult(report, merged, core_dataset.check_dataset(shown), shown.counts(), shown.labels(), split)


def dataset_key(dataset: core_dataset.Dataset | None) -> tuple | None:
    """Changes whenever the dataset or its classes change (class edits rebuild the samples list)."""
    if dataset is None:
        return None
    return (id(dataset), id(dataset.samples), len(dataset.samples), tuple(dataset.class_names))


class DatasetFacts:
    """The O(n) facts of the dataset shown (class checks, counts, labels), kept per dataset: the scan's worker
    hands them over; only after a class edit are they worked out here again."""

    def __init__(self) -> None:
        self._problems: tuple = (None, [])  # (dataset key, value)
        self._counts: tuple = (None, {})
        self._labels: tuple = (None, None)
        self.scanned_split = None  # the scanning worker's share-out of the dataset it found

    def remember(self, result: ScanResult, shown: core_dataset.Dataset | None) -> None:
        worked_on = result.merged if result.merged is not None else result.report.dataset
        if shown is not worked_on:  # e.g. the dataset was closed while a class was being added
            return
        key = dataset_key(shown)
        self._problems, self._counts = (key, result.class_problems), (key, result.counts)
        self._labels = (key, result.labels)
        self.scanned_split = result.split

    def class_problems(self, dataset: core_dataset.Dataset | None) -> list[core_dataset.Problem]:
        """check_dataset of the dataset, worked out once per change (O(n): 60,000 pictures)."""
        key = dataset_key(dataset)
        if self._problems[0] != key:
            self._problems = (key, core_dataset.check_dataset(dataset) if dataset else [])
        return self._problems[1]

    def counts(self, dataset: core_dataset.Dataset | None) -> dict[str, dict[str, int]]:
        key = dataset_key(dataset)
        if self._counts[0] != key:
            self._counts = (key, dataset.counts() if dataset is not None else {})
        return self._counts[1]

    def samples_of_class(self, dataset: core_dataset.Dataset, label: int) -> list[core_dataset.Sample]:
        key = dataset_key(dataset)
        if self._labels[0] != key:
            self._labels = (key, dataset.labels())
        samples = dataset.samples
        return [samples[i] for i in np.flatnonzero(self._labels[1] == label)]


class ClassThumbnails(Sequence):
    """A class's pictures as thumbnail items, each made when the view first shows it (5,000 at once took
    a tenth of a second on the GUI thread)."""

    def __init__(self, samples: list[core_dataset.Sample], split_names: dict[str, str]) -> None:
        self._samples = samples
        self._split_names = split_names

    def __len__(self) -> int:
        return len(self._samples)

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        sample = self._samples[row]
        path = str(sample.path)
        split = self._split_names.get(sample.split, "") if sample.split else ""
        return ThumbnailItem(path, os.path.basename(path), f"{path}\n{split}" if split else path)
