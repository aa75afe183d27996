"""kNN neighbours equal a brute-force reference exactly, ties included (the lower training index first)."""
from __future__ import annotations

import platform

import numpy as np
import pytest

from desktop_app.core.classifiers import knn as knn_module
from desktop_app.core.classifiers.knn import KNNClassifier


@pytest.fixture(autouse=True)
def multiply(knn_multiply):
    """Every test runs with both multiply routes."""
    return knn_multiply


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="oneDNN is in x86 builds")
def test_the_packed_multiply_is_used_on_x86(multiply):
    assert knn_module._packed_multiply_works() == (multiply == "packed")


def brute_force(train: np.ndarray, queries: np.ndarray, k: int, distance: str) -> tuple[np.ndarray, np.ndarray]:
    t, q = train.astype(np.float64), queries.astype(np.float64)
    if distance == "l2":
        d = np.sqrt(((q[:, None, :] - t[None, :, :]) ** 2).sum(-1))
    elif distance == "l1":
        d = np.abs(q[:, None, :] - t[None, :, :]).sum(-1)
    else:
        tn = t / np.linalg.norm(t, axis=1, keepdims=True)
        qn = q / np.linalg.norm(q, axis=1, keepdims=True)
        d = 1.0 - qn @ tn.T
    order = np.argsort(d, axis=1, kind="stable")[:, :k]  # equal distances: the lower training index first
    return np.take_along_axis(d, order, 1), order


@pytest.mark.parametrize("distance", ["l2", "l1"])
@pytest.mark.parametrize("chunks", [(None, None), (7, 16), (64, 5)])
def test_neighbours_with_many_exact_ties_match_brute_force(distance, chunks):
    # points on a small integer grid: distances are exact in float32 and many of them are equal
    rng = np.random.default_rng(0)
    train = rng.integers(0, 3, size=(300, 6)).astype(np.float32)
    queries = rng.integers(0, 3, size=(40, 6)).astype(np.float32)
    knn = KNNClassifier(k=7, distance=distance, query_chunk=chunks[0], train_chunk=chunks[1])
    knn.fit(train, np.arange(300) % 4)
    dist, idx = knn.kneighbors(queries)
    ref_dist, ref_idx = brute_force(train, queries, 7, distance)
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("distance", ["l2", "l1", "cosine"])
def test_neighbours_on_random_data_match_brute_force(distance):
    rng = np.random.default_rng(1)
    train = rng.standard_normal((500, 40)).astype(np.float32)
    queries = rng.standard_normal((60, 40)).astype(np.float32)
    knn = KNNClassifier(k=10, distance=distance, train_chunk=64).fit(train, np.arange(500) % 3)
    dist, idx = knn.kneighbors(queries)
    ref_dist, ref_idx = brute_force(train, queries, 10, distance)
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-5, atol=1e-5)
