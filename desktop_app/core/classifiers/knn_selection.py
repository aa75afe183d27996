"""kNN model selection from one Gram matrix: the out-of-fold neighbours of every training picture, for L2 and
cosine distance and every cross-validation fold at once.

Fold by fold, 5-fold cross-validation over two distances takes 5 x 2 x (n/5 x 4n/5) dot products. Here the Gram
matrix X X^T is computed once, in blocks, lower triangle only, and never between two pictures of the same fold
(they never vote for each other): 0.4 n^2 dot products. Each block pair gives the L2 scores |x_j|^2/2 - x_i.x_j
(the fold-by-fold search's own scores) and the cosine scores (-x_i.x_j / |x_j|: the cosine score times |x_i|, the
same order for picture i), for its rows and, transposed, for its columns, each in one pass. Every picture keeps
its best candidates so far (``knn_candidates``: a comparison with its worst candidate, not a sort), so after the
first blocks little is merged. At the end the candidates' exact distances decide (``knn_exact``), as in
``KNNClassifier``: the same neighbours and the same distances as the fold-by-fold search, ties included (equal
distances: lower index first).

Memory: one block pair (its Gram matrix and one score matrix of ``block`` x ``block`` floats, a mask of as many
bools) plus the candidates of every picture; never an n x n matrix. Blocks are as large as a fold up to
``BLOCK_ROWS`` (fewer, larger operations: on a busy machine every operation may wait for a thread). Cancel is
checked before every block pair and between its offers (a 4096 x 4096 x 1280 pair takes about 0.3 s on 2
cores), and before every chunk of exact distances.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Generator, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from desktop_app.core.classifiers import knn, knn_exact
from desktop_app.core.classifiers.knn_candidates import Candidates, Scratch
from desktop_app.core.events import EtaClock, Event, Progress, check_cancel
from desktop_app.core.output.wording import checking_distance_text

GRAM_DISTANCES = ("l2", "cosine")
BLOCK_ROWS = 4096  # a 4096 x 4096 float block is 64 MB; the multiply (about 0.3 s on 2 cores) runs near peak speed
EXACT_ROWS = 2048  # pictures whose candidates' exact distances are computed between two cancel checks


@dataclass
class Steps:
    """One progress bar over the whole search, counted as the fold-by-fold search counts: one unit per distance
    and fold (the Gram pass covers its distances' units in smaller steps)."""

    total: int
    done: float = 0.0
    clock: EtaClock = field(init=False)

    def __post_init__(self) -> None:
        self.clock = EtaClock(self.total)

    def drop(self, units: int) -> None:
        """Less work than planned (L1 left out): the bar and the time left are worked out on what remains."""
        self.total -= units
        self.clock.total = self.total

    def advance(self, units: float, message: str) -> Progress:
        self.done += units
        done = min(self.total, int(round(self.done)))
        return Progress("search", done, self.total, self.clock.eta(self.done), message)


def applicable(X: torch.Tensor) -> bool:
    """The Gram path needs finite features and squared norms (an infinite score would pass for an empty candidate
    slot): a row's norm is infinite or NaN when one of its features is, or when its square overflows."""
    return bool(torch.isfinite(torch.linalg.vector_norm(X, dim=1)).all())


def fold_blocks(folds: Sequence[tuple[np.ndarray, np.ndarray]], block_rows: int | None = None
                ) -> list[tuple[int, np.ndarray]]:
    """``(fold, sorted picture indices)`` blocks: each fold's held-out pictures cut into near-equal chunks, so a
    block lies in one fold and its column order is index order (ties go to the lower index)."""
    blocks = []
    for f, (_, held_out) in enumerate(folds):
        held_out = np.sort(held_out)
        pieces = max(1, math.ceil(len(held_out) / (block_rows or BLOCK_ROWS)))
        blocks.extend((f, chunk) for chunk in np.array_split(held_out, pieces) if len(chunk))
    return blocks


def block_pairs(blocks: list[tuple[int, np.ndarray]]) -> list[tuple[int, int]]:
    """Lower-triangle pairs of blocks in different folds (a fold's pictures never vote for each other), the pairs
    with the first fold first, then those with the second, ...: so the folds are finished one after another and
    the window can show each fold's accuracies while the others are still being worked out (the order changes
    no neighbour: ``_offer`` and ``knn_exact`` make them independent of it)."""
    pairs = [(a, b) for a in range(len(blocks)) for b in range(a) if blocks[a][0] != blocks[b][0]]
    return sorted(pairs, key=lambda pair: min(blocks[pair[0]][0], blocks[pair[1]][0]))


def out_of_fold_neighbours(X: torch.Tensor, folds: Sequence[tuple[np.ndarray, np.ndarray]],
                           distances: Sequence[str], k: int, steps: Steps, cancel=None,
                           block_rows: int | None = None, fold_done: FoldDone | None = None,
                           ) -> Generator[Event, None, dict[str, tuple]]:
    """For each distance of ``distances`` (L2, cosine): ``(dist [n, k], idx [n, k])``, the k nearest pictures of
    every picture among the pictures of the other folds, nearest first. ``X`` is float32 ``[n, d]`` on its device.
    Yields one ``Progress`` per block pair and per chunk of exact distances, together ``len(distances) x
    len(folds)`` units of ``steps``. The folds are finished one by one: as soon as one is, ``fold_done(fold,
    held_out, {distance: (dist, idx)})`` gets its pictures' neighbours and its events are yielded."""
    n = X.shape[0]
    count = k + knn_exact.CANDIDATE_MARGIN
    squares = torch.cat([block.pow(2).sum(dim=1) for block in X.split(8192)])  # as KNNClassifier._prepare
    half_squares = squares * 0.5
    inverse_norms = 1.0 / squares.sqrt().clamp_min(1e-12)  # as F.normalize
    unit = F.normalize(X, dim=1) if "cosine" in distances else None  # for the exact cosine distances
    blocks = fold_blocks(folds, block_rows)
    index = [torch.as_tensor(chunk, device=X.device) for _, chunk in blocks]
    best = {distance: [Candidates(len(chunk), count, n, X.device) for _, chunk in blocks] for distance in distances}
    largest_block = max((len(chunk) for _, chunk in blocks), default=0)
    scores = torch.empty(largest_block ** 2, device=X.device)  # one block pair's scores, reused
    scratch = Scratch(X.device)
    packed = X.device.type == "cpu" and knn._packed_multiply_works()
    pairs = block_pairs(blocks)
    exact_chunks = sum(math.ceil(len(held_out) / EXACT_ROWS) for _, held_out in folds)
    share = len(distances) * len(folds) / (len(pairs) + len(distances) * exact_chunks)
    pairs_left = np.zeros(len(folds), dtype=np.int64)  # a fold is finished when none of its pairs is left
    for a, b in pairs:
        pairs_left[blocks[a][0]] += 1
        pairs_left[blocks[b][0]] += 1
    largest_norm = float(squares.max().sqrt()) if n else 0.0
    found: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
    finished = [f for f in range(len(folds)) if pairs_left[f] == 0]
    for a, b in [*pairs, (None, None)]:
        for f in finished:
            fold_best = {distance: [best[distance][i] for i, (g, _) in enumerate(blocks) if g == f]
                         for distance in distances}
            fold_found = yield from _exact_neighbours(X, folds, f, fold_best, k, unit, inverse_norms, largest_norm,
                                                      steps, share, cancel)
            held_out = np.sort(folds[f][1])  # the order of the fold's blocks
            rows = torch.as_tensor(held_out, device=X.device)
            for distance, (dist, idx) in fold_found.items():
                if distance not in found:
                    found[distance] = (dist.new_zeros((n, k)), idx.new_zeros((n, k)))
                found[distance][0][rows], found[distance][1][rows] = dist, idx
            if fold_done is not None:
                yield from fold_done(f, held_out, fold_found)
        if a is None:
            break
        check_cancel(cancel)
        rows, cols = index[a], index[b]
        x_rows, x_cols = X[rows], X[cols]
        gram = knn._packed_multiply(x_rows, x_cols, None) if packed else x_rows @ x_cols.T
        gram = gram.contiguous()
        # L2: |x_j|^2/2 - x_i.x_j; cosine: -x_i.x_j / |x_j|, the cosine score times |x_i|, a constant of picture i
        # that does not change its order (``_exact_neighbours`` divides it out)
        row_scores = scores[:gram.numel()].view(gram.shape)
        for distance in distances:
            check_cancel(cancel)  # between the offers too: a busy machine can make a block pair slow
            if distance == "l2":
                torch.sub(half_squares[cols].unsqueeze(0), gram, out=row_scores)
            else:
                torch.mul(gram, -inverse_norms[cols].unsqueeze(0), out=row_scores)
            best[distance][a].offer(row_scores, cols, scratch)
        # the columns' scores from the Gram matrix transposed once (a tiled copy): an operation reading it
        # transposed runs about 4 times slower than one reading it in order; the Gram matrix's own memory, no
        # longer needed, then holds the scores
        gram_t = scores[:gram.numel()].view(gram.shape[1], gram.shape[0]).copy_(gram.T)
        col_scores = gram.view(gram.shape[1], gram.shape[0])
        for distance in distances:
            check_cancel(cancel)
            if distance == "l2":
                torch.sub(half_squares[rows].unsqueeze(0), gram_t, out=col_scores)
            else:
                torch.mul(gram_t, -inverse_norms[rows].unsqueeze(0), out=col_scores)
            best[distance][b].offer(col_scores, rows, scratch)
        part = min(blocks[a][0], blocks[b][0]) + 1  # the fold these pairs finish (block_pairs' order)
        yield steps.advance(share, checking_distance_text(distances, part, len(folds)))
        finished = []
        for fold in sorted((blocks[a][0], blocks[b][0])):
            pairs_left[fold] -= 1
            if pairs_left[fold] == 0:
                finished.append(fold)
    return found


FoldDone = Callable[[int, np.ndarray, dict], Generator[Event, None, None]]


def _exact_neighbours(X: torch.Tensor, folds, f: int, best: dict[str, list[Candidates]], k: int,
                      unit: torch.Tensor | None, inverse_norms: torch.Tensor, largest_norm: float, steps: Steps,
                      share: float, cancel) -> Generator[Event, None, dict[str, tuple[torch.Tensor, torch.Tensor]]]:
    """The k nearest pictures (exact distances, nearest first) of fold ``f``'s held-out pictures (its blocks'
    ``best`` candidates, in index order), for each distance of ``best``."""
    train_idx, held_out = folds[f][0], np.sort(folds[f][1])
    found = {}
    for distance, fold_best in best.items():
        scores = torch.cat([c.scores for c in fold_best])
        candidates = torch.cat([c.idx for c in fold_best])
        train_unit = unit if distance == "cosine" else None
        dist_parts, idx_parts = [], []
        for start in range(0, len(held_out), EXACT_ROWS):
            check_cancel(cancel)
            rows = torch.as_tensor(held_out[start:start + EXACT_ROWS], device=X.device)
            queries = X[rows]
            ordered, order = torch.sort(scores[start:start + EXACT_ROWS], dim=1)
            if distance == "cosine":  # the scores are the cosine scores times the query's norm
                ordered = ordered * inverse_norms[rows].unsqueeze(1)
            dist, idx = knn_exact.nearest_by_exact_distance(
                X, queries, candidates[start:start + EXACT_ROWS].gather(1, order), k, distance, train_unit)
            close = torch.nonzero(knn_exact.close_cuts(ordered, k, queries, distance, largest_norm)).flatten()
            for row in close.tolist():  # rare: many near-equal distances at the cut; every other fold's picture
                check_cancel(cancel)
                train = torch.as_tensor(train_idx, device=X.device)
                row_unit = None if train_unit is None else train_unit[train]
                row_dist, row_idx = knn_exact.brute_force_nearest(X[train], queries[row:row + 1], k, distance,
                                                                  row_unit)
                dist[row], idx[row] = row_dist[0], train[row_idx[0]]
            dist_parts.append(dist)
            idx_parts.append(idx)
            yield steps.advance(share, checking_distance_text(distance, f + 1, len(folds)))
        found[distance] = (torch.cat(dist_parts), torch.cat(idx_parts))
    return found
