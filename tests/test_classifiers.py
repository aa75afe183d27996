"""Classifiers: the lecture's loss examples, kNN against a brute-force reference, linear model training."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from desktop_app.core.classifiers import classifier_base, registry
from desktop_app.core.classifiers.knn import KNNClassifier
from desktop_app.core.classifiers.linear import LinearSVMClassifier, SoftmaxClassifier
from desktop_app.core.classifiers.linear_training import softmax_loss, svm_hinge_loss
from desktop_app.core.classifiers.registry import classifier_from_state, make_classifier
from desktop_app.core.events import CancelToken, Cancelled, EpochMetrics, LossPoint

# rows: examples (true classes cat, car, frog); columns: scores for (cat, car, frog)
LECTURE_SCORES = torch.tensor([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
LECTURE_LABELS = torch.tensor([0, 1, 2])


def test_hinge_loss_matches_the_lecture_examples():
    per_example = [float(svm_hinge_loss(LECTURE_SCORES[i:i + 1], LECTURE_LABELS[i:i + 1])) for i in range(3)]
    assert per_example == pytest.approx([2.9, 0.0, 12.9], abs=1e-5)
    assert float(svm_hinge_loss(LECTURE_SCORES, LECTURE_LABELS)) == pytest.approx(5.27, abs=5e-3)


def test_softmax_loss_matches_the_lecture_example():
    assert float(softmax_loss(LECTURE_SCORES[:1], LECTURE_LABELS[:1])) == pytest.approx(2.04, abs=5e-3)


# -- kNN ---------------------------------------------------------------------------------------------------------

def reference_distances(train: np.ndarray, queries: np.ndarray, distance: str) -> np.ndarray:
    diff = queries[:, None, :].astype(np.float64) - train[None, :, :].astype(np.float64)
    if distance == "l1":
        return np.abs(diff).sum(-1)
    if distance == "l2":
        return np.sqrt((diff ** 2).sum(-1))
    unit = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    return 1.0 - unit(queries.astype(np.float64)) @ unit(train.astype(np.float64)).T


def reference_proba(train_y, dist, k, weighting, n_classes):
    order = np.argsort(dist, axis=1, kind="stable")[:, :k]
    proba = np.zeros((len(dist), n_classes))
    for i, row in enumerate(order):
        for j in row:
            proba[i, train_y[j]] += 1.0 if weighting == "majority" else 1.0 / dist[i, j]
    return proba / proba.sum(1, keepdims=True), order


@pytest.fixture
def small_problem():
    rng = np.random.default_rng(0)
    train = rng.normal(size=(60, 7)).astype(np.float32)
    train_y = rng.integers(0, 3, size=60)
    queries = rng.normal(size=(25, 7)).astype(np.float32)
    return train, train_y, queries


@pytest.mark.parametrize("distance", ["l1", "l2", "cosine"])
@pytest.mark.parametrize("weighting", ["majority", "distance"])
def test_knn_matches_a_brute_force_reference(small_problem, distance, weighting):
    train, train_y, queries = small_problem
    knn = KNNClassifier(k=5, distance=distance, weighting=weighting).fit(train, train_y)
    ref_dist = reference_distances(train, queries, distance)
    ref_proba, ref_order = reference_proba(train_y, ref_dist, 5, weighting, 3)
    dist, idx = knn.kneighbors(queries)
    np.testing.assert_array_equal(idx, ref_order)
    np.testing.assert_allclose(dist, np.take_along_axis(ref_dist, ref_order, 1), rtol=1e-4, atol=1e-4)
    # uncalibrated (smoothing 0, temperature 1): the vote shares, the winner of a tie 1e-4 ahead
    np.testing.assert_allclose(knn.predict_proba(queries), ref_proba, rtol=1e-4, atol=2e-4)
    assert knn.predict(queries).dtype == np.int64


@pytest.mark.parametrize("distance", ["l1", "l2", "cosine"])
def test_chunked_prediction_equals_unchunked(small_problem, distance):
    train, train_y, queries = small_problem
    whole = KNNClassifier(k=4, distance=distance).fit(train, train_y)
    chunked = KNNClassifier(k=4, distance=distance, query_chunk=3, train_chunk=7).fit(train, train_y)
    np.testing.assert_array_equal(chunked.kneighbors(queries)[1], whole.kneighbors(queries)[1])
    np.testing.assert_allclose(chunked.kneighbors(queries)[0], whole.kneighbors(queries)[0], atol=1e-5)
    np.testing.assert_array_equal(chunked.predict(queries), whole.predict(queries))


def test_knn_vote_ties_go_to_the_nearer_class_then_the_lower_index():
    # query at 0: class 1 at distance 1, class 0 at distance 2 -> 1 vote each; class 1 is nearer
    train = np.array([[2.0], [1.0], [5.0]], dtype=np.float32)
    knn = KNNClassifier(k=2).fit(train, np.array([0, 1, 2]))
    query = np.array([[0.0]], dtype=np.float32)
    assert [knn.predict(query)[0] for _ in range(3)] == [1, 1, 1]
    proba = knn.predict_proba(query)
    np.testing.assert_allclose(proba, [[0.5, 0.5, 0.0]], atol=1e-4)
    assert proba[0, 1] > proba[0, 0]  # the winner of the tie comes first in the probabilities too
    # symmetric tie: equal votes and equal summed distances -> the lower class index
    symmetric = KNNClassifier(k=2).fit(np.array([[1.0], [-1.0]], dtype=np.float32), np.array([1, 0]))
    assert symmetric.predict(query)[0] == 0


def test_duplicate_training_points_have_distance_zero_and_win_distance_weighting():
    rng = np.random.default_rng(1)
    train = rng.normal(size=(30, 16)).astype(np.float32) * 50
    labels = np.arange(30) % 3
    knn = KNNClassifier(k=5, weighting="distance").fit(train, labels)
    dist, idx = knn.kneighbors(train[:4])
    np.testing.assert_array_equal(idx[:, 0], np.arange(4))
    assert np.all(dist[:, 0] == 0.0)
    np.testing.assert_array_equal(knn.predict(train[:4]), labels[:4])
    np.testing.assert_allclose(knn.predict_proba(train[:4]).max(axis=1), 1.0)


def test_knn_k_larger_than_training_set_uses_all_points():
    knn = KNNClassifier(k=10).fit(np.eye(3, dtype=np.float32), np.array([0, 0, 1]))
    proba = knn.predict_proba(np.zeros((1, 3), dtype=np.float32))
    np.testing.assert_allclose(proba, [[2 / 3, 1 / 3]], rtol=1e-6)


def test_knn_rejects_bad_settings_and_inputs():
    with pytest.raises(ValueError, match="distance"):
        KNNClassifier(distance="hamming").fit(np.zeros((4, 3), np.float32), np.array([0, 1, 0, 1]))
    with pytest.raises(ValueError, match="k = 0"):
        KNNClassifier(k=0).fit(np.zeros((4, 3), np.float32), np.array([0, 1, 0, 1]))
    knn = KNNClassifier().fit(np.zeros((4, 3), np.float32), np.array([0, 1, 0, 1]))
    with pytest.raises(ValueError, match="features"):
        knn.predict(np.zeros((2, 5), np.float32))
    with pytest.raises(RuntimeError):
        KNNClassifier().predict(np.zeros((1, 3), np.float32))


def test_knn_prediction_honours_cancel(small_problem):
    train, train_y, queries = small_problem
    knn = KNNClassifier(k=3).fit(train, train_y)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        knn.predict(queries, cancel=token)


# -- linear classifiers ------------------------------------------------------------------------------------------

def blobs(n_per_class=40, n_classes=3, d=10, spread=0.5, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_classes, d)) * 3
    X = np.concatenate([centres[c] + spread * rng.normal(size=(n_per_class, d)) for c in range(n_classes)])
    y = np.repeat(np.arange(n_classes), n_per_class)
    return X.astype(np.float32), y


@pytest.mark.parametrize("cls", [LinearSVMClassifier, SoftmaxClassifier])
def test_linear_models_learn_separable_data(cls):
    X, y = blobs()
    model = cls(learning_rate=0.01, epochs=30, batch_size=32, seed=0).fit(X, y)
    assert np.mean(model.predict(X) == y) == 1.0
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    assert len(model.history_) == 30 and model.n_classes_ == 3


@pytest.mark.parametrize("cls", [LinearSVMClassifier, SoftmaxClassifier])
def test_linear_models_beat_chance_on_noisy_data(cls):
    X, y = blobs(n_per_class=60, n_classes=4, spread=4.0, seed=3)
    Xv, yv = blobs(n_per_class=30, n_classes=4, spread=4.0, seed=3)  # same centres, new noise
    model = cls(learning_rate=0.01, epochs=20, seed=1).fit(X, y)
    assert np.mean(model.predict(Xv) == yv) > 0.4  # chance is 0.25


def test_same_seed_gives_identical_weights_and_different_seed_does_not():
    X, y = blobs()
    a = SoftmaxClassifier(epochs=3, batch_size=16, seed=7).fit(X, y)
    b = SoftmaxClassifier(epochs=3, batch_size=16, seed=7).fit(X, y)
    c = SoftmaxClassifier(epochs=3, batch_size=16, seed=8).fit(X, y)
    assert torch.equal(a.W_, b.W_) and torch.equal(a.b_, b.b_)
    assert not torch.equal(a.W_, c.W_)


def test_initial_softmax_loss_is_about_log_of_the_class_count():
    X, y = blobs(n_per_class=50, n_classes=5)
    events = SoftmaxClassifier(learning_rate=1e-6, epochs=1, batch_size=500).fit_events(X, y)
    first = next(e for e in events if isinstance(e, LossPoint))
    assert first.loss == pytest.approx(math.log(5), abs=0.05)


def test_early_stopping_keeps_the_weights_of_the_best_validation_epoch():
    X, y = blobs(n_per_class=30, spread=3.0, seed=2)
    Xv, yv = blobs(n_per_class=30, spread=3.0, seed=5)
    model = SoftmaxClassifier(learning_rate=0.05, epochs=40, batch_size=16, patience=3, seed=0)
    model.fit(X, y, Xv, yv)
    val = [h["val_accuracy"] for h in model.history_]
    assert len(val) < 40  # it stopped early
    assert model.best_epoch_ == int(np.argmax(val)) + 1
    assert np.mean(model.predict(Xv) == yv) == pytest.approx(max(val))
    assert model.best_val_accuracy_ == pytest.approx(max(val))


def test_fit_events_reports_throttled_losses_and_every_epoch():
    X, y = blobs(n_per_class=400)  # 1200 examples / batch 16 = 75 iterations per epoch
    events = list(SoftmaxClassifier(epochs=2, batch_size=16).fit_events(X, y, run="search"))
    losses = [e for e in events if isinstance(e, LossPoint)]
    epochs = [e for e in events if isinstance(e, EpochMetrics)]
    assert [e.epoch for e in epochs] == [1, 2] and all(e.run == "search" for e in events)
    assert 2 * 10 <= len(losses) <= 2 * 20 + 2
    assert losses[-1].iteration == 150


def test_training_stops_when_cancelled():
    X, y = blobs()
    token = CancelToken()
    seen = []
    with pytest.raises(Cancelled):
        for event in SoftmaxClassifier(epochs=50, batch_size=8).fit_events(X, y, cancel=token):
            seen.append(event)
            if isinstance(event, EpochMetrics):
                token.cancel()
    assert sum(isinstance(e, EpochMetrics) for e in seen) == 1


def test_svm_probabilities_are_calibrated_on_validation_data():
    X, y = blobs(n_per_class=40, spread=2.5, seed=4)
    Xv, yv = blobs(n_per_class=40, spread=2.5, seed=6)
    svm = LinearSVMClassifier(learning_rate=0.01, epochs=10, seed=0).fit(X, y, Xv, yv)
    assert svm.temperature_ > 0 and svm.temperature_ != 1.0
    proba = svm.predict_proba(Xv)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(proba.argmax(axis=1), svm.predict(Xv))
    # the chosen temperature fits the validation data at least as well as the raw scores do
    nll = lambda p: -np.mean(np.log(p[np.arange(len(yv)), yv] + 1e-12))  # noqa: E731
    raw = torch.softmax(torch.from_numpy(svm.decision_function(Xv)), 1).numpy()
    assert nll(proba) <= nll(raw) + 1e-6
    assert LinearSVMClassifier(epochs=2).fit(X, y).temperature_ == 1.0


@pytest.mark.parametrize("name", registry.names())
def test_state_round_trip_gives_the_same_predictions(name):
    X, y = blobs(spread=2.0)
    keys = {setting.key for setting in registry.get(name).settings}
    hyper = {key: value for key, value in {"k": 3, "distance": "cosine", "epochs": 5}.items() if key in keys}
    model = make_classifier(name, device="cpu", **hyper)
    model.fit(X, y, X[::3], y[::3])
    params, tensors = model.get_state()
    import json
    params = json.loads(json.dumps(params))
    assert params["type"] == name and all(t.device.type == "cpu" for t in tensors.values())
    rebuilt = classifier_from_state(params, tensors)
    np.testing.assert_allclose(rebuilt.predict_proba(X), model.predict_proba(X), rtol=1e-5, atol=1e-6)
    assert rebuilt.n_classes_ == 3


def test_make_classifier_rejects_unknown_names():
    with pytest.raises(ValueError):
        make_classifier("forest")
    assert isinstance(make_classifier("knn", device="cpu", k=3, seed=0), KNNClassifier)


def test_device_names_are_accepted():
    assert classifier_base.as_torch_device("cpu") == torch.device("cpu")
    assert classifier_base.as_torch_device(None) == torch.device("cpu")
    assert classifier_base.as_torch_device("auto").type in ("cpu", "cuda", "mps")

