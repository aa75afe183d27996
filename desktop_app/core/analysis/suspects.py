"""Pictures possibly in the wrong folder: those whose nearest neighbours mostly belong to another class.

The features are the training's own (``features.extract_features``, disk cache included), z-scored over all the
pictures and compared by cosine (the standardised, normalised feature space). Each picture's ``k`` nearest
neighbours leave out the picture itself and its exact copies (same content digest): a copy filed in two classes
would otherwise vouch for either folder.

Flagged: most of its neighbours belong to other classes than its folder's, and they look far more like the
neighbours of a typical picture of one other class (the suggested class) than like those of a typical picture of
its own folder. The second test keeps look-alike classes (cat and dog on CIFAR-10) from flooding the list: a cat
among dogs is common there, an airplane among cats is not. Each class's typical neighbours (the share of each
class among them) are counted on the dataset itself; ``evidence`` is the mean log-ratio per neighbour, and the
score squashes it to 0..1. Nothing is ever moved.

Measured on CIFAR-10 (500 pictures per class, pretrained features, 20 pictures planted in a wrong folder;
benchmarks/bench_suspects.py): k = 40 and an evidence of 1.5 flag about 80 of the 5,000 pictures.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generator, Sequence

import numpy as np

from desktop_app.core import devices
from desktop_app.core.classifiers.knn import KNNClassifier
from desktop_app.core.data.dataset import Dataset, Problem
from desktop_app.core.errors import UserError
from desktop_app.core.events import Event, Message, Phase, check_cancel
from desktop_app.core.extraction import features
from desktop_app.core.extraction.standardizer import Standardizer
from desktop_app.core.output.translation import translate
from desktop_app.core.training_data import problem_line, scan_usable

MAX_NEIGHBOURS, MIN_NEIGHBOURS = 40, 5
MOSTLY = 0.5  # fewer than this share of the neighbours are of the picture's own class
MIN_EVIDENCE = 1.5  # and the neighbours fit the suggested class this much better (``evidence``; score 0.78)
# The typical neighbours of a class are smoothed with this many pretend neighbours spread over all classes, so
# a class never seen among another's neighbours is "rare", not "impossible".
SMOOTHING = 1.0


@dataclass(frozen=True)
class Suspect:
    """One picture that is possibly in the wrong folder (never moved: the user decides)."""

    path: str
    folder_class: str
    suggested_class: str
    score: float  # 0..1: how strongly the neighbours point to suggested_class rather than folder_class
    share: float  # share of the neighbours in suggested_class
    index: int  # row in the search's pictures

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "folder_class": self.folder_class, "suggested_class": self.suggested_class,
                "score": round(self.score, 4), "neighbour_share": round(self.share, 4)}


@dataclass
class SuspectSearch:
    """What the search looked at and found: the pictures whose features could be read (in the dataset's order),
    their classes, their standardised unit-length features, and the suspects, highest score first."""

    class_names: list[str]
    paths: list[str]
    labels: np.ndarray  # int64 [n]
    features: np.ndarray  # float32 [n, d], z-scored then unit length
    suspects: list[Suspect]
    problems: list[Problem] = field(default_factory=list)
    neighbours: int = MAX_NEIGHBOURS


def feature_settings(kind: str, image_size: int | None = None) -> features.FeatureSettings:
    settings = features.FeatureSettings.default(kind)
    return features.FeatureSettings(kind, int(image_size)) if image_size else settings


def normalised_features(dataset: Dataset, settings: features.FeatureSettings, device="cpu", cancel=None,
                        ) -> Generator[Event, None, tuple[np.ndarray, np.ndarray, list[Problem]]]:
    """(features of the readable pictures, z-scored over them and scaled to unit length; which pictures those
    are (bool [n]); the problems of the others)."""
    yield Phase("features", translate("Computing features") if settings.kind == "pixels"
                else translate("Computing features with the pretrained network"))
    samples = dataset.samples
    result = yield from features.extract_features(settings, [s.path for s in samples], [s.digest for s in samples],
                                                  device, cancel=cancel)
    for problem in result.problems:
        yield Message(problem_line(problem), "warning")
    ok = np.asarray(result.ok, dtype=bool)
    if ok.sum() < 2:
        raise UserError(translate("Fewer than two of the pictures could be read, so there is nothing to compare."))
    X = result.features[ok] if not ok.all() else result.features
    X = Standardizer.fit(X).transform(X, out=X)
    X /= np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    return X, ok, list(result.problems)


def neighbour_counts(X: np.ndarray, labels: np.ndarray, digests: Sequence[str | None], n_classes: int,
                     k: int = MAX_NEIGHBOURS, device="cpu", cancel=None) -> np.ndarray:
    """``[n, n_classes]``: how many of each picture's k nearest neighbours (cosine) are in each class, leaving
    out the picture itself and its exact copies."""
    n = len(X)
    group = _copy_groups(digests, n)
    largest_group = int(np.bincount(group).max())
    k = max(1, min(k, n - largest_group))
    search = KNNClassifier(k=1, distance="cosine", device=device).fit(X, labels, n_classes=n_classes)
    _, idx = search.kneighbors(X, k=min(n, k + largest_group), cancel=cancel)
    check_cancel(cancel)
    others = group[idx] != group[:, None]  # the picture and its copies are left out
    keep = others & (np.cumsum(others, axis=1) <= k)  # the k nearest of the rest
    counts = np.zeros((n, n_classes), dtype=np.int64)
    rows = np.repeat(np.arange(n), keep.sum(axis=1))
    np.add.at(counts, (rows, labels[idx[keep]]), 1)
    return counts


def _copy_groups(digests: Sequence[str | None], n: int) -> np.ndarray:
    """One number per picture, shared by exact copies (same digest); a picture without digest is its own."""
    numbers: dict[str, int] = {}
    group = np.empty(n, dtype=np.int64)
    for i, digest in enumerate(digests):
        group[i] = numbers.setdefault(digest, len(numbers)) if digest else n + i  # numbers stay below n
    return group


def evidence(counts: np.ndarray, labels: np.ndarray, n_classes: int) -> np.ndarray:
    """``[n, n_classes]``: for each picture and class c, the mean log-ratio per neighbour of how likely its
    neighbours are for a typical picture of class c against one of its own folder's class (0 for its own class).
    Each class's typical neighbours are the smoothed shares of the classes among its pictures' neighbours."""
    totals = np.zeros((n_classes, n_classes), dtype=np.float64)
    np.add.at(totals, labels, counts)
    typical = (totals + SMOOTHING / n_classes) / (totals.sum(axis=1, keepdims=True) + SMOOTHING)
    log_typical = np.log(typical)  # [class, neighbour class]
    per_neighbour = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    likelihood = per_neighbour @ log_typical.T  # [n, class]: mean log-likelihood of the neighbours
    return likelihood - likelihood[np.arange(len(labels)), labels][:, None]


def flag_suspects(counts: np.ndarray, labels: np.ndarray, class_names: Sequence[str], paths: Sequence[str],
                  ) -> list[Suspect]:
    """The pictures whose neighbours mostly belong to other classes and fit one of them far better than their
    own folder's class; highest score first (ties: dataset order)."""
    rows = np.arange(len(labels))
    weights = evidence(counts, labels, len(class_names))
    weights[rows, labels] = -np.inf
    suggested = weights.argmax(axis=1)
    weight = weights[rows, suggested]
    total = np.maximum(counts.sum(axis=1), 1)
    own_share = counts[rows, labels] / total
    score = 1.0 - np.exp(-np.maximum(weight, 0.0))  # 0: no evidence for another class; towards 1: strong
    flagged = np.flatnonzero((own_share < MOSTLY) & (weight >= MIN_EVIDENCE))
    flagged = flagged[np.argsort(-score[flagged], kind="stable")]
    return [Suspect(str(paths[i]), class_names[labels[i]], class_names[suggested[i]], float(score[i]),
                    float(counts[i, suggested[i]] / total[i]), int(i)) for i in flagged]


def neighbours_for(labels: np.ndarray) -> int:
    """How many neighbours each picture is judged by: a fifth of the median class, from 5 up to 40 (a correct
    picture of a small class must be able to have mostly its own class around it)."""
    sizes = np.bincount(labels)
    return int(np.clip(np.median(sizes[sizes > 0]) // 5, MIN_NEIGHBOURS, MAX_NEIGHBOURS))


def find_suspects(dataset: Dataset, settings: features.FeatureSettings, device="cpu", cancel=None,
                  ) -> Generator[Event, None, SuspectSearch]:
    """The whole search on a scanned dataset (every picture, whatever its split, by its class folder)."""
    if len(dataset.class_names) < 2:
        raise UserError(translate("Looking for pictures in the wrong folder needs at least two classes: make one "
                                  "sub-folder of pictures per class."))
    job = devices.job_device(device)
    X, ok, problems = yield from normalised_features(dataset, settings, job, cancel)
    kept = [s for s, keep in zip(dataset.samples, ok) if keep]
    labels = np.fromiter((s.label for s in kept), dtype=np.int64, count=len(kept))
    paths = [str(s.path) for s in kept]
    k = neighbours_for(labels)
    yield Phase("neighbours", translate("Comparing each of the {n:,} pictures with its {k} nearest neighbours").format(
        n=len(kept), k=k))
    counts = yield from devices.run_step(
        lambda dev: _counts_step(X, labels, [s.digest for s in kept], len(dataset.class_names), k, dev, cancel), job)
    suspects = flag_suspects(counts, labels, dataset.class_names, paths)
    return SuspectSearch(list(dataset.class_names), paths, labels, X, suspects, problems, k)


def _counts_step(X, labels, digests, n_classes, k, device, cancel) -> Generator[Event, None, np.ndarray]:
    return neighbour_counts(X, labels, digests, n_classes, k, device, cancel)
    yield  # a generator, as devices.run_step expects (re-run on the CPU after a GPU failure)


def find_suspects_in_folder(folder: str | Path, feature_kind: str = "pretrained", image_size: int | None = None,
                            device: str = "auto", cancel=None, follow_links: bool = False,
                            ) -> Generator[Event, None, SuspectSearch]:
    """Scan a folder of class folders, then ``find_suspects`` (the CLI's ``suspects`` command)."""
    settings = feature_settings(feature_kind, image_size)
    report = yield from scan_usable(Path(folder), cancel, follow_links)
    return (yield from find_suspects(report.dataset, settings, devices.resolve_device(device), cancel))
