"""The hand-written loss gradients used in training equal autograd's, and training still converges the same way."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from desktop_app.core.classifiers.linear import LinearSVMClassifier, SoftmaxClassifier
from desktop_app.core.classifiers.linear_training import (softmax_loss, softmax_loss_and_gradient, svm_hinge_loss,
                                                          svm_hinge_loss_and_gradient)

CASES = [(softmax_loss, softmax_loss_and_gradient), (svm_hinge_loss, svm_hinge_loss_and_gradient)]


def _autograd(loss_fn, scores, y):
    scores = scores.clone().requires_grad_()
    loss = loss_fn(scores, y)
    loss.backward()
    return loss.detach(), scores.grad


@pytest.mark.parametrize("loss_fn, fused", CASES)
def test_gradient_matches_autograd_on_random_scores(loss_fn, fused):
    generator = torch.Generator().manual_seed(0)
    scores = torch.randn(64, 7, generator=generator) * 3
    y = torch.randint(0, 7, (64,), generator=generator)
    loss, grad = fused(scores.clone(), y)
    expected_loss, expected_grad = _autograd(loss_fn, scores, y)
    torch.testing.assert_close(loss, expected_loss, rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(grad, expected_grad, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("loss_fn, fused", CASES)
def test_gradient_matches_autograd_on_ties_and_exact_margins(loss_fn, fused):
    # integer scores: margins of exactly 0 (a boundary case for the hinge), equal scores across classes
    scores = torch.tensor([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [2.0, 1.0, 2.0], [5.0, -5.0, 4.0]])
    y = torch.tensor([0, 1, 2, 0])
    loss, grad = fused(scores.clone(), y)
    expected_loss, expected_grad = _autograd(loss_fn, scores, y)
    torch.testing.assert_close(loss, expected_loss)
    torch.testing.assert_close(grad, expected_grad)


@pytest.mark.parametrize("cls", [SoftmaxClassifier, LinearSVMClassifier])
def test_training_matches_an_autograd_reference_run(cls):
    """A few Adam steps by hand with autograd land on the same weights as the classifier's own training."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((96, 5)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.int64) + (X[:, 1] > 0.5)
    model = cls(learning_rate=0.05, regularization=1e-3, epochs=3, batch_size=32, seed=4).fit(X, y)

    generator = torch.Generator().manual_seed(4)
    Wt = (torch.randn(5, 3, generator=generator) * 1e-3).T.contiguous().requires_grad_()
    b = torch.zeros(3, requires_grad=True)
    m = [torch.zeros_like(Wt), torch.zeros_like(b)]
    v = [torch.zeros_like(Wt), torch.zeros_like(b)]
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    total, t = 3 * 3, 0
    for _ in range(3):
        order = torch.randperm(96, generator=generator)
        for batch in range(3):
            idx = order[batch * 32:(batch + 1) * 32]
            loss = cls.data_loss(X_t[idx] @ Wt.T + b, y_t[idx]) + 1e-3 * (Wt * Wt).sum()
            Wt.grad = b.grad = None
            loss.backward()
            lr = 0.5 * 0.05 * (1 + np.cos(np.pi * t / total))
            t += 1
            with torch.no_grad():
                for p, mm, vv in zip((Wt, b), m, v):
                    mm.mul_(0.9).add_(p.grad, alpha=0.1)
                    vv.mul_(0.999).addcmul_(p.grad, p.grad, value=0.001)
                    p.addcdiv_(mm, (vv / (1 - 0.999 ** t)).sqrt() + 1e-8, value=-lr / (1 - 0.9 ** t))
    torch.testing.assert_close(model.W_, Wt.detach().T, rtol=1e-4, atol=1e-6)
    torch.testing.assert_close(model.b_, b.detach(), rtol=1e-4, atol=1e-6)
