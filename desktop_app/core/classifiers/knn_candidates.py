"""Each picture's best candidates so far, merged from score blocks (smaller = nearer) by a threshold, not a sort.

A block's scores enter a picture's candidates only where they are at or below the picture's current worst
candidate: a comparison and a list of the few hits, then one top-k over the old candidates and the hits. The first
block a picture sees has no worst candidate yet; the top-k of a sample of its columns gives one (that many columns
of the block are at or below it, so nothing the picture needs is lost), which lets far fewer entries through than
the whole block. Equal scores at the cut may go either way: ``knn_exact.close_cuts`` re-checks every picture whose
cut is that close, so the neighbours found do not depend on it.
"""
from __future__ import annotations

import math

import torch

SAMPLE_COLUMNS = 1024  # columns of a picture's first block whose top-k sets its first threshold


class Candidates:
    """The best ``count`` candidates (unordered) of ``rows`` pictures: ``scores``, ``idx`` (``empty`` where no
    candidate yet, its score infinite) and each picture's ``worst`` score."""

    def __init__(self, rows: int, count: int, empty: int, device: torch.device):
        self.scores = torch.full((rows, count), math.inf, device=device)
        self.idx = torch.full((rows, count), empty, dtype=torch.long, device=device)
        self.worst = torch.full((rows,), math.inf, device=device)
        self.empty = empty
        self.seen = 0  # columns offered so far

    def offer(self, scores: torch.Tensor, cols: torch.Tensor, scratch: "Scratch") -> None:
        """Merge ``scores [rows, len(cols)]`` (contiguous) of the pictures ``cols``."""
        rows, width = scores.shape
        count = self.scores.shape[1]
        limit = self.worst
        if self.seen < count:  # empty slots: the worst score is infinite
            step = max(1, width // SAMPLE_COLUMNS)
            if width // step >= count:
                limit = torch.topk(scores[:, ::step], count, dim=1, largest=False, sorted=False).values.amax(1)
        self.seen += width
        hit = torch.le(scores, limit.unsqueeze(1), out=scratch.bools(scores.numel()).view(rows, width))
        positions = torch.nonzero(hit.view(-1)).squeeze(1)  # row by row
        if len(positions) == 0:
            return
        hit_rows = torch.div(positions, width, rounding_mode="floor")
        per_row = torch.bincount(hit_rows, minlength=rows)
        merged = count + int(per_row.max())  # a row's old candidates, then its hits, then empty places
        slots = hit_rows * merged + (count + torch.arange(len(positions), device=scores.device)) \
            - (torch.cumsum(per_row, 0) - per_row)[hit_rows]  # row-major places in a [rows, merged] block
        merged_scores = scratch.floats(rows * merged).view(rows, merged)
        merged_scores[:, count:] = math.inf
        merged_scores[:, :count] = self.scores
        merged_scores.view(-1).scatter_(0, slots, scores.view(-1).index_select(0, positions))
        merged_idx = scratch.longs(rows * merged).view(rows, merged)
        merged_idx[:, count:] = self.empty
        merged_idx[:, :count] = self.idx
        merged_idx.view(-1).scatter_(0, slots, cols.index_select(0, positions - hit_rows * width))
        self.scores, kept = torch.topk(merged_scores, count, dim=1, largest=False, sorted=False)
        self.idx = merged_idx.gather(1, kept)
        self.worst = self.scores.amax(dim=1)


class Scratch:
    """Buffers reused from one offer to the next (a fresh large tensor costs its page faults on every use)."""

    def __init__(self, device: torch.device):
        self.device = device
        self._floats = torch.empty(0, device=device)
        self._longs = torch.empty(0, dtype=torch.long, device=device)
        self._bools = torch.empty(0, dtype=torch.bool, device=device)

    def floats(self, size: int) -> torch.Tensor:
        if self._floats.numel() < size:
            self._floats = torch.empty(size, device=self.device)
        return self._floats[:size]

    def longs(self, size: int) -> torch.Tensor:
        if self._longs.numel() < size:
            self._longs = torch.empty(size, dtype=torch.long, device=self.device)
        return self._longs[:size]

    def bools(self, size: int) -> torch.Tensor:
        if self._bools.numel() < size:
            self._bools = torch.empty(size, dtype=torch.bool, device=self.device)
        return self._bools[:size]
