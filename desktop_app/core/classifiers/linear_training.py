"""How the linear classifiers (linear.py) are trained: the two losses and their gradients by hand, plain Adam,
and the minibatch loop with cosine decay and early stopping."""
from __future__ import annotations

import contextlib
import math
from typing import Any, Generator

import numpy as np
import torch
import torch.nn.functional as F

from desktop_app.core.classifiers.classifier_base import as_features, as_labels, check_fit_inputs
from desktop_app.core.errors import UserError
from desktop_app.core.events import EpochMetrics, Event, LossPoint, check_cancel
from desktop_app.core.output.translation import translate

LOSS_POINTS_PER_EPOCH = 20  # enough for a smooth live curve without flooding the GUI


class TrainingDiverged(UserError):
    """The loss stopped being a finite number: this learning rate is too high for these features."""


class _Adam:
    """Plain Adam (Kingma & Ba) with the learning rate given per step, for the cosine schedule."""

    def __init__(self, params: list[torch.Tensor], betas=(0.9, 0.999), eps: float = 1e-8) -> None:
        self.params, self.betas, self.eps, self.t = params, betas, eps, 0
        self.m = [torch.zeros_like(p) for p in params]
        self.v = [torch.zeros_like(p) for p in params]

    @torch.no_grad()
    def step(self, grads: list[torch.Tensor], lr: float) -> None:
        self.t += 1
        b1, b2 = self.betas
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = v.div(1 - b2 ** self.t).sqrt_().add_(self.eps)
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


# Training computes the loss and its gradient with respect to the scores in one pass, by hand: autograd's backward
# pass was about 30 % of a fit's profile for these small products (whole fit ~6 % faster, in turns, noisy machine).

def svm_hinge_loss_and_gradient(scores: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``svm_hinge_loss`` and its gradient with respect to the scores (as autograd gives it: a margin of exactly
    zero is not violated)."""
    correct = scores.gather(1, y[:, None])
    margins = scores - correct + 1.0
    violated = (margins > 0).to(scores.dtype).scatter_(1, y[:, None], 0.0)
    loss = (margins.clamp_min_(0.0) * violated).sum(dim=1).mean()
    grad = violated.scatter_(1, y[:, None], -violated.sum(dim=1, keepdim=True)).div_(scores.shape[0])
    return loss, grad


def softmax_loss_and_gradient(scores: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``softmax_loss`` and its gradient with respect to the scores, (softmax - one-hot) / batch size."""
    log_p = torch.log_softmax(scores, dim=1)
    loss = -log_p.gather(1, y[:, None]).mean()
    grad = log_p.exp_().scatter_add_(1, y[:, None], torch.full((len(y), 1), -1.0, dtype=scores.dtype,
                                                               device=scores.device)).div_(scores.shape[0])
    return loss, grad


# -- training ----------------------------------------------------------------------------------------------------

def train_weights(model, X, y, X_val=None, y_val=None, cancel=None, run: str = "final",
                  n_classes: int | None = None, rows=None) -> Generator[Event, None, Any]:
    """``model.fit_events``: minibatch Adam with cosine decay, early stopping on the validation accuracy; sets
    ``model.W_``, ``b_``, ``history_``, ``best_epoch_`` (and ``best_val_accuracy_``), then calibrates."""
    with _few_threads(model.device):
        result = yield from _train(model, X, y, X_val, y_val, cancel, run, n_classes, rows)
    return result


def _train(model, X, y, X_val, y_val, cancel, run, n_classes, rows=None):
    model.check_hyperparameters()
    X_t, y_t = as_features(X, model.device), as_labels(y, model.device)
    row_ids = None if rows is None else torch.as_tensor(np.asarray(rows, dtype=np.int64), device=model.device)
    model.n_classes_ = check_fit_inputs(X_t, y_t, n_classes)
    if row_ids is not None and len(row_ids) == 0:
        raise ValueError("Cannot train on zero examples.")
    has_val = X_val is not None and y_val is not None and len(y_val) > 0
    if has_val:
        X_v, y_v = as_features(X_val, model.device), as_labels(y_val, model.device)
        model.n_classes_ = max(model.n_classes_, int(y_v.max()) + 1)
    n, d = (X_t.shape[0] if row_ids is None else len(row_ids)), X_t.shape[1]
    model.n_features_in_ = d
    generator = torch.Generator().manual_seed(model.seed or 0)
    # trained as W.T ([C, d], contiguous): the products of a batch with it are faster in that layout
    W = torch.randn(d, model.n_classes_, generator=generator) * model.init_scale
    start = getattr(model, "start_weights", None)  # warm start (retraining): see start_from
    warm = start is not None and tuple(start[0].shape) == (d, model.n_classes_)
    if warm:
        W = start[0].float().clone()
    Wt = W.T.contiguous().to(model.device)
    b = start[1].float().clone().to(model.device) if warm else torch.zeros(model.n_classes_, device=model.device)
    optimizer = _Adam([Wt, b])
    batches = math.ceil(n / model.batch_size)
    stride = math.ceil(batches / LOSS_POINTS_PER_EPOCH)
    total_steps = model.epochs * batches
    best_acc, best_val_loss, best_state, since_best = -1.0, math.inf, None, 0
    model.history_: list[dict[str, Any]] = []
    model.best_epoch_ = model.epochs
    iteration = 0
    for epoch in range(1, model.epochs + 1):
        order = torch.randperm(n, generator=generator).to(model.device)
        if row_ids is not None:
            order = row_ids[order]
        epoch_loss, pending = 0.0, []
        for batch in range(batches):
            check_cancel(cancel)
            idx = order[batch * model.batch_size:(batch + 1) * model.batch_size]
            rows = X_t.index_select(0, idx)
            scores = (Wt @ rows.T).T + b  # W.T @ X.T, transposed: the fastest layout for a batch (measured)
            data_loss, grad_scores = model.data_loss_and_gradient(scores, y_t.index_select(0, idx))
            loss = data_loss + model.regularization * Wt.pow(2).sum()
            grad_W = torch.addmm(Wt, grad_scores.T, rows, beta=2.0 * model.regularization)
            # cosine decay, step by step, from the learning rate down to 0 at the last step
            optimizer.step([grad_W, grad_scores.sum(dim=0)],
                           0.5 * model.learning_rate * (1.0 + math.cos(math.pi * iteration / total_steps)))
            iteration += 1
            value = float(loss.detach())
            if not math.isfinite(value):  # diverged: stop rather than go on to save meaningless numbers
                raise TrainingDiverged(translate(
                    "Training went wrong: the loss became {loss} with learning rate {rate:g}, which is too high "
                    "for these pictures. Nothing was saved. Try a smaller learning rate, such as 0.001.").format(
                    loss=value, rate=model.learning_rate))
            epoch_loss += value
            pending.append(value)
            if len(pending) == stride or batch == batches - 1:
                yield LossPoint(iteration=iteration, epoch=epoch, loss=sum(pending) / len(pending), run=run)
                pending = []
        model.W_, model.b_ = Wt.T, b
        train_acc = model._accuracy(X_t, y_t, row_ids)
        val_acc = model._accuracy(X_v, y_v) if has_val else None
        model.history_.append({"epoch": epoch, "loss": epoch_loss / batches, "train_accuracy": train_acc,
                              "val_accuracy": val_acc})
        yield EpochMetrics(epoch=epoch, loss=epoch_loss / batches, train_accuracy=train_acc,
                           val_accuracy=val_acc, run=run)
        if not has_val:
            continue
        with torch.no_grad():
            val_loss = float(model.data_loss(F.linear(X_v, Wt, b), y_v))
        # equal accuracy: the lower validation loss wins (easy data often reaches 100 % in epoch 1)
        if val_acc > best_acc or (val_acc == best_acc and val_loss < best_val_loss - 1e-6):
            best_acc, best_val_loss, since_best, model.best_epoch_ = val_acc, val_loss, 0, epoch
            best_state = (Wt.clone().T, b.clone())
        else:
            since_best += 1
            if model.patience is not None and since_best >= model.patience:
                break
    model.W_, model.b_ = Wt.clone().T, b.clone()
    if has_val and best_state is not None:
        model.W_, model.b_ = best_state
        model.best_val_accuracy_ = best_acc
    model._after_fit(X_v if has_val else None, y_v if has_val else None)
    return model
