"""Is a picture like the training pictures? The distance to its k-th nearest training picture, among the
features as the extractor gives them, each row scaled to length 1 (Sun et al. 2022, "Out-of-distribution
detection with deep nearest neighbors", who normalise the network's raw embeddings the same way).

Not after the model's standardizer: z-scoring lets the many nearly constant features speak as loud as the
telling ones. On CIFAR-10 (trained on 4 vehicle classes, pretrained features, threshold at 5 % of held-out
vehicles) it flagged 31 % of animal pictures standardised and 69 % as extracted; z-scored pixels even put a
picture of noise nearer the training pictures than some of their own (benchmarks/bench_ood.py).

Every classifier gets one (it needs nothing from the classifier): a seeded sample of the training rows
(``MAX_REFERENCE_ROWS`` and ``MAX_REFERENCE_BYTES`` at most, stored as float16) is kept in the model file, and
the threshold is chosen on pictures that were not among those rows (the other training rows, or each row
against the others when every row is kept), so that about ``FLAGGED_SHARE`` of pictures like the training ones
are flagged. A picture farther than that from its k-th nearest kept row is "not like the training pictures".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from desktop_app.core.classifiers.classifier_base import is_int, is_number
from desktop_app.core.events import check_cancel
from desktop_app.core.output.translation import translate

FLAGGED_SHARE = 0.05  # of pictures like the training ones, flagged "not like the training pictures"
MAX_REFERENCE_ROWS = 5000
MAX_REFERENCE_BYTES = 16 << 20  # float16 rows kept in the model file (a 1,280-feature row: 2.5 KB)
MAX_CALIBRATION_ROWS = 2000  # held-out rows the threshold is chosen on
MAX_K = 10  # the k-th neighbour; never more than half the smallest class's kept rows
MIN_ROWS = 2  # fewer kept rows: no check at all (too few pictures to tell)
_QUERY_CHUNK = 256  # rows a step: a stop asked for is seen within a fraction of a second

META_KEY = "novelty"
TENSOR_NAME = "novelty.reference"
TENSOR_DTYPES = (torch.float16, torch.float32)


@dataclass
class NoveltyCheck:
    """Kept training rows (length 1, float16) and the distance beyond which a picture is unlike them."""

    reference: np.ndarray  # [rows, features]
    k: int
    threshold: float
    held_out: int  # pictures the threshold was chosen on
    flagged_held_out: float  # the share of them beyond it

    def scores(self, X: np.ndarray) -> np.ndarray:
        """Distance from each row of X (features as extracted) to its k-th nearest kept row, 0 to 2."""
        return _kth_distance(X, np.asarray(self.reference, dtype=np.float32), self.k)

    def flags(self, scores: np.ndarray) -> np.ndarray:
        return np.asarray(scores) > self.threshold

    def to_meta(self) -> dict[str, Any]:
        return {"k": int(self.k), "threshold": float(self.threshold), "held_out": int(self.held_out),
                "flagged_held_out": float(self.flagged_held_out), "rows": int(len(self.reference))}

    def to_tensors(self) -> dict[str, torch.Tensor]:
        return {TENSOR_NAME: torch.from_numpy(np.ascontiguousarray(self.reference, dtype=np.float16))}

    @classmethod
    def from_parts(cls, meta: dict[str, Any], tensors: dict[str, torch.Tensor]) -> "NoveltyCheck":
        reference = tensors[TENSOR_NAME].to(torch.float32).numpy()
        return cls(reference, int(meta["k"]), float(meta["threshold"]), int(meta["held_out"]),
                   float(meta["flagged_held_out"]))


def _unit_rows(X: np.ndarray) -> np.ndarray:
    """The rows scaled to length 1, as a new float32 array (a row of zeros stays zeros)."""
    X = np.array(X, dtype=np.float32)
    X /= np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    return X


def _kth_distance(X: np.ndarray, reference: np.ndarray, k: int, rows: np.ndarray | None = None,
                  skip_self: bool = False, cancel=None) -> np.ndarray:
    """Euclidean distance of the rows of X (``rows`` of it when given), scaled to length 1, to their k-th
    nearest reference row (unit rows), a chunk at a time (``skip_self``: X is the reference itself, each row
    left out of its own neighbours: ``rows`` are then indices into the reference)."""
    count = len(rows) if rows is not None else len(X)
    out = np.empty(count, dtype=np.float32)
    kept = torch.from_numpy(np.ascontiguousarray(reference, dtype=np.float32))
    for start in range(0, count, _QUERY_CHUNK):
        check_cancel(cancel)
        stop = min(start + _QUERY_CHUNK, count)
        chunk = X[rows[start:stop]] if rows is not None else X[start:stop]
        similarity = torch.from_numpy(_unit_rows(chunk)) @ kept.T
        if skip_self:
            own = torch.from_numpy(np.asarray(rows[start:stop] if rows is not None else np.arange(start, stop)))
            similarity[torch.arange(len(similarity)), own] = -torch.inf
        kth = torch.topk(similarity, k, dim=1, sorted=True).values[:, k - 1].numpy()
        out[start:stop] = np.sqrt(np.maximum(2.0 - 2.0 * kth, 0.0))
    return out


def reference_rows(n_rows: int, dimension: int) -> int:
    """How many training rows are kept: all of them up to the row and byte caps."""
    return int(min(n_rows, MAX_REFERENCE_ROWS, MAX_REFERENCE_BYTES // (2 * max(1, dimension))))


def fit_novelty(X: np.ndarray, labels: np.ndarray, seed: int = 0, cancel=None) -> NoveltyCheck | None:
    """The check for a model trained on the rows ``X`` (as extracted) with ``labels``; None with too few rows.
    Only the rows it keeps or holds out are copied. Raises ``Cancelled`` when ``cancel`` is set."""
    n, dimension = X.shape
    kept = reference_rows(n, dimension)
    if kept < MIN_ROWS:
        return None
    order = np.random.default_rng(seed).permutation(n)
    chosen, rest = np.sort(order[:kept]), np.sort(order[kept:kept + MAX_CALIBRATION_ROWS])
    reference = _unit_rows(X[chosen]).astype(np.float16)
    counts = np.bincount(np.asarray(labels)[chosen])
    smallest_class = int(counts[counts > 0].min())
    k = max(1, min(MAX_K, smallest_class // 2, kept - 1))
    wide = reference.astype(np.float32)  # as prediction will compare: the stored float16 values
    if len(rest):  # pictures the kept rows do not include: held out as they are
        scores = _kth_distance(X, wide, k, rows=rest, cancel=cancel)
    else:  # every row kept: each one (of a sample) against the others
        some = np.sort(order[:min(kept, MAX_CALIBRATION_ROWS)])
        scores = _kth_distance(wide, wide, k, rows=np.searchsorted(chosen, some), skip_self=True, cancel=cancel)
    threshold = float(np.quantile(scores, 1.0 - FLAGGED_SHARE))
    return NoveltyCheck(reference, k, threshold, len(scores), float(np.mean(scores > threshold)))


def check_part(meta: dict, tensors: dict[str, torch.Tensor], n_features: int) -> None:
    """ValueError (a few words) when a model's stored check is not whole; absent (older files) is fine."""
    part = meta.get(META_KEY)
    if part is None:
        if TENSOR_NAME in tensors:
            raise ValueError(translate("it holds kept training rows without their description"))
        return
    if not isinstance(part, dict):
        raise ValueError(translate("its check for unfamiliar pictures is of the wrong type"))
    reference = tensors.get(TENSOR_NAME)
    if reference is None or reference.dtype not in TENSOR_DTYPES or reference.dim() != 2:
        raise ValueError(translate("its kept training rows are missing or of the wrong type"))
    rows = reference.shape[0]
    if reference.shape[1] != n_features or not MIN_ROWS <= rows <= MAX_REFERENCE_ROWS:
        raise ValueError(translate("its kept training rows have shape {shape}").format(shape=list(reference.shape)))
    if not bool(torch.isfinite(reference).all()):
        raise ValueError(translate("its kept training rows hold numbers that are not finite (NaN or infinity)"))
    k, threshold, held_out, share = (part.get(key) for key in ("k", "threshold", "held_out", "flagged_held_out"))
    if not is_int(k) or not 1 <= k < rows or part.get("rows") != rows:
        raise ValueError(translate("its check for unfamiliar pictures counts its neighbours wrongly"))
    if not is_number(threshold) or not 0.0 <= threshold <= 2.0:
        raise ValueError(translate("its distance for unfamiliar pictures is not possible"))
    if not is_int(held_out) or held_out < 1 or not is_number(share) or not 0.0 <= share <= 1.0:
        raise ValueError(translate("its figures for unfamiliar pictures are not possible"))
