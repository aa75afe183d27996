"""Exact kNN neighbours from approximate scores: whatever multiply ranked the candidates (oneDNN's packed multiply,
addmm, one Gram matrix for all folds), the neighbours kept are the k nearest by directly computed distance, equal
distances by lower index, bit for bit the same.

A matrix multiply sums in its own order, so near-equal distances may be ranked differently by different multiplies.
``CANDIDATE_MARGIN`` more candidates than k are kept and their exact distances decide; where even the last candidate
scores within rounding error of the k-th (``close_cuts``: many near-equal distances at the cut, as with
integer-valued features), that picture is compared with every training picture (``brute_force_nearest``).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

CANDIDATE_MARGIN = 8  # candidates beyond k whose exact distances are checked (``nearest_by_exact_distance``)
# a cut where the last candidate's score is within this many sqrt(d) float32 rounding units of the k-th one is
# re-checked against every training picture (``close_cuts``): rounding cannot then change the neighbours found
ROUNDING_MARGIN = 16.0


def sort_by_value_then_index(values: torch.Tensor, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Each row's (value, index) pairs ordered by value, equal values by lower index (a deterministic order)."""
    by_index = torch.argsort(idx, dim=1)
    idx, values = idx.gather(1, by_index), values.gather(1, by_index)
    order = torch.sort(values, dim=1, stable=True).indices
    return values.gather(1, order), idx.gather(1, order)


def exact_distances(train: torch.Tensor, queries: torch.Tensor, idx: torch.Tensor, distance: str,
                    train_unit: torch.Tensor | None = None) -> torch.Tensor:
    """Distances from each query to its candidates ``train[idx]``, computed directly (no cancellation error for
    near duplicates); cosine from ``train_unit`` (``F.normalize(train)``) when given. Row by row the same bits
    whatever the batch: the fold-by-fold search and the one-matrix selection (``knn_selection``) agree exactly."""
    out = torch.empty(idx.shape, device=queries.device)
    # ~16 MB of gathered rows at a time: few operations, so a busy machine (where every operation may wait for a
    # thread) slows it down little (measured with 3 other jobs on 2 cores: 2.1 s against 4.5 s for 4 MB steps)
    step = max(1, (1 << 22) // max(1, idx.shape[1] * queries.shape[1]))
    if distance == "cosine":
        queries = F.normalize(queries, dim=1)
        train = F.normalize(train, dim=1) if train_unit is None else train_unit
    gathered = torch.empty(min(step, len(idx)) * idx.shape[1] * train.shape[1], device=queries.device)
    for s in range(0, queries.shape[0], step):  # few operations per step, each written where it is kept
        rows_idx = idx[s:s + step]
        # index_select on the flat indices: the same rows as train[idx], gathered about twice as fast
        neighbours = torch.index_select(train, 0, rows_idx.reshape(-1),
                                        out=gathered[:rows_idx.numel() * train.shape[1]].view(-1, train.shape[1]))
        neighbours = neighbours.view(*rows_idx.shape, train.shape[1])
        rows = queries[s:s + step].unsqueeze(1)
        if distance == "l2":
            torch.linalg.vector_norm(neighbours.sub_(rows), dim=2, out=out[s:s + step])
        elif distance == "l1":
            torch.sum(neighbours.sub_(rows).abs_(), dim=2, out=out[s:s + step])
        else:
            torch.sum(neighbours.mul_(rows), dim=2, out=out[s:s + step])
    if distance == "cosine":
        out.neg_().add_(1.0).clamp_(0.0, 2.0)  # 1 - similarity, the same bits as (1.0 - similarity)
    return out


def nearest_by_exact_distance(train: torch.Tensor, queries: torch.Tensor, candidates: torch.Tensor, k: int,
                              distance: str, train_unit: torch.Tensor | None = None
                              ) -> tuple[torch.Tensor, torch.Tensor]:
    """The k nearest of each query's candidates by exact distance, equal distances by lower index: ``(dist, idx)``.

    Candidates come from scores that rounding may order slightly differently from the exact distances (a matrix
    multiply sums in its own order); ``CANDIDATE_MARGIN`` extra candidates let the exact distances decide the
    cut, so every way of scoring (packed multiply, addmm, one Gram matrix) finds the same neighbours. A candidate
    index of ``len(train)`` or more is an empty slot (distance infinite)."""
    empty = candidates >= train.shape[0]
    dist = exact_distances(train, queries, candidates.masked_fill(empty, 0), distance, train_unit)
    dist, idx = sort_by_value_then_index(dist.masked_fill_(empty, math.inf), candidates)
    return dist[:, :k].contiguous(), idx[:, :k].contiguous()


def close_cuts(scores: torch.Tensor, k: int, queries: torch.Tensor, distance: str, largest_norm: float,
               score_scale: float = 1.0) -> torch.Tensor:
    """Rows (bool) whose candidates, ordered by score, may miss one of the k nearest by exact distance: the last
    candidate scores within rounding error of the k-th (many near-equal distances at the cut). The rounding
    bound is ``ROUNDING_MARGIN`` x sqrt(d) x float32 epsilon of the products summed: (|q| + largest |x|)^2 for
    L2 scores |x|^2/2 - q.x (times ``score_scale``), 2 for cosine. L1 scores are sums of absolute differences,
    computed as the exact distances are: never close."""
    if distance == "l1" or scores.shape[1] <= k:
        return torch.zeros(scores.shape[0], dtype=torch.bool, device=scores.device)
    unit = ROUNDING_MARGIN * math.sqrt(queries.shape[1]) * torch.finfo(torch.float32).eps
    if distance == "l2":
        tolerance = unit * score_scale * (queries.norm(dim=1) + largest_norm) ** 2
    else:
        tolerance = torch.full((scores.shape[0],), 2 * unit, device=scores.device)
    return scores[:, -1] - scores[:, k - 1] <= tolerance


def brute_force_nearest(train: torch.Tensor, queries: torch.Tensor, k: int, distance: str,
                        train_unit: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The k nearest training rows of each query by exact distance over all of ``train`` (for ``close_cuts``
    rows, rare): the same per-pair arithmetic as ``exact_distances``, so the same bits."""
    step = 8192
    dist = torch.cat([exact_distances(train, queries, torch.arange(t, min(t + step, train.shape[0]),
                                                                   device=queries.device).expand(len(queries), -1),
                                      distance, train_unit) for t in range(0, train.shape[0], step)], dim=1)
    idx = torch.arange(train.shape[0], device=queries.device).expand(len(queries), -1)
    dist, idx = sort_by_value_then_index(dist, idx.contiguous())
    return dist[:, :k].contiguous(), idx[:, :k].contiguous()
