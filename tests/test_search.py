"""Hyperparameter search: kNN cross-validation and the linear learning-rate / regularisation grid."""
from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.classifiers import search
from desktop_app.core.errors import UserError
from desktop_app.core.events import (CancelToken, Cancelled, CrossValidationPoint, EpochMetrics, LossPoint, Message,
                                     Progress, SearchPoint, run_to_completion)


def noisy_labels_problem(seed=0):
    """Two well-separated blobs whose labels are 30% flipped: k=1 copies the noise, larger k averages it out."""
    rng = np.random.default_rng(seed)
    X = np.concatenate([rng.normal(-2, 1, size=(60, 2)), rng.normal(2, 1, size=(60, 2))]).astype(np.float32)
    y = np.repeat([0, 1], 60)
    flip = rng.random(120) < 0.3
    return X, np.where(flip, 1 - y, y)


def test_cross_validation_prefers_a_larger_k_when_labels_are_noisy():
    X, y = noisy_labels_problem()
    events = []
    best = run_to_completion(search.cross_validate_knn(X, y, ks=(1, 15), distances=("l2",), n_folds=5), events.append)
    points = {p.k: p for p in events if isinstance(p, CrossValidationPoint)}
    assert set(points) == {1, 15}
    assert best["k"] == 15 and best["distance"] == "l2"
    assert points[15].mean_accuracy > points[1].mean_accuracy + 0.1
    assert best["cv_accuracy"] == pytest.approx(points[15].mean_accuracy)
    assert len(points[1].fold_accuracies) == 5
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress[-1].done == progress[-1].total == 5 and progress[-1].phase == "search"


def test_cross_validation_ties_choose_the_larger_k():
    # perfectly separated data (by angle too): every k up to the class size scores 100%; the one-standard-error
    # rule then takes the smoothest (largest) k
    X = np.concatenate([np.tile([5.0, 0.0], (10, 1)), np.tile([0.0, 5.0], (10, 1))]).astype(np.float32)
    X += np.random.default_rng(0).normal(0, 0.1, size=X.shape).astype(np.float32)
    y = np.repeat([0, 1], 10)
    best = run_to_completion(search.cross_validate_knn(X, y, ks=(7, 3, 5), distances=("cosine", "l2"), n_folds=4))
    assert {key: best[key] for key in ("k", "distance", "cv_accuracy", "n_folds")} == {
        "k": 7, "distance": "cosine", "cv_accuracy": 1.0, "n_folds": 4}
    # calibrated on 20 held-out votes, all right: sure, but not 100 % (Platt's smoothed target 21/22)
    assert 0.9 < best["held_out_proba"].max() < 0.97


def test_a_clearly_worse_larger_k_is_not_chosen():
    # two tight clusters per class far apart: k=1 is right, k=15 reaches into the other class's clusters
    rng = np.random.default_rng(3)
    centres = np.array([[0, 0], [10, 0], [0, 10], [10, 10]], dtype=np.float32)
    X = np.concatenate([c + rng.normal(0, 0.3, size=(6, 2)) for c in centres]).astype(np.float32)
    y = np.repeat([0, 1, 1, 0], 6)
    X = np.concatenate([X, X[y == 0][:2] + 0.01])  # class 0 slightly larger, so wide votes lean to it
    y = np.concatenate([y, [0, 0]])
    events = []
    best = run_to_completion(search.cross_validate_knn(X, y, ks=(1, 3, 15), distances=("l2",), n_folds=4),
                             events.append)
    points = {p.k: p for p in events if isinstance(p, CrossValidationPoint)}
    assert points[15].mean_accuracy < points[1].mean_accuracy - 0.2
    assert best["k"] in (1, 3)


def test_default_ks_are_limited_by_the_fold_size():
    X, y = noisy_labels_problem()
    X, y = X[::6], y[::6]  # 20 examples -> 16 per training fold
    events = []
    run_to_completion(search.cross_validate_knn(X, y, distances=("l1",)), events.append)
    ks = sorted(p.k for p in events if isinstance(p, CrossValidationPoint))
    assert ks == [k for k in search.DEFAULT_KS if k <= 16]


def test_folds_are_stratified_complete_and_reproducible():
    labels = np.array([0] * 50 + [1] * 25 + [2] * 10)
    folds = search.fold_indices(labels, 5, seed=7)
    assert len(folds) == 5
    all_held_out = np.concatenate([held_out for _, held_out in folds])
    assert sorted(all_held_out.tolist()) == list(range(len(labels)))  # each picture held out exactly once
    for train, held_out in folds:
        assert not set(train.tolist()) & set(held_out.tolist())
        assert np.bincount(labels[held_out], minlength=3).tolist() == [10, 5, 2]
    again = search.fold_indices(labels, 5, seed=7)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(folds, again))
    other = search.fold_indices(labels, 5, seed=8)
    assert not all(np.array_equal(a[1], b[1]) for a, b in zip(folds, other))
    with pytest.raises(UserError):
        search.fold_indices(np.array([0]), 5, seed=0)


def test_folds_shrink_for_tiny_classes():
    y = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1])
    assert len(search.fold_indices(y, 5, seed=0)) == 3  # smallest class has 3 members
    single = np.array([0, 0, 0, 0, 1])  # a class of one: stratification is impossible
    folds = search.fold_indices(single, 5, seed=0)
    assert len(folds) == 5 and sorted(np.concatenate([t for _, t in folds])) == list(range(5))


def test_cross_validation_honours_cancel():
    X, y = noisy_labels_problem()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_to_completion(search.cross_validate_knn(X, y, cancel=token))


def blobs(seed, n=40, spread=1.5):
    rng = np.random.default_rng(99)
    centres = rng.normal(size=(3, 8)) * 2
    rng = np.random.default_rng(seed)
    X = np.concatenate([c + spread * rng.normal(size=(n, 8)) for c in centres]).astype(np.float32)
    return X, np.repeat(np.arange(3), n)


@pytest.mark.parametrize("name", ["softmax", "svm"])
def test_linear_search_tries_the_grid_and_returns_the_best_setting(name):
    X, y = blobs(0)
    Xv, yv = blobs(1)
    grid = {"learning_rate": (1e-4, 0.03), "regularization": (1e-3, 0.5)}
    events = []
    best = run_to_completion(search.search_linear(name, X, y, Xv, yv, grid=grid), events.append)
    points = [e for e in events if isinstance(e, SearchPoint)]
    assert len(points) == 4
    top = max(p.val_accuracy for p in points)
    assert best["val_accuracy"] == top > 0.6
    assert 1 <= best["epochs"] <= search.SEARCH_EPOCHS
    assert {"learning_rate", "regularization"} <= set(best)
    assert best["temperature"] > 0  # both models are calibrated on the validation data
    assert best["held_out_proba"].shape == (len(yv), 3)
    runs = {e.run for e in events if isinstance(e, (LossPoint, EpochMetrics))}
    assert runs == {"search"}


def test_a_setting_that_runs_away_is_skipped_not_fatal(monkeypatch):
    """A learning rate too high for the features makes the loss infinite: the search says so, skips that
    setting and keeps the best of the others; only when every setting runs away does training stop."""
    from desktop_app.core.classifiers import registry
    from desktop_app.core.errors import UserError
    from desktop_app.core.classifiers.linear_training import TrainingDiverged

    real_make = registry.make_classifier

    def make(name, **params):
        model = real_make(name, **params)
        if params["learning_rate"] >= 1.0:
            def runaway(*args, **kwargs):
                yield from ()
                raise TrainingDiverged("the loss became inf")
            model.fit_events = runaway
        return model

    monkeypatch.setattr(registry, "make_classifier", make)
    X, y = blobs(0)
    Xv, yv = blobs(1)
    events = []
    best = run_to_completion(search.search_linear("softmax", X, y, Xv, yv, grid={
        "learning_rate": (1e-3, 5.0), "regularization": (1e-3,)}), events.append)
    assert best["learning_rate"] == 1e-3
    warnings = [e.text for e in events if isinstance(e, Message) and e.level == "warning"]
    assert len(warnings) == 1 and "5" in warnings[0] and "skipped" in warnings[0]
    with pytest.raises(UserError, match="run away"):
        run_to_completion(search.search_linear("softmax", X, y, Xv, yv, grid={
            "learning_rate": (5.0,), "regularization": (1e-3,)}))


def test_linear_search_needs_validation_data():
    X, y = blobs(0)
    from desktop_app.core.errors import UserError
    with pytest.raises(UserError):
        run_to_completion(search.search_linear("softmax", X, y, X[:0], y[:0]))
