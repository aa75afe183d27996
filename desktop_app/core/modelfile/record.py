"""The reproducible record of a training run, kept in the model file beside the model.

It says what was learnt from and how: a fingerprint of the dataset (a hash of the sorted list of each picture's
content digest, class and split: the scan's digests, not a new read of the files), the seed, every setting as
given and as chosen (and why), the library versions and the device, the dataset's table and problems, and the
curves drawn while training (loss and accuracy per epoch, accuracy per k). Training twice with the same seed
on the same pictures gives the same fingerprint; the report (core/report) is written from it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
from typing import Any, Generator, Iterable

from desktop_app.core.data.dataset import Dataset, Problem, problems_to_show
from desktop_app.core.events import CrossValidationPoint, EpochMetrics, HyperparametersChosen, SearchPoint
from desktop_app.core.output.translation import translate

RECORD_KEY = "record"  # the part of model.json that holds it (checked by model_check._check_record)
RECORD_VERSION = 1
MAX_CURVE_POINTS = 10_000  # per curve: a model file never grows by a runaway list
MAX_PROBLEM_KINDS = 50


def dataset_fingerprint(dataset: Dataset) -> str:
    """SHA-256 (hex) of the sorted (content digest, class, split) list: the same pictures in the same classes
    and splits give the same fingerprint, wherever the folder lies and whatever the files are called."""
    rows = sorted((s.digest or "", dataset.class_names[s.label], s.split or "train") for s in dataset.samples)
    hasher = hashlib.sha256()
    for digest, name, split in rows:
        hasher.update("\0".join((digest, name, split)).encode("utf-8", "surrogateescape") + b"\n")
    return hasher.hexdigest()


class CurveRecorder:
    """Keeps what a training run draws (``watch`` passes every event on unchanged) for the record."""

    def __init__(self) -> None:
        self.epochs: list[dict[str, Any]] = []  # the final model's epochs
        self.cross_validation: list[dict[str, Any]] = []  # kNN: accuracy per (k, distance)
        self.search: list[dict[str, Any]] = []  # linear: validation accuracy per tried setting
        self.reasons: list[str] = []  # why the settings were chosen, as the training log says it

    def watch(self, step: Generator) -> Generator:
        """``result = yield from recorder.watch(step)``: the step's events pass through, noted on the way."""
        while True:
            try:
                event = next(step)
            except StopIteration as stop:
                return stop.value
            self._note(event)
            yield event

    def _note(self, event) -> None:
        if isinstance(event, EpochMetrics) and event.run == "final":
            if self.epochs and event.epoch <= self.epochs[-1]["epoch"]:
                self.epochs.clear()  # the step was run again (on the CPU, after a GPU failure)
            _append(self.epochs, {"epoch": event.epoch, "loss": event.loss, "train_accuracy": event.train_accuracy,
                                  "val_accuracy": event.val_accuracy})
        elif isinstance(event, CrossValidationPoint):
            _append(self.cross_validation, {"k": event.k, "distance": event.distance,
                                            "mean_accuracy": event.mean_accuracy, "std_accuracy": event.std_accuracy})
        elif isinstance(event, SearchPoint):
            _append(self.search, {"params": dict(event.params), "val_accuracy": event.val_accuracy})
        elif isinstance(event, HyperparametersChosen):
            self.reasons.append(event.reason)

    def to_dict(self) -> dict[str, Any]:
        return {"epochs": self.epochs, "cross_validation": self.cross_validation, "search": self.search}


def _append(points: list, point: dict) -> None:
    if len(points) < MAX_CURVE_POINTS:
        points.append(point)


def class_table(dataset: Dataset) -> dict[str, dict[str, int]]:
    """Pictures per class and split, as trained on ({class: {"train": n, "val": n, "test": n}})."""
    table = {name: {"train": 0, "val": 0, "test": 0} for name in dataset.class_names}
    for sample in dataset.samples:
        table[dataset.class_names[sample.label]][sample.split or "train"] += 1
    return table


def problem_summary(problems: Iterable[Problem], class_names: Iterable[str]) -> list[dict[str, Any]]:
    """The problems found, one entry per kind: how many, and the first one's file and words. Not every message:
    a folder of 30 tiny classes has 30 messages of 300 bytes each, and a model file's description is capped."""
    summary: dict[tuple[str, str], dict[str, Any]] = {}
    for problem in problems_to_show(problems, class_names):
        key = (problem.kind, problem.severity)
        if key in summary:
            summary[key]["count"] += 1
        elif len(summary) < MAX_PROBLEM_KINDS:
            summary[key] = {"kind": problem.kind, "severity": problem.severity, "count": 1,
                            "path": str(problem.path), "message": problem.message}
    return list(summary.values())


def config_settings(config) -> dict[str, Any]:
    """Every setting of a ``training.TrainingConfig`` as given, as plain JSON values (the dataset itself is
    recorded by its fingerprint and table, not its file list)."""
    values = {field.name: getattr(config, field.name) for field in dataclasses.fields(config)
              if field.name != "dataset"}
    if "warm_start" in values:  # a retrain starts from the model in use: recorded as a fact, not the model itself
        values["warm_start"] = values["warm_start"] is not None
    return {key: os.path.abspath(value) if isinstance(value, os.PathLike) else value for key, value in values.items()}


def build_record(dataset: Dataset, problems: Iterable[Problem], settings: dict[str, Any], chosen: dict[str, Any],
                 curves: CurveRecorder, versions: dict[str, str], device: str) -> dict[str, Any]:
    """The record of one training run (JSON-able). ``settings``: as given (the TrainingConfig's values);
    ``chosen``: the settings the classifier was trained with."""
    return {
        "version": RECORD_VERSION,
        "dataset_fingerprint": dataset_fingerprint(dataset),
        "pictures": len(dataset.samples),
        "classes": class_table(dataset),
        "problems": problem_summary(problems, dataset.class_names),
        "seed": settings.get("seed"),
        "settings": settings,
        "chosen": chosen,
        "reasons": list(curves.reasons),
        "curves": curves.to_dict(),
        "versions": dict(versions),
        "device": device,
    }


# -- checking a record read from a file (model_check._check_record) ------------------------------------------------
_TEXT_FIELDS = ("dataset_fingerprint", "device")
_DICT_FIELDS = ("classes", "settings", "chosen", "curves", "versions")
_LIST_FIELDS = ("problems", "reasons")


def check_record(value: Any, class_names: list[str]) -> None:
    """ValueError (a few words) when a stored record is not one this module writes; {} (no record) is fine."""
    if not isinstance(value, dict):
        raise ValueError(translate("is of the wrong type"))
    if not value:
        return
    for key in _TEXT_FIELDS:
        if not isinstance(value.get(key, ""), str):
            raise ValueError(translate("has a {key} that is not text").format(key=key))
    for key in _DICT_FIELDS:
        if not isinstance(value.get(key, {}), dict):
            raise ValueError(translate("has {key} of the wrong type").format(key=key))
    for key in _LIST_FIELDS:
        items = value.get(key, [])
        if not isinstance(items, list) or len(items) > MAX_CURVE_POINTS:
            raise ValueError(translate("has {key} of the wrong type or length").format(key=key))
    seed, pictures = value.get("seed"), value.get("pictures", 0)
    if seed is not None and not _is_count(seed) or not _is_count(pictures):
        raise ValueError(translate("has a seed or picture count that is not a whole number"))
    for name, counts in value.get("classes", {}).items():
        if name not in class_names or not isinstance(counts, dict) or not all(
                _is_count(n) for n in counts.values()):
            raise ValueError(translate("has a table of pictures that does not match the model's classes"))
    if not all(isinstance(problem, dict) and _is_count(problem.get("count", 0)) and all(
            isinstance(text, str) for key, text in problem.items() if key != "count")
               for problem in value.get("problems", [])):
        raise ValueError(translate("has a list of problems of the wrong type"))
    for name, points in value.get("curves", {}).items():
        if not isinstance(points, list) or len(points) > MAX_CURVE_POINTS or not all(
                isinstance(point, dict) for point in points):
            raise ValueError(translate("has a {name} curve of the wrong type or length").format(name=name))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0

