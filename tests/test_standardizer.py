"""Standardizer: numpy's float64 statistics without a float64 copy of the feature matrix."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from desktop_app.core.extraction.standardizer import Standardizer


def test_mean_and_std_match_numpy_float64():
    rng = np.random.default_rng(0)
    # an offset far from zero and a spread of scales: where a float32 sum would drift
    X = (rng.standard_normal((5_000, 300)) * rng.uniform(0.01, 50, 300) + rng.uniform(-1e3, 1e3, 300))
    X = X.astype(np.float32)
    fitted = Standardizer.fit(X)
    reference = X.astype(np.float64)
    np.testing.assert_allclose(fitted.mean, reference.mean(axis=0), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(fitted.std, reference.std(axis=0), rtol=1e-5)
    scaled = fitted.transform(X)
    assert scaled.dtype == np.float32
    np.testing.assert_allclose(scaled, (reference - reference.mean(0)) / reference.std(0), atol=1e-3)


def test_constant_features_are_centred_not_blown_up():
    X = np.column_stack([np.full(10, 7.0), np.arange(10.0)]).astype(np.float32)
    fitted = Standardizer.fit(X)
    assert fitted.std[0] == 1.0
    np.testing.assert_array_equal(fitted.transform(X)[:, 0], 0.0)


def test_accepts_integer_and_float64_input():
    X = np.arange(24, dtype=np.uint8).reshape(6, 4)
    for array in (X, X.astype(np.float64)):
        fitted = Standardizer.fit(array)
        np.testing.assert_allclose(fitted.mean, X.mean(axis=0))
        assert fitted.transform(array).dtype == np.float32


def test_fit_and_transform_make_no_float64_copy():
    X = np.random.default_rng(1).random((20_000, 3072), dtype=np.float32)  # 245 MB; float64 would be 491 MB
    size = X.nbytes
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fitted = Standardizer.fit(X)
        fit_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        scaled = fitted.transform(X)
        transform_extra = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert fit_peak < 64 << 20, f"fit allocated {fit_peak / 2**20:.0f} MB at its peak"
    # the output itself (X's size in float32) and nothing more than small bookkeeping
    assert transform_extra < size + (8 << 20), f"transform allocated {transform_extra / 2**20:.0f} MB"
    del scaled


def test_rejects_empty_or_one_dimensional_input():
    with pytest.raises(ValueError):
        Standardizer.fit(np.zeros((0, 3), np.float32))
    with pytest.raises(ValueError):
        Standardizer.fit(np.zeros(3, np.float32))


def test_rows_fit_on_a_subset_without_copying_it():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((1_000, 20)).astype(np.float32)
    rows = np.flatnonzero(rng.random(1_000) < 0.3)
    on_rows = Standardizer.fit(X, rows=rows)
    on_copy = Standardizer.fit(X[rows])
    np.testing.assert_allclose(on_rows.mean, on_copy.mean, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(on_rows.std, on_copy.std, rtol=1e-6)
    with pytest.raises(ValueError):
        Standardizer.fit(X, rows=np.array([], dtype=np.int64))


def test_transform_in_place_matches_a_new_array():
    X = np.random.default_rng(3).standard_normal((50, 6)).astype(np.float32) * 4 + 2
    fitted = Standardizer.fit(X)
    expected = fitted.transform(X)
    same = fitted.transform(X, out=X)
    assert same is X
    np.testing.assert_array_equal(X, expected)
