"""Per-feature standardisation fitted on the training features only."""
from __future__ import annotations

import numpy as np
import torch

# rows per chunk are chosen so that one float64 chunk stays near this size (50,000 x 3,072 pixels in float64
# would be 1.2 GB; chunks keep the statistics exact enough without that copy)
CHUNK_BYTES = 16 << 20


class Standardizer:
    """Per-feature (x - mean) / std with mean and std from the training features only.

    Features that are (nearly) constant in training get std 1, so they are centred but never blown up.
    """

    MIN_STD = 1e-6

    def __init__(self, mean: np.ndarray, std: np.ndarray) -> None:
        self.mean = np.asarray(mean, dtype=np.float32)
        self.std = np.asarray(std, dtype=np.float32)

    @classmethod
    def fit(cls, X: np.ndarray, rows: np.ndarray | None = None) -> "Standardizer":
        """Usable as ``Standardizer.fit(X_train)``; returns a new fitted Standardizer. ``rows`` (indices) fits on
        ``X[rows]`` without copying them all out first.

        Two passes over row chunks with float64 sums (mean, then squared deviations from it): as exact as numpy's
        float64 ``mean``/``std`` to ~1e-7, without a float64 copy of the whole matrix.
        """
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError("Standardizer.fit needs a non-empty [n, d] array")
        rows = np.arange(len(X)) if rows is None else np.asarray(rows, dtype=np.int64).reshape(-1)
        n, d = len(rows), X.shape[1]
        if n == 0:
            raise ValueError("Standardizer.fit needs a non-empty [n, d] array")
        step = max(1, CHUNK_BYTES // (8 * max(1, d)))
        chunks = [rows[start:start + step] for start in range(0, n, step)]
        total = np.zeros(d, dtype=np.float64)
        for chunk in chunks:
            total += np.add.reduce(X[chunk], axis=0, dtype=np.float64)
        mean = total / n
        squares = np.zeros(d, dtype=np.float64)
        for chunk in chunks:
            deviation = X[chunk].astype(np.float64)
            deviation -= mean
            squares += np.einsum("ij,ij->j", deviation, deviation)
        std = np.sqrt(squares / n)
        std = np.where(std < cls.MIN_STD, 1.0, std)
        return cls(mean, std)

    def transform(self, X: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Standardised float32 features: one new array of X's size and no other temporary, or written into
        ``out`` (which may be X itself, a float32 array the caller no longer needs: then nothing is allocated)."""
        out = np.subtract(X, self.mean, dtype=np.float32, out=out)
        out /= self.std
        return out

    def to_tensors(self) -> dict[str, torch.Tensor]:
        return {"mean": torch.from_numpy(self.mean.copy()), "std": torch.from_numpy(self.std.copy())}

    @classmethod
    def from_tensors(cls, tensors: dict[str, torch.Tensor]) -> "Standardizer":
        mean = tensors["mean"].detach().cpu().numpy()
        std = tensors["std"].detach().cpu().numpy()
        if mean.shape != std.shape or mean.ndim != 1 or not (np.isfinite(mean).all() and (std > 0).all()):
            raise ValueError("damaged standardizer tensors")
        return cls(mean, std)
