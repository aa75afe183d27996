"""The map of a dataset: every picture's features laid out in two dimensions, with the pictures possibly in the
wrong folder (``suspects``) found on the same features.

Layouts: ``pca`` (the default: the two directions in which the standardised features vary most; every picture,
a fraction of a second for 10,000) and ``tsne`` (scikit-learn's t-SNE, which keeps near pictures near and so
shows clusters better, but takes seconds per thousand pictures: it places a random sample of at most
``TSNE_MAX_POINTS`` pictures, chosen with the seed, after a PCA to ``TSNE_PCA_DIMENSIONS`` dimensions).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generator

import numpy as np

from desktop_app.core import preload
from desktop_app.core.analysis import suspects as suspects_module
from desktop_app.core.data.dataset import Dataset, Problem
from desktop_app.core.errors import UserError
from desktop_app.core.events import Event, Phase, check_cancel
from desktop_app.core.extraction.features import FeatureSettings
from desktop_app.core.output.translation import translate

METHODS = ("pca", "tsne")
METHOD_TITLES = {"pca": "PCA", "tsne": "t-SNE"}
TSNE_MAX_POINTS = 1500  # about 10 s on 2 idle cores; t-SNE itself cannot stop half-way
TSNE_PCA_DIMENSIONS = 50


@dataclass
class DatasetMap:
    """Where each picture lies on the map. ``xy[i]`` places picture ``rows[i]`` of ``search.paths`` (all of them
    for PCA, a sample for t-SNE); the suspects are found on all pictures either way."""

    search: suspects_module.SuspectSearch
    method: str
    rows: np.ndarray  # int64 [m]
    xy: np.ndarray  # float32 [m, 2]

    @property
    def class_names(self) -> list[str]:
        return self.search.class_names

    @property
    def suspects(self) -> list[suspects_module.Suspect]:
        return self.search.suspects

    @property
    def problems(self) -> list[Problem]:
        return self.search.problems

    @property
    def sampled(self) -> bool:
        """Only some of the pictures are placed (t-SNE on many pictures)."""
        return len(self.rows) < len(self.search.paths)


def sample_rows(n: int, method: str, seed: int = 0) -> np.ndarray:
    """The pictures a layout places: all for PCA, at most ``TSNE_MAX_POINTS`` (sorted, chosen with ``seed``) for
    t-SNE."""
    if method == "tsne" and n > TSNE_MAX_POINTS:
        return np.sort(np.random.default_rng(seed).choice(n, size=TSNE_MAX_POINTS, replace=False)).astype(np.int64)
    return np.arange(n, dtype=np.int64)


def layout_2d(X: np.ndarray, method: str = "pca", seed: int = 0) -> np.ndarray:
    """``[len(X), 2]`` float32 coordinates of the rows of ``X`` (all of them: sample first for t-SNE)."""
    if method not in METHODS:
        raise UserError(translate("Unknown kind of map \"{name}\". Choose one of: {names}.").format(
            name=method, names=", ".join(METHODS)))
    n = len(X)
    if n < 3:  # too few to find directions in: a row of points
        return np.column_stack([np.arange(n), np.zeros(n)]).astype(np.float32)
    preload.wait_for_scikit_learn()  # imported on the engine thread just after it is ready
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    if method == "pca":
        return PCA(n_components=2, svd_solver="randomized", random_state=seed).fit_transform(X).astype(np.float32)
    reduced = X
    if X.shape[1] > TSNE_PCA_DIMENSIONS and n > TSNE_PCA_DIMENSIONS:
        reduced = PCA(n_components=TSNE_PCA_DIMENSIONS, svd_solver="randomized", random_state=seed).fit_transform(X)
    perplexity = float(min(30.0, max(1.0, (n - 1) / 3)))
    return TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed).fit_transform(
        reduced).astype(np.float32)


def map_dataset(dataset: Dataset, settings: FeatureSettings, method: str = "pca", device="cpu", cancel=None,
                seed: int = 0) -> Generator[Event, None, DatasetMap]:
    """Features, the suspects, then the layout: one step the window runs on its worker (cancellable between
    the parts; the layout itself takes at most a few seconds)."""
    if method not in METHODS:
        raise UserError(translate("Unknown kind of map \"{name}\". Choose one of: {names}.").format(
            name=method, names=", ".join(METHODS)))
    search = yield from suspects_module.find_suspects(dataset, settings, device, cancel)
    rows = sample_rows(len(search.paths), method, seed)
    placed = translate("{n:,} of the {total:,} pictures").format(n=len(rows), total=len(search.paths)) \
        if len(rows) < len(search.paths) else translate("the {n:,} pictures").format(n=len(rows))
    yield Phase("layout", translate("Laying out {pictures} ({method})").format(pictures=placed,
                                                                               method=METHOD_TITLES[method]))
    check_cancel(cancel)
    xy = layout_2d(search.features[rows], method, seed)
    check_cancel(cancel)
    return DatasetMap(search, method, rows, xy)
