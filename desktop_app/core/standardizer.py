"""Per-feature standardisation fitted on the training features only."""
from __future__ import annotations

import numpy as np
import torch


class Standardizer:
    """Per-feature (x - mean) / std with mean and std from the training features only.

    Features that are (nearly) constant in training get std 1, so they are centred but never blown up.
    """

    MIN_STD = 1e-6

    def __init__(self, mean: np.ndarray, std: np.ndarray) -> None:
        self.mean = np.asarray(mean, dtype=np.float32)
        self.std = np.asarray(std, dtype=np.float32)

    @classmethod
    def fit(cls, X: np.ndarray) -> "Standardizer":
        """Usable as ``Standardizer.fit(X_train)``; returns a new fitted Standardizer."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) == 0:
            raise ValueError("Standardizer.fit needs a non-empty [n, d] array")
        mean = X.mean(axis=0)
        std = X.std(axis=0)
        std = np.where(std < cls.MIN_STD, 1.0, std)
        return cls(mean, std)

    def transform(self, X: np.ndarray) -> np.ndarray:
        return ((np.asarray(X, dtype=np.float32) - self.mean) / self.std).astype(np.float32, copy=False)

    def to_tensors(self) -> dict[str, torch.Tensor]:
        return {"mean": torch.from_numpy(self.mean.copy()), "std": torch.from_numpy(self.std.copy())}

    @classmethod
    def from_tensors(cls, tensors: dict[str, torch.Tensor]) -> "Standardizer":
        mean = tensors["mean"].detach().cpu().numpy()
        std = tensors["std"].detach().cpu().numpy()
        if mean.shape != std.shape or mean.ndim != 1 or not (np.isfinite(mean).all() and (std > 0).all()):
            raise ValueError("damaged standardizer tensors")
        return cls(mean, std)
