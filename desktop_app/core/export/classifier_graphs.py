"""Each classifier as a torch module of fixed shape-free ops, standardised features ``[n, d]`` -> probabilities
``[n, C]``, for the ONNX export to trace (``registry.ClassifierSpec.export_graph`` names the function here).

The calibration (temperature, uniform share, confidence map) and the kNN vote with its tie rule are the
classifiers' own torch code (``probabilities_from_scores``, ``probabilities_from_neighbours``), so the exported
percentages are the app's. Only kNN's neighbour search is written anew: the app's search works in blocks of
data-dependent sizes, which a traced graph cannot hold; here every distance is one matrix (or, for L1, a fixed
number of slices), then ``TopK``.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from desktop_app.core.classifiers.knn_exact import CANDIDATE_MARGIN

L1_SLICE_VALUES = 1 << 20  # L1 differences of one picture computed at once (values): 4 MB, whatever the set size


class LinearGraph(torch.nn.Module):
    """Scores ``x W + b``, then the classifier's calibrated probabilities."""

    def __init__(self, classifier) -> None:
        super().__init__()
        self.classifier = classifier
        self.register_buffer("weights", classifier.W_.detach().float().cpu())
        self.register_buffer("bias", classifier.b_.detach().float().cpu())

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.classifier.probabilities_from_scores(torch.addmm(self.bias, features, self.weights))


class KnnGraph(torch.nn.Module):
    """The k nearest training rows (ranked by a score, then the ``CANDIDATE_MARGIN`` best re-ranked by their
    directly computed distances, equal distances by lower training index, as in ``knn_exact``), then the
    classifier's calibrated vote. ONNX ``TopK`` keeps the lower index first among equal values."""

    def __init__(self, classifier) -> None:
        super().__init__()
        self.classifier = classifier  # models are kept on the CPU (training and load_model put them there)
        self.distance = classifier.distance
        train = classifier.train_features_.detach().float()
        self.k = max(1, min(int(classifier.k), train.shape[0]))
        self.candidates = min(self.k + CANDIDATE_MARGIN, train.shape[0])
        # cosine needs only the unit-length rows (one copy of the training features in the file, not two)
        self.register_buffer("train_rows", F.normalize(train, dim=1) if self.distance == "cosine" else train)
        if self.distance == "l2":
            self.register_buffer("squared_norms", train.pow(2).sum(dim=1))

    def _scores(self, features: torch.Tensor) -> torch.Tensor:
        """``[n, n_train]``, smaller = nearer (ordered like the distances)."""
        if self.distance == "l2":  # |x|^2 - 2 q.x: |q - x|^2 less |q|^2, the same for a whole row
            return torch.addmm(self.squared_norms[None, :], features, self.train_rows.T, beta=1.0, alpha=-2.0)
        if self.distance == "cosine":
            return -(F.normalize(features, dim=1) @ self.train_rows.T)
        rows = max(1, L1_SLICE_VALUES // self.train_rows.shape[1])
        return torch.cat([(features[:, None, :] - self.train_rows[None, start:start + rows]).abs().sum(dim=2)
                          for start in range(0, self.train_rows.shape[0], rows)], dim=1)

    def _distances(self, features: torch.Tensor, candidates: torch.Tensor) -> torch.Tensor:
        """Distances to the candidate rows computed directly (``knn_exact.exact_distances``)."""
        if self.distance == "cosine":
            products = (self.train_rows[candidates] * F.normalize(features, dim=1)[:, None, :]).sum(dim=2)
            return (1.0 - products).clamp(0.0, 2.0)
        differences = self.train_rows[candidates] - features[:, None, :]
        if self.distance == "l2":
            return differences.pow(2).sum(dim=2).sqrt()
        return differences.abs().sum(dim=2)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        candidates = torch.topk(self._scores(features), self.candidates, dim=1, largest=False).indices
        # in training order, so that among equal distances the lower training index comes first
        candidates = -torch.topk(-candidates, self.candidates, dim=1).values
        distances, order = torch.topk(self._distances(features, candidates), self.k, dim=1, largest=False)
        return self.classifier.probabilities_from_neighbours(distances, candidates.gather(1, order))


def linear_graph(classifier) -> torch.nn.Module:
    return LinearGraph(classifier)


def knn_graph(classifier) -> torch.nn.Module:
    return KnnGraph(classifier)
