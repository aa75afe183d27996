"""k-nearest neighbours in torch: L1, L2 or cosine distance, blockwise (bounded memory), with calibrated votes."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from desktop_app.core.classifiers import registry
from desktop_app.core.classifiers.classifier_base import (Hyperparameters, as_features, as_labels, as_torch_device, check_fit_inputs,
                                              check_rules, is_confidence_map, is_int, is_number, to_numpy)
from desktop_app.core.classifiers.calibration import apply_confidence_map, calibrated_votes
from desktop_app.core.events import check_cancel
from desktop_app.core.output.translation import translatable, translate
from desktop_app.core.classifiers.knn_exact import (CANDIDATE_MARGIN, brute_force_nearest, close_cuts,
                                        nearest_by_exact_distance, sort_by_value_then_index)

DISTANCES = ("l1", "l2", "cosine")
WEIGHTINGS = ("majority", "distance")
HYPERPARAMETER_RULES = {
    "k": lambda v: is_int(v) and v >= 1,
    "distance": lambda v: v in DISTANCES,
    "weighting": lambda v: v in WEIGHTINGS,
    "query_chunk": lambda v: v is None or (is_int(v) and v >= 1),
    "train_chunk": lambda v: v is None or (is_int(v) and v >= 1),
    "seed": lambda v: v is None or is_int(v),
    "smoothing": lambda v: is_number(v) and v >= 0,
    "temperature": lambda v: is_number(v) and v > 0,
    "uniform_share": lambda v: is_number(v) and 0 <= v < 1,
    "confidence_map": is_confidence_map,
}
TIE_BONUS = 1e-4  # large enough to survive float32 calibration, too small to matter as a probability


def vote(neighbor_labels: torch.Tensor, neighbor_distances: torch.Tensor, n_classes: int,
         weighting: str = "majority") -> tuple[torch.Tensor, torch.Tensor]:
    """Class shares and winners from the labels/distances of each query's neighbours ``[n, k]``.

    Shares are vote fractions (``majority``) or fractions of the summed 1/distance weights (``distance``;
    neighbours at distance zero, exact duplicates, then take all the vote, as in scikit-learn).
    Ties between classes are broken the same way every time: the tied class whose neighbours have the
    smallest summed distance wins, and if that ties too, the lowest class index. The winner's share gets a tiny
    bonus where classes tie (``TIE_BONUS``, then renormalised) so that the first arg-max of the shares, and of any
    order-preserving probability made from them, is the winner: search, evaluation and prediction agree.
    """
    n = neighbor_labels.shape[0]
    distances = neighbor_distances.float()
    if weighting == "distance":
        exact = distances <= 1e-12
        has_exact = exact.any(dim=1, keepdim=True)
        weights = torch.where(has_exact, exact.float(), 1.0 / distances.clamp_min(1e-12))
    else:
        weights = torch.ones_like(distances)
    votes = torch.zeros(n, n_classes, device=distances.device).scatter_add_(1, neighbor_labels, weights)
    summed = torch.zeros(n, n_classes, device=distances.device).scatter_add_(1, neighbor_labels, distances)
    tied = votes == votes.max(dim=1, keepdim=True).values
    summed = torch.where(tied, summed, torch.full_like(summed, math.inf))
    best = (summed == summed.min(dim=1, keepdim=True).values) & tied
    winners = best.to(torch.uint8).argmax(dim=1)  # argmax returns the first maximum: the lowest class index
    shares = votes / votes.sum(dim=1, keepdim=True).clamp_min(1e-30)
    bonus = (tied.sum(dim=1, keepdim=True) > 1).float() * TIE_BONUS  # only where classes tie
    shares = shares.scatter_add(1, winners[:, None], bonus)
    return shares / shares.sum(dim=1, keepdim=True), winners


_PACKED_MULTIPLY_WORKS: bool | None = None  # probed once per process (``_packed_multiply_works``)


def _packed_multiply(q: torch.Tensor, rows: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """``q @ rows.T + bias`` by oneDNN, ``rows`` reordered into its blocked layout first (a few ms per block).

    On the CPU this was 2.0 s against 2.5 s for torch's MKL multiply on 2,000 x 1280 x 50,000 (2 AMD cores):
    MKL does not use its fastest code on AMD processors, oneDNN does on any x86 one."""
    packed = torch.ops.mkldnn._reorder_linear_weight(rows, q.shape[0])
    return torch.ops.mkldnn._linear_pointwise(q, packed, bias, "none", [], "")


def _packed_multiply_works() -> bool:
    """Whether this PyTorch has oneDNN's packed multiply and it agrees with ``addmm`` (else addmm is used)."""
    global _PACKED_MULTIPLY_WORKS
    if _PACKED_MULTIPLY_WORKS is None:
        generator = torch.Generator().manual_seed(0)
        q, rows, bias = (torch.randn(shape, generator=generator) for shape in ((7, 33), (19, 33), (19,)))
        try:
            agrees = torch.allclose(_packed_multiply(q, rows, bias), torch.addmm(bias, q, rows.T),
                                    rtol=1e-4, atol=1e-4)
        except (AttributeError, RuntimeError, NotImplementedError):  # a build without oneDNN (e.g. some ARM)
            agrees = False
        _PACKED_MULTIPLY_WORKS = bool(agrees)
    return _PACKED_MULTIPLY_WORKS


def _smallest_by_score_then_index(block: torch.Tensor, count: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The ``count`` smallest scores of each row and their column indices, equal scores by lower column first.

    ``topk`` picks among equal scores arbitrarily, so where the last two picked scores are equal (a tie at the
    cut, rare with real-valued features, common with duplicates) that row is redone with a stable sort. One more
    than the k needed is kept per block, so a tie at a block's cut is always visible this way.
    """
    count = min(count, block.shape[1])
    if count == block.shape[1]:
        idx = torch.arange(count, device=block.device).expand(block.shape[0], count)
        return block.clone(), idx  # the block lives in a reused buffer
    values, idx = torch.topk(block, count, dim=1, largest=False, sorted=False)
    cut = values.max(dim=1, keepdim=True).values
    tied = torch.nonzero((values == cut).sum(dim=1) > 1).flatten()
    if len(tied):
        ordered, positions = torch.sort(block[tied], dim=1, stable=True)
        values, idx = values.clone(), idx.clone()
        values[tied], idx[tied] = ordered[:, :count], positions[:, :count]
    return values, idx


class KNNClassifier(Hyperparameters):
    """k-nearest neighbours with L1, L2 (Euclidean) or cosine distance.

    Probabilities are calibrated votes, ``(1 - u) softmax(log(share + smoothing) / temperature) + u / C`` with
    u = ``uniform_share``, all fitted on held-out votes (``calibration.fit_vote_calibration``); the defaults
    (0, 1, 0) give the bare vote shares.

    Prediction compares queries with all training features in blocks (``query_chunk`` x ``train_chunk``),
    so memory stays bounded for large training sets. L2 uses ``|x|^2 - 2 q.x`` through one matrix multiply
    per block (train norms precomputed; on the CPU oneDNN's packed multiply, ``_packed_multiply``) and keeps
    each block's best candidates (``topk``, unsorted) before merging; the distances of the chosen candidates are
    then recomputed directly, so duplicates have distance 0 (``knn_exact``: a few more candidates than k, and a
    re-check against all training pictures where rounding could decide the cut, so the neighbours are exact).
    Neighbours are ordered by distance, equal distances by lower training index.
    """

    kind = "knn"

    def __init__(self, k: int = 5, distance: str = "l2", weighting: str = "majority",
                 device: torch.device | str = "cpu", query_chunk: int | None = None,
                 train_chunk: int | None = None, seed: int | None = None, smoothing: float = 0.0,
                 temperature: float = 1.0, uniform_share: float = 0.0,
                 confidence_map: dict[str, list[float]] | None = None) -> None:
        self.k = int(k)
        self.distance = distance
        self.weighting = weighting
        self.device = as_torch_device(device)
        self.query_chunk = query_chunk
        self.train_chunk = train_chunk
        self.seed = seed  # accepted for a uniform constructor; kNN has no randomness
        self.smoothing = float(smoothing)
        self.temperature = float(temperature)
        self.uniform_share = float(uniform_share)
        self.confidence_map = confidence_map  # winner's probability -> held-out accuracy (calibration.py)

    def check_hyperparameters(self) -> None:
        check_rules(self.get_params(), HYPERPARAMETER_RULES)

    # fitting -------------------------------------------------------------------------------------------------
    def fit(self, X, y, X_val=None, y_val=None, n_classes: int | None = None, cancel=None) -> "KNNClassifier":
        """Remember the training data (validation data is not used: kNN is calibrated on cross-validation)."""
        self.check_hyperparameters()
        features = as_features(X, self.device).contiguous()
        labels = as_labels(y, self.device)
        self.n_classes_ = check_fit_inputs(features, labels, n_classes)
        self.train_features_ = features
        self.train_labels_ = labels
        self.n_features_in_ = features.shape[1]
        self._prepare()
        return self

    def _prepare(self) -> None:
        """Per-distance precomputation on the training features."""
        self._train_sq_norms = None
        self._train_unit = None
        self._largest_norm_ = None
        if self.distance == "l2":
            # in blocks: squaring all training features at once would briefly double their memory
            self._train_sq_norms = torch.cat([block.pow(2).sum(dim=1) for block in self.train_features_.split(8192)])
        elif self.distance == "cosine":
            self._train_unit = F.normalize(self.train_features_, dim=1)

    def to(self, device: torch.device | str) -> "KNNClassifier":
        self.device = as_torch_device(device)
        if hasattr(self, "train_features_"):
            self.train_features_ = self.train_features_.to(self.device)
            self.train_labels_ = self.train_labels_.to(self.device)
            self._prepare()
        return self

    # neighbours ----------------------------------------------------------------------------------------------
    def _chunks(self) -> tuple[int, int]:
        if self.device.type == "cpu":
            # measured on 2 cores: a 4096 x 2048 score block (32 MB) keeps the multiply near peak speed
            defaults = (4096, 2048)
        elif self.device.type == "mps":
            defaults = (2048, 16384)
        else:
            defaults = (4096, 32768)
        if self.distance == "l1" and self.device.type == "cpu":
            # cdist with p=1 costs ~1.3 ns per query x train x feature on 2 cores whatever the block shape, so
            # small blocks (~0.1 s each) lose no speed and keep cancel checks well under 0.5 s apart
            train_rows = max(32, (1 << 26) // (512 * max(1, self.n_features_in_)))
            defaults = (512, train_rows)
        return self.query_chunk or defaults[0], self.train_chunk or defaults[1]

    def _check_fitted(self) -> None:
        self.check_fitted("train_features_")

    def _neighbors(self, X, k: int, cancel=None) -> tuple[torch.Tensor, torch.Tensor]:
        """Distances and training indices of the k nearest neighbours, both ``[n, k]`` on the device."""
        self._check_fitted()
        queries = as_features(X)
        if queries.shape[1] != self.n_features_in_:
            raise ValueError(f"Expected {self.n_features_in_} features per example, got {queries.shape[1]}.")
        n_train = self.train_features_.shape[0]
        k = max(1, min(int(k), n_train))
        candidates = min(k + CANDIDATE_MARGIN, n_train)
        query_chunk, train_chunk = self._chunks()
        train_chunk = min(train_chunk, n_train)
        # equal query chunks: a short last chunk would run the matrix multiply below its best speed
        query_chunk = math.ceil(queries.shape[0] / max(1, math.ceil(queries.shape[0] / query_chunk)))
        all_dist, all_idx = [], []
        buffer = None
        for start in range(0, queries.shape[0], query_chunk):
            check_cancel(cancel)
            q = queries[start:start + query_chunk].to(self.device)
            q_ranked = F.normalize(q, dim=1) if self.distance == "cosine" else q
            if buffer is None:
                buffer = torch.empty(min(query_chunk, queries.shape[0]) * train_chunk, device=self.device)
            cand_scores, cand_idx = [], []
            for t in range(0, n_train, train_chunk):
                check_cancel(cancel)
                block = self._block_scores(q_ranked, t, min(train_chunk, n_train - t), buffer)
                values, idx = _smallest_by_score_then_index(block, candidates + 1)
                cand_scores.append(values)
                cand_idx.append(idx + t)
            scores = torch.cat(cand_scores, dim=1)
            idx = torch.cat(cand_idx, dim=1)
            # deterministic merge: order candidates by (score, training index) and keep the first ones
            scores, idx = sort_by_value_then_index(scores, idx)
            dist, idx = nearest_by_exact_distance(self.train_features_, q, idx[:, :candidates], k, self.distance,
                                                  self._train_unit)
            close = torch.nonzero(close_cuts(scores[:, :candidates], k, q, self.distance, self._largest_norm(),
                                             self._score_scale())).flatten()
            if len(close) and candidates < n_train:
                dist[close], idx[close] = brute_force_nearest(self.train_features_, q[close], k, self.distance,
                                                              self._train_unit)
            all_dist.append(dist)
            all_idx.append(idx)
        if not all_dist:
            empty = torch.empty(0, k, device=self.device)
            return empty, empty.long()
        return torch.cat(all_dist), torch.cat(all_idx)

    def _largest_norm(self) -> float:
        if getattr(self, "_largest_norm_", None) is None:
            self._largest_norm_ = float(self.train_features_.norm(dim=1).max()) if len(self.train_features_) else 0.0
        return self._largest_norm_

    def _score_scale(self) -> float:
        """L2 scores are |x|^2/2 - q.x with the packed multiply, twice that with addmm (``_block_scores``)."""
        packed = self.device.type == "cpu" and _packed_multiply_works()
        return 1.0 if packed or self.distance != "l2" else 2.0

    def _block_scores(self, q: torch.Tensor, start: int, length: int, buffer: torch.Tensor) -> torch.Tensor:
        """A ``[len(q), length]`` block ordered like the distances (smaller = nearer); q is unit length for cosine."""
        if self.device.type == "cpu" and self.distance != "l1" and _packed_multiply_works():
            if self.distance == "l2":
                # q.x - |x|^2 / 2 = -(|q - x|^2 - |q|^2) / 2: larger is nearer, so negated
                rows, bias = self.train_features_, self._train_sq_norms[start:start + length] * -0.5
            else:
                rows, bias = self._train_unit, None
            return _packed_multiply(q, rows[start:start + length], bias).neg_()
        out = buffer[: q.shape[0] * length].view(q.shape[0], length)
        if self.distance == "l2":
            # |q - x|^2 = |q|^2 + |x|^2 - 2 q.x ; |q|^2 is the same for a whole row, so it is left out here
            torch.addmm(self._train_sq_norms[start:start + length].unsqueeze(0), q,
                        self.train_features_[start:start + length].T, beta=1.0, alpha=-2.0, out=out)
            return out
        if self.distance == "cosine":
            torch.mm(q, self._train_unit[start:start + length].T, out=out)
            return out.neg_()
        return torch.cdist(q, self.train_features_[start:start + length], p=1.0)

    def kneighbors(self, X, k: int | None = None, cancel=None) -> tuple[np.ndarray, np.ndarray]:
        """``(distances [n, k] float32, indices [n, k] int64)`` into the training set, nearest first."""
        dist, idx = self._neighbors(X, k or self.k, cancel)
        return to_numpy(dist), to_numpy(idx)

    # prediction ----------------------------------------------------------------------------------------------
    def vote_shares(self, X, cancel=None) -> np.ndarray:
        """Uncalibrated vote shares ``[n, n_classes]`` (winner first on ties; see ``vote``)."""
        dist, idx = self._neighbors(X, self.k, cancel)
        return to_numpy(vote(self.train_labels_[idx], dist, self.n_classes_, self.weighting)[0])

    def predict_proba(self, X, cancel=None) -> np.ndarray:
        """Calibrated vote probabilities per class ``[n, n_classes]``."""
        return to_numpy(self.probabilities_from_neighbours(*self._neighbors(X, self.k, cancel)))

    def probabilities_from_neighbours(self, dist: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        """The calibrated vote from the neighbours' distances and training indices ``[n, k]`` (torch ops only:
        the ONNX export runs this same code on its own neighbour search)."""
        shares = vote(self.train_labels_[idx], dist, self.n_classes_, self.weighting)[0]
        proba = calibrated_votes(shares, self.smoothing, self.temperature, self.uniform_share)
        return apply_confidence_map(proba, self.confidence_map)

    def predict(self, X, cancel=None) -> np.ndarray:
        """Winning class per example: the first arg-max of the probabilities (ties as in ``vote``)."""
        return self.predict_proba(X, cancel).argmax(axis=1).astype(np.int64)

    # saving --------------------------------------------------------------------------------------------------
    def get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        self._check_fitted()
        params = {"type": self.kind, "hyperparameters": self.saved_params(), "n_classes": self.n_classes_,
                  "n_features": self.n_features_in_}
        tensors = {"train_features": self.train_features_.detach().to("cpu").contiguous(),
                   "train_labels": self.train_labels_.detach().to("cpu").contiguous()}
        return params, tensors

    @classmethod
    def from_state(cls, params: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device | str = "cpu") -> "KNNClassifier":
        model = cls(**params["hyperparameters"], device=device)
        return model.fit(tensors["train_features"], tensors["train_labels"], n_classes=int(params["n_classes"]))


# -- the registry's spec -----------------------------------------------------------------------------------------

def _check_state(params: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
    """A saved kNN's training features and labels against its numbers of features and classes."""
    train, labels = tensors["train_features"], tensors["train_labels"]
    dimension = params["n_features"]
    if train.ndim != 2 or train.shape[0] < 1 or train.shape[1] != dimension:
        raise ValueError(translate("its {name} has shape {shape}, not {wanted}").format(
            name="classifier.train_features", shape=list(train.shape), wanted=f"[n, {dimension}]"))
    if tuple(labels.shape) != (train.shape[0],):
        raise ValueError(translate("its {name} has shape {shape}, not {wanted}").format(
            name="classifier.train_labels", shape=list(labels.shape), wanted=f"[{train.shape[0]}]"))
    if bool(((labels < 0) | (labels >= params["n_classes"])).any()):
        raise ValueError(translate("its training labels name classes it does not have"))


def _training_cost(n: int, d: int, c: int, searched: bool) -> float:
    """Reference seconds (2 CPU cores): cross-validation compares every pair of pictures; L1 (searched) has no
    matrix-multiply form and dominates (44-105 s measured for 3,670 photos x 1,280 features)."""
    return 1.0 + n * n * d * (3.5e-9 if searched else 4e-10)


registry.register(registry.ClassifierSpec(
    name=KNNClassifier.kind,
    title=translatable("k-nearest neighbours"),  # English, shown through translate()
    label=translatable("&k-nearest neighbours (kNN)"),
    description=translatable("Finds the most similar training pictures and lets them vote.\n"
                             "Choosing k and the distance compares every picture with every other, so that time "
                             "grows with the square of the number of pictures; predicting gets slower with more "
                             "pictures too."),
    training_cost=_training_cost,
    classifier=KNNClassifier,
    settings=(
        registry.Setting("k", translatable("k (&neighbours):"),
                         translatable("How many of the most similar training pictures vote (1-100)."),
                         5, 1, 100, searched=True),
        registry.Setting("distance", translatable("&Distance:"),
                         translatable("How the difference between two pictures is measured."), "l2",
                         choices=(("l2", translatable("L2 (straight-line)")),
                                  ("l1", translatable("L1 (sum of differences)")),
                                  ("cosine", translatable("Cosine (angle)"))), searched=True),
        registry.Setting("weighting", translatable("&Votes:"),
                         translatable("How the neighbours' votes are counted. Always applies."),
                         "majority", choices=(("majority", translatable("Each neighbour one vote")),
                                              ("distance", translatable("Closer neighbours count more")))),
    ),
    settings_search="cross_validation",
    search_note=translatable("kNN: tries several k and distances with 5-fold cross-validation."),
    training_plot="accuracy_by_k",
    # kNN on pixels compares the raw pixels, as in the lecture: z-scoring blows up near-constant border pixels
    # (digits: 0.874 vs 0.909 raw, scikit-learn)
    raw_feature_kinds=("pixels",),
    state_tensors={"train_features": (torch.float32,), "train_labels": (torch.int64,)},
    hyperparameter_rules=HYPERPARAMETER_RULES,
    check_state=_check_state,
    training_rows_tensor="train_features",
    export_graph="desktop_app.core.export.classifier_graphs:knn_graph",
    explanation="neighbours",
))
