"""Training on 50,000 pictures keeps one copy of their features: the splits are slices of one array and the
cross-validation folds train on row indices, with results identical to training on copies."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from desktop_app.core.classifiers import registry, search
from desktop_app.core.classifiers.registry import CLASSIFIER_NAMES
from desktop_app.core.training import put_rows_first

LINEAR = [name for name in CLASSIFIER_NAMES if name != "knn"]


def test_put_rows_first_moves_the_chosen_rows_to_the_top_in_place():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((500, 7)).astype(np.float32)
    original = X.copy()
    # three ascending groups with some rows left out, as training orders train, val and test
    groups = rng.choice(4, size=500, p=[0.6, 0.15, 0.15, 0.1])
    order = np.concatenate([np.flatnonzero(groups == g) for g in range(3)])
    buffer = X.ctypes.data
    put_rows_first(X, order)
    assert X.ctypes.data == buffer  # the same memory: rearranged, not reallocated
    np.testing.assert_array_equal(X[:len(order)], original[order])
    # the rows left out are all still there, below
    rest = sorted(map(tuple, X[len(order):]))
    assert rest == sorted(map(tuple, original[np.flatnonzero(groups == 3)]))


@pytest.mark.parametrize("name", LINEAR)
def test_linear_fit_on_rows_equals_fit_on_their_copy(name):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 16)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.int64) + 2 * (X[:, 1] > 0)
    rows = np.sort(rng.choice(300, size=200, replace=False))
    params = dict(epochs=3, batch_size=32, seed=5, temperature=1.0)
    on_copy = registry.make_classifier(name, **params).fit(X[rows], y[rows], n_classes=4)
    on_rows = registry.make_classifier(name, **params)
    for _ in on_rows.fit_events(X, y, n_classes=4, rows=rows):
        pass
    np.testing.assert_array_equal(on_rows.W_.numpy(), on_copy.W_.numpy())
    assert on_rows.history_ == on_copy.history_  # the training accuracy is counted over the same rows


def test_out_of_fold_calibration_copies_no_fold_of_the_features():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((4000, 1536)).astype(np.float32)  # 24.6 MB: a fold's copy would be 19.7 MB
    y = rng.integers(0, 5, size=4000)
    gen = search.calibrate_linear_out_of_fold("softmax", X, y, {"learning_rate": 1e-3, "regularization": 1e-3,
                                                                "epochs": 1, "batch_size": 256}, n_folds=5)
    tracemalloc.start()
    try:
        for _ in gen:
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 0.25 * X.nbytes, f"{peak / 1e6:.1f} MB traced while calibrating on {X.nbytes / 1e6:.1f} MB"
