"""The three classifiers (k-nearest neighbours, linear SVM, softmax), all in torch on a chosen device.

They follow scikit-learn's conventions: hyperparameters go to the constructor, ``fit`` learns, fitted
attributes end in ``_``. Inputs may be numpy arrays or tensors; outputs are numpy arrays (float32
probabilities, int64 labels). Labels are class indices ``0 .. n_classes - 1``.

Every classifier can be saved and rebuilt: ``get_state() -> (params, tensors)`` gives a JSON-able dict
and CPU tensors; ``classifier_from_state(params, tensors)`` rebuilds it for prediction.
"""
from __future__ import annotations

import contextlib
import math
from typing import Any, Generator

import numpy as np
import torch
import torch.nn.functional as F

from desktop_app.core.events import EpochMetrics, Event, LossPoint, check_cancel

DISTANCES = ("l1", "l2", "cosine")
WEIGHTINGS = ("majority", "distance")
LOSS_POINTS_PER_EPOCH = 20  # enough for a smooth live curve without flooding the GUI


# -- helpers -----------------------------------------------------------------------------------------------------

def as_torch_device(device: torch.device | str | None) -> torch.device:
    """``torch.device`` from a device or a name ("cpu", "cuda", "cuda:1", "mps"; "auto" picks the best one)."""
    if device is None:
        return torch.device("cpu")
    if isinstance(device, torch.device):
        return device
    if device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    return torch.device(device)


def _features(X, device: torch.device | None = None) -> torch.Tensor:
    """2-D float32 tensor (no copy when a contiguous float32 CPU array is given and the device is the CPU)."""
    tensor = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float32)) if not isinstance(X, torch.Tensor) else X
    if tensor.dtype != torch.float32:
        tensor = tensor.float()
    if tensor.ndim != 2:
        raise ValueError(f"Features must be a 2-D array [n_samples, n_features], got shape {tuple(tensor.shape)}.")
    return tensor if device is None else tensor.to(device)


def _labels(y, device: torch.device | None = None) -> torch.Tensor:
    tensor = torch.as_tensor(np.asarray(y) if not isinstance(y, torch.Tensor) else y).long().reshape(-1)
    if tensor.numel() and int(tensor.min()) < 0:
        raise ValueError("Labels must be class indices 0 .. n_classes - 1.")
    return tensor if device is None else tensor.to(device)


def _check_fit_inputs(X: torch.Tensor, y: torch.Tensor, n_classes: int | None) -> int:
    if X.shape[0] == 0:
        raise ValueError("Cannot train on zero examples.")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{X.shape[0]} feature rows but {y.shape[0]} labels.")
    found = int(y.max()) + 1
    if n_classes is not None and n_classes < found:
        raise ValueError(f"Labels go up to {found - 1} but n_classes is {n_classes}.")
    return int(n_classes or found)


def _to_numpy(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().to("cpu").numpy()


class _Adam:
    """Plain Adam (Kingma & Ba) with the learning rate given per step, for the cosine schedule."""

    def __init__(self, params: list[torch.Tensor], betas=(0.9, 0.999), eps: float = 1e-8) -> None:
        self.params, self.betas, self.eps, self.t = params, betas, eps, 0
        self.m = [torch.zeros_like(p) for p in params]
        self.v = [torch.zeros_like(p) for p in params]

    @torch.no_grad()
    def step(self, lr: float) -> None:
        self.t += 1
        b1, b2 = self.betas
        for p, m, v in zip(self.params, self.m, self.v):
            m.mul_(b1).add_(p.grad, alpha=1 - b1)
            v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
            denom = (v / (1 - b2 ** self.t)).sqrt_().add_(self.eps)
            p.addcdiv_(m, denom, value=-lr / (1 - b1 ** self.t))


@contextlib.contextmanager
def _few_threads(device: torch.device):
    """Linear training is many tiny matrix products: one CPU thread is as fast, and far faster than two
    when other programs keep the cores busy (OpenMP threads then wait on each other)."""
    if device.type != "cpu":
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


# -- losses ------------------------------------------------------------------------------------------------------

def svm_hinge_loss(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Multiclass hinge loss, mean over the batch: L_i = sum over j != y_i of max(0, s_j - s_{y_i} + 1)."""
    correct = scores.gather(1, y[:, None])
    margins = (scores - correct + 1.0).clamp_min(0.0)
    margins = margins.scatter(1, y[:, None], 0.0)  # the true class is not a competitor of itself
    return margins.sum(dim=1).mean()


def softmax_loss(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of the softmax of the scores (natural log), mean over the batch."""
    return F.cross_entropy(scores, y)


# -- k-nearest neighbours ----------------------------------------------------------------------------------------

def vote(neighbor_labels: torch.Tensor, neighbor_distances: torch.Tensor, n_classes: int,
         weighting: str = "majority") -> tuple[torch.Tensor, torch.Tensor]:
    """Class shares and winners from the labels/distances of each query's neighbours ``[n, k]``.

    Shares are vote fractions (``majority``) or fractions of the summed 1/distance weights (``distance``;
    neighbours at distance zero, exact duplicates, then take all the vote, as in scikit-learn).
    Ties between classes are broken the same way every time: the tied class whose neighbours have the
    smallest summed distance wins, and if that ties too, the lowest class index.
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
    return shares, winners


class KNNClassifier:
    """k-nearest neighbours with L1, L2 (Euclidean) or cosine distance.

    Prediction compares queries with all training features in blocks (``query_chunk`` x ``train_chunk``),
    so memory stays bounded for large training sets. L2 uses ``|x|^2 - 2 q.x`` through one matrix multiply
    per block (train norms precomputed) and keeps each block's k best (``topk``, unsorted) before merging;
    the distances of the chosen neighbours are then recomputed directly, so duplicates have distance 0.
    Neighbours are ordered by distance, equal distances by lower training index.
    """

    kind = "knn"

    def __init__(self, k: int = 5, distance: str = "l2", weighting: str = "majority",
                 device: torch.device | str = "cpu", query_chunk: int | None = None,
                 train_chunk: int | None = None, seed: int | None = None) -> None:
        if int(k) < 1:
            raise ValueError("k must be at least 1.")
        if distance not in DISTANCES:
            raise ValueError(f"distance must be one of {DISTANCES}, got {distance!r}.")
        if weighting not in WEIGHTINGS:
            raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}.")
        self.k = int(k)
        self.distance = distance
        self.weighting = weighting
        self.device = as_torch_device(device)
        self.query_chunk = query_chunk
        self.train_chunk = train_chunk
        self.seed = seed  # accepted for a uniform constructor; kNN has no randomness

    # fitting -------------------------------------------------------------------------------------------------
    def fit(self, X, y, n_classes: int | None = None) -> "KNNClassifier":
        features = _features(X, self.device).contiguous()
        labels = _labels(y, self.device)
        self.n_classes_ = _check_fit_inputs(features, labels, n_classes)
        self.train_features_ = features
        self.train_labels_ = labels
        self.n_features_in_ = features.shape[1]
        self._prepare()
        return self

    def _prepare(self) -> None:
        """Per-distance precomputation on the training features."""
        self._train_sq_norms = None
        self._train_unit = None
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
        return self.query_chunk or defaults[0], self.train_chunk or defaults[1]

    def _check_fitted(self) -> None:
        if not hasattr(self, "train_features_"):
            raise RuntimeError("This classifier has not been trained yet (call fit first).")

    def _neighbors(self, X, k: int, cancel=None) -> tuple[torch.Tensor, torch.Tensor]:
        """Distances and training indices of the k nearest neighbours, both ``[n, k]`` on the device."""
        self._check_fitted()
        queries = _features(X)
        if queries.shape[1] != self.n_features_in_:
            raise ValueError(f"Expected {self.n_features_in_} features per example, got {queries.shape[1]}.")
        n_train = self.train_features_.shape[0]
        k = max(1, min(int(k), n_train))
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
                kk = min(k, block.shape[1])
                values, idx = torch.topk(block, kk, dim=1, largest=False, sorted=False)
                cand_scores.append(values)
                cand_idx.append(idx + t)
            scores = torch.cat(cand_scores, dim=1)
            idx = torch.cat(cand_idx, dim=1)
            # deterministic merge: order candidates by (score, training index) and keep the first k
            by_index = torch.argsort(idx, dim=1)
            idx, scores = idx.gather(1, by_index), scores.gather(1, by_index)
            order = torch.sort(scores, dim=1, stable=True).indices[:, :k]
            idx = idx.gather(1, order)
            dist = self._exact_distances(q, idx)
            order = torch.sort(dist, dim=1, stable=True).indices  # idx is still ascending within equal distances
            all_dist.append(dist.gather(1, order))
            all_idx.append(idx.gather(1, order))
        if not all_dist:
            empty = torch.empty(0, k, device=self.device)
            return empty, empty.long()
        return torch.cat(all_dist), torch.cat(all_idx)

    def _block_scores(self, q: torch.Tensor, start: int, length: int, buffer: torch.Tensor) -> torch.Tensor:
        """A ``[len(q), length]`` block ordered like the distances (smaller = nearer); q is unit length for cosine."""
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

    def _exact_distances(self, q: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        """Distances to the chosen neighbours computed directly (no cancellation error for near duplicates)."""
        out = torch.empty(idx.shape, device=q.device)
        step = max(1, (1 << 22) // max(1, idx.shape[1] * q.shape[1]))  # ~16 MB of gathered rows at a time
        for s in range(0, q.shape[0], step):
            neighbours = self.train_features_[idx[s:s + step]]  # [m, k, d]
            rows = q[s:s + step].unsqueeze(1)
            if self.distance == "l2":
                out[s:s + step] = (neighbours - rows).pow_(2).sum(dim=2).sqrt_()
            elif self.distance == "l1":
                out[s:s + step] = (neighbours - rows).abs_().sum(dim=2)
            else:
                cos = (F.normalize(neighbours, dim=2) * F.normalize(rows, dim=2)).sum(dim=2)
                out[s:s + step] = (1.0 - cos).clamp_(0.0, 2.0)
        return out

    def kneighbors(self, X, k: int | None = None, cancel=None) -> tuple[np.ndarray, np.ndarray]:
        """``(distances [n, k] float32, indices [n, k] int64)`` into the training set, nearest first."""
        dist, idx = self._neighbors(X, k or self.k, cancel)
        return _to_numpy(dist), _to_numpy(idx)

    # prediction ----------------------------------------------------------------------------------------------
    def _vote(self, X, cancel=None) -> tuple[torch.Tensor, torch.Tensor]:
        dist, idx = self._neighbors(X, self.k, cancel)
        return vote(self.train_labels_[idx], dist, self.n_classes_, self.weighting)

    def predict_proba(self, X, cancel=None) -> np.ndarray:
        """Vote shares per class ``[n, n_classes]`` (weighted shares with ``weighting="distance"``)."""
        return _to_numpy(self._vote(X, cancel)[0])

    def predict(self, X, cancel=None) -> np.ndarray:
        """Winning class per example; ties broken as described in ``vote``."""
        return _to_numpy(self._vote(X, cancel)[1])

    # saving --------------------------------------------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        return {"k": self.k, "distance": self.distance, "weighting": self.weighting}

    def get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        self._check_fitted()
        params = {"type": self.kind, "hyperparameters": self.get_params(), "n_classes": self.n_classes_,
                  "n_features": self.n_features_in_}
        tensors = {"train_features": self.train_features_.detach().to("cpu").contiguous(),
                   "train_labels": self.train_labels_.detach().to("cpu").contiguous()}
        return params, tensors

    @classmethod
    def from_state(cls, params: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device | str = "cpu") -> "KNNClassifier":
        model = cls(**params["hyperparameters"], device=device)
        return model.fit(tensors["train_features"], tensors["train_labels"], n_classes=int(params["n_classes"]))


# -- linear classifiers ------------------------------------------------------------------------------------------

class _LinearClassifier:
    """Scores ``X @ W + b`` (W ``[d, C]``) trained by minibatch Adam with cosine learning-rate decay.

    Objective: mean data loss + ``regularization * sum(W**2)`` (the bias is not regularised). With
    validation data, training stops after ``patience`` epochs without a better validation accuracy and
    the weights of the best epoch are kept (``best_epoch_``). Deterministic on the CPU for a given seed.
    """

    kind = "linear"

    def __init__(self, learning_rate: float = 1e-3, regularization: float = 1e-3, epochs: int = 20,
                 batch_size: int = 256, patience: int | None = 10, seed: int = 0,
                 device: torch.device | str = "cpu", init_scale: float = 1e-3) -> None:
        if learning_rate <= 0:
            raise ValueError("learning_rate must be positive.")
        if regularization < 0:
            raise ValueError("regularization cannot be negative.")
        if int(epochs) < 1 or int(batch_size) < 1:
            raise ValueError("epochs and batch_size must be at least 1.")
        self.learning_rate = float(learning_rate)
        self.regularization = float(regularization)
        self.epochs = int(epochs)
        self.batch_size = int(batch_size)
        self.patience = None if patience is None else int(patience)
        self.seed = int(seed)
        self.device = as_torch_device(device)
        self.init_scale = float(init_scale)

    @staticmethod
    def data_loss(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    def get_params(self) -> dict[str, Any]:
        return {"learning_rate": self.learning_rate, "regularization": self.regularization, "epochs": self.epochs,
                "batch_size": self.batch_size, "patience": self.patience, "seed": self.seed}

    # training ------------------------------------------------------------------------------------------------
    def fit(self, X, y, X_val=None, y_val=None, n_classes: int | None = None, cancel=None):
        for _ in self.fit_events(X, y, X_val, y_val, cancel=cancel, n_classes=n_classes):
            pass
        return self

    def fit_events(self, X, y, X_val=None, y_val=None, cancel=None, run: str = "final",
                   n_classes: int | None = None) -> Generator[Event, None, "_LinearClassifier"]:
        """Train, yielding ``LossPoint`` (about 20 per epoch at most) and ``EpochMetrics`` events."""
        with _few_threads(self.device):
            result = yield from self._train(X, y, X_val, y_val, cancel, run, n_classes)
        return result

    def _train(self, X, y, X_val, y_val, cancel, run, n_classes):
        X_t, y_t = _features(X, self.device), _labels(y, self.device)
        self.n_classes_ = _check_fit_inputs(X_t, y_t, n_classes)
        has_val = X_val is not None and y_val is not None and len(y_val) > 0
        if has_val:
            X_v, y_v = _features(X_val, self.device), _labels(y_val, self.device)
            self.n_classes_ = max(self.n_classes_, int(y_v.max()) + 1)
        n, d = X_t.shape
        self.n_features_in_ = d
        generator = torch.Generator().manual_seed(self.seed)
        # trained as W.T ([C, d], contiguous): the products of a batch with it are faster in that layout
        W = torch.randn(d, self.n_classes_, generator=generator) * self.init_scale
        Wt = W.T.contiguous().to(self.device).requires_grad_()
        b = torch.zeros(self.n_classes_, device=self.device, requires_grad=True)
        optimizer = _Adam([Wt, b])
        batches = math.ceil(n / self.batch_size)
        stride = math.ceil(batches / LOSS_POINTS_PER_EPOCH)
        total_steps = self.epochs * batches
        best_acc, best_val_loss, best_state, since_best = -1.0, math.inf, None, 0
        self.history_: list[dict[str, Any]] = []
        self.best_epoch_ = self.epochs
        iteration = 0
        for epoch in range(1, self.epochs + 1):
            order = torch.randperm(n, generator=generator).to(self.device)
            epoch_loss, pending = 0.0, []
            for batch in range(batches):
                check_cancel(cancel)
                idx = order[batch * self.batch_size:(batch + 1) * self.batch_size]
                # W.T @ X.T, then transposed: the fastest layout for these skinny products (measured)
                scores = (Wt @ X_t.index_select(0, idx).T).T + b
                loss = self.data_loss(scores, y_t.index_select(0, idx)) + self.regularization * (Wt * Wt).sum()
                Wt.grad = b.grad = None
                loss.backward()
                # cosine decay, step by step, from the learning rate down to 0 at the last step
                optimizer.step(0.5 * self.learning_rate * (1.0 + math.cos(math.pi * iteration / total_steps)))
                iteration += 1
                value = float(loss.detach())
                epoch_loss += value
                pending.append(value)
                if len(pending) == stride or batch == batches - 1:
                    yield LossPoint(iteration=iteration, epoch=epoch, loss=sum(pending) / len(pending), run=run)
                    pending = []
            self.W_, self.b_ = Wt.detach().T, b.detach()
            train_acc = self._accuracy(X_t, y_t)
            val_acc = self._accuracy(X_v, y_v) if has_val else None
            self.history_.append({"epoch": epoch, "loss": epoch_loss / batches, "train_accuracy": train_acc,
                                  "val_accuracy": val_acc})
            yield EpochMetrics(epoch=epoch, loss=epoch_loss / batches, train_accuracy=train_acc,
                               val_accuracy=val_acc, run=run)
            if not has_val:
                continue
            with torch.no_grad():
                val_loss = float(self.data_loss(F.linear(X_v, Wt, b), y_v))
            # equal accuracy: the lower validation loss wins (easy data often reaches 100 % in epoch 1)
            if val_acc > best_acc or (val_acc == best_acc and val_loss < best_val_loss - 1e-6):
                best_acc, best_val_loss, since_best, self.best_epoch_ = val_acc, val_loss, 0, epoch
                best_state = (Wt.detach().clone().T, b.detach().clone())
            else:
                since_best += 1
                if self.patience is not None and since_best >= self.patience:
                    break
        self.W_, self.b_ = Wt.detach().clone().T, b.detach().clone()
        if has_val and best_state is not None:
            self.W_, self.b_ = best_state
            self.best_val_accuracy_ = best_acc
        self._after_fit(X_v if has_val else None, y_v if has_val else None)
        return self

    def _after_fit(self, X_val, y_val) -> None:
        """Hook for calibration once the weights are final."""

    @torch.no_grad()
    def _scores(self, X) -> torch.Tensor:
        if not hasattr(self, "W_"):
            raise RuntimeError("This classifier has not been trained yet (call fit first).")
        features = _features(X, self.device)
        if features.shape[1] != self.W_.shape[0]:
            raise ValueError(f"Expected {self.W_.shape[0]} features per example, got {features.shape[1]}.")
        return (self.W_.T @ features.T).T + self.b_  # same layout as in training (fastest, measured)

    def _accuracy(self, X: torch.Tensor, y: torch.Tensor) -> float:
        return int((self._scores(X).argmax(dim=1) == y).sum()) / max(1, y.shape[0])

    # prediction ----------------------------------------------------------------------------------------------
    def decision_function(self, X) -> np.ndarray:
        """Class scores ``[n, n_classes]``."""
        return _to_numpy(self._scores(X))

    def predict(self, X) -> np.ndarray:
        return _to_numpy(self._scores(X).argmax(dim=1))

    def predict_proba(self, X) -> np.ndarray:
        return _to_numpy(torch.softmax(self._scores(X) / self._temperature(), dim=1))

    def _temperature(self) -> float:
        return 1.0

    def to(self, device: torch.device | str):
        self.device = as_torch_device(device)
        if hasattr(self, "W_"):
            self.W_, self.b_ = self.W_.to(self.device), self.b_.to(self.device)
        return self

    # saving --------------------------------------------------------------------------------------------------
    def get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        if not hasattr(self, "W_"):
            raise RuntimeError("This classifier has not been trained yet (call fit first).")
        params = {"type": self.kind, "hyperparameters": self.get_params(), "n_classes": self.n_classes_,
                  "n_features": int(self.W_.shape[0]), "best_epoch": getattr(self, "best_epoch_", None),
                  "temperature": self._temperature()}
        tensors = {"W": self.W_.detach().to("cpu").contiguous(), "b": self.b_.detach().to("cpu").contiguous()}
        return params, tensors

    @classmethod
    def from_state(cls, params: dict[str, Any], tensors: dict[str, torch.Tensor], device: torch.device | str = "cpu"):
        model = cls(**params.get("hyperparameters", {}), device=device)
        model.W_ = tensors["W"].float().to(model.device)
        model.b_ = tensors["b"].float().to(model.device)
        model.n_classes_ = int(params.get("n_classes", model.W_.shape[1]))
        model.n_features_in_ = int(model.W_.shape[0])
        model.best_epoch_ = params.get("best_epoch")
        if "temperature" in params and hasattr(model, "temperature_"):
            model.temperature_ = float(params["temperature"])
        return model


class SoftmaxClassifier(_LinearClassifier):
    """Multinomial logistic regression: cross-entropy of softmax(scores); probabilities are that softmax."""

    kind = "softmax"

    @staticmethod
    def data_loss(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return softmax_loss(scores, y)


class LinearSVMClassifier(_LinearClassifier):
    """Multiclass linear SVM (hinge loss). Probabilities: softmax(scores / T), T calibrated on validation data.

    ``temperature=None`` calibrates T (minimum negative log-likelihood on the validation data, a log-spaced
    grid) when validation data is given, else uses 1; a number fixes T (e.g. one found during a search).
    """

    kind = "svm"

    def __init__(self, *args, temperature: float | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if temperature is not None and temperature <= 0:
            raise ValueError("temperature must be positive.")
        self.temperature = temperature
        self.temperature_ = 1.0 if temperature is None else float(temperature)

    @staticmethod
    def data_loss(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return svm_hinge_loss(scores, y)

    def get_params(self) -> dict[str, Any]:
        return {**super().get_params(), "temperature": self.temperature}

    def _temperature(self) -> float:
        return self.temperature_

    def _after_fit(self, X_val, y_val) -> None:
        if self.temperature is not None:
            self.temperature_ = float(self.temperature)
        elif X_val is not None:
            self.calibrate_temperature(X_val, y_val)
        else:
            self.temperature_ = 1.0

    @torch.no_grad()
    def calibrate_temperature(self, X, y) -> float:
        """Choose T minimising the negative log-likelihood of ``softmax(scores / T)`` on (X, y)."""
        scores = self._scores(X)
        labels = _labels(y, scores.device)
        grid = torch.logspace(-3, 3, 121, device=scores.device)
        nll = torch.stack([F.cross_entropy(scores / t, labels) for t in grid])
        self.temperature_ = float(grid[int(torch.argmin(nll))])
        return self.temperature_


CLASSIFIERS = {"knn": KNNClassifier, "svm": LinearSVMClassifier, "softmax": SoftmaxClassifier}


def make_classifier(name: str, device: torch.device | str = "cpu", **hyperparameters):
    """A new classifier by name ("knn", "svm", "softmax"); unknown hyperparameters are an error."""
    if name not in CLASSIFIERS:
        raise ValueError(f"Unknown classifier {name!r}; choose one of {tuple(CLASSIFIERS)}.")
    return CLASSIFIERS[name](device=device, **hyperparameters)


def classifier_from_state(params: dict[str, Any], tensors: dict[str, torch.Tensor],
                          device: torch.device | str = "cpu"):
    """Rebuild a trained classifier from ``get_state()``'s output."""
    kind = params.get("type")
    if kind not in CLASSIFIERS:
        raise ValueError(f"Unknown classifier type {kind!r} in the saved state.")
    return CLASSIFIERS[kind].from_state(params, tensors, device=device)
