"""kNN model selection from one Gram matrix chooses exactly what the fold-by-fold search chooses, ties included;
L1 is left out only when clearly worse; a class too small for cross-validation keeps k = 1 with a warning."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from desktop_app.core.classifiers import knn as knn_module
from desktop_app.core.classifiers import knn_candidates, knn_selection, search
from desktop_app.core.classifiers.knn import KNNClassifier
from desktop_app.core.events import (CancelToken, Cancelled, CrossValidationPoint, Message, Progress,
                                     run_to_completion)


@pytest.fixture
def multiply(knn_multiply):
    """The fold-by-fold reference runs with both multiply routes."""
    return knn_multiply


def with_ties(kind: str, n: int = 240, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Integer-valued features on a small grid (many equal distances) or real-valued ones, a fifth of the rows
    duplicated (distance 0), 4 classes that the features predict only partly."""
    rng = np.random.default_rng(seed)
    if kind == "integers":
        X = rng.integers(0, 3, size=(n, 6)).astype(np.float32)
    else:
        X = rng.standard_normal((n, 12)).astype(np.float32)
    y = (X[:, 0] + X[:, 1] > X[:, 2]).astype(np.int64) * 2 + rng.integers(0, 2, n)
    X[n // 2:n // 2 + n // 5] = X[:n // 5]
    return X, y


def run(X, y, one_matrix: bool, **options):
    events = []
    best = run_to_completion(search.cross_validate_knn(X, y, one_matrix=one_matrix, **options), events.append)
    points = [(p.k, p.distance, p.mean_accuracy, p.fold_accuracies) for p in events
              if isinstance(p, CrossValidationPoint)]
    return best, points, events


@pytest.mark.parametrize("kind", ["integers", "reals"])
@pytest.mark.parametrize("weighting", ["majority", "distance"])
@pytest.mark.parametrize("distances", [("l2", "cosine"), ("l1", "l2", "cosine")])
def test_one_matrix_selection_equals_the_fold_by_fold_search(kind, weighting, distances, multiply, monkeypatch):
    monkeypatch.setattr(knn_selection, "BLOCK_ROWS", 20)  # many blocks, some straddling nothing but one fold
    monkeypatch.setattr(knn_selection, "EXACT_ROWS", 50)
    X, y = with_ties(kind)
    options = dict(ks=range(1, 31), distances=distances, weighting=weighting, n_folds=5, seed=3)
    ours, our_points, events = run(X, y, True, **options)
    reference, reference_points, _ = run(X, y, False, **options)
    if not any(isinstance(e, Message) and "L1 distance left out" in e.text for e in events):
        assert our_points == reference_points  # every k, every distance, every fold: the same accuracies
    else:  # L1 left out: the other distances' points are the same and L1 was not the choice
        assert our_points == [p for p in reference_points if p[1] != "l1"] and reference["distance"] != "l1"
    for key in ("k", "distance", "cv_accuracy", "n_folds", "smoothing", "temperature", "uniform_share"):
        assert ours[key] == reference[key], key
    np.testing.assert_array_equal(ours["held_out_proba"], reference["held_out_proba"])


@pytest.mark.parametrize("distance", ["l2", "cosine"])
@pytest.mark.parametrize("kind", ["integers", "reals"])
@pytest.mark.parametrize("n, k, block_rows, sample_columns", [(150, 20, 16, None), (400, 5, 64, 16)])
def test_out_of_fold_neighbours_are_the_fold_by_fold_neighbours(distance, kind, n, k, block_rows, sample_columns,
                                                                multiply, monkeypatch):
    """The second case lets a picture's first block through only below the k + margin best of a sample of its
    columns (``knn_candidates.SAMPLE_COLUMNS``), as on large data."""
    if sample_columns:
        monkeypatch.setattr(knn_candidates, "SAMPLE_COLUMNS", sample_columns)
    X, y = with_ties(kind, n=n, seed=1)
    folds = search.fold_indices(y, 5, seed=0)
    features = torch.from_numpy(X)
    found = run_to_completion(knn_selection.out_of_fold_neighbours(
        features, folds, [distance], k, knn_selection.Steps(5), block_rows=block_rows))
    dist, idx = found[distance]
    for train, test in folds:
        reference = KNNClassifier(k=k, distance=distance).fit(X[train], y[train])
        ref_dist, ref_idx = reference.kneighbors(X[test])
        np.testing.assert_array_equal(idx[test].numpy(), train[ref_idx])  # same neighbours, same order
        np.testing.assert_array_equal(dist[test].numpy(), ref_dist)  # the same bits


@pytest.mark.parametrize("seed", range(3))
def test_candidates_keep_the_smallest_scores_block_after_block(seed, monkeypatch):
    """Threshold merging (a sampled first threshold, then each picture's worst candidate) keeps exactly the
    smallest scores seen, many of them equal, whatever the blocks' order."""
    monkeypatch.setattr(knn_candidates, "SAMPLE_COLUMNS", 16)  # the first block's threshold from 20 of its 40
    rng = np.random.default_rng(seed)
    blocks = [torch.from_numpy((offset + rng.integers(0, 12, size=(6, width))).astype(np.float32))
              for offset, width in ((0, 40), (0.5, 3), (6, 25), (3, 64))]
    candidates = knn_candidates.Candidates(6, 9, 1000, torch.device("cpu"))
    scratch = knn_candidates.Scratch(torch.device("cpu"))
    start = 0
    for block in blocks:
        candidates.offer(block.contiguous(), torch.arange(start, start + block.shape[1]), scratch)
        start += block.shape[1]
    everything = torch.cat(blocks, 1)
    np.testing.assert_array_equal(candidates.scores.sort(dim=1).values, everything.sort(dim=1).values[:, :9])
    np.testing.assert_array_equal(everything.gather(1, candidates.idx), candidates.scores)  # each its own score
    assert all(len(set(row)) == 9 for row in candidates.idx.tolist())  # no picture twice


def test_blocks_stay_small_and_skip_pairs_of_the_same_fold(monkeypatch):
    """Memory: never an n x n matrix; each pair of blocks once (lower triangle), none inside one fold."""
    if not knn_module._packed_multiply_works():  # probed before recording: the probe multiplies too
        pytest.skip("this PyTorch has no oneDNN packed multiply")
    shapes = []
    real = knn_module._packed_multiply

    def recording(q, rows, bias):
        shapes.append((q.shape[0], rows.shape[0]))
        return real(q, rows, bias)

    monkeypatch.setattr(knn_module, "_packed_multiply", recording)
    monkeypatch.setattr(knn_selection, "BLOCK_ROWS", 32)
    X, y = with_ties("reals", n=400)
    run_to_completion(search.cross_validate_knn(X, y, distances=("l2", "cosine"), ks=(1, 5)))
    folds = search.fold_indices(y, 5, seed=0)
    blocks = knn_selection.fold_blocks(folds, 32)
    assert len(shapes) == len(knn_selection.block_pairs(blocks))
    assert max(max(s) for s in shapes) <= 32
    # 5 folds of 80 pictures, 3 blocks each: 15 * 14 / 2 pairs, less 5 * 3 inside a fold
    assert len(shapes) == 15 * 14 // 2 - 5 * 3
    multiplied = sum(a * b for a, b in shapes)
    assert multiplied == 400 * 400 * 4 // 10  # 0.4 n^2 dot products: a fifth of the fold-by-fold 2 x 0.8 n^2


def test_cancel_is_checked_between_blocks_and_progress_covers_the_whole_search(monkeypatch):
    monkeypatch.setattr(knn_selection, "BLOCK_ROWS", 16)
    X, y = with_ties("reals", n=160)

    class CountingToken(CancelToken):
        checks = 0

        def check(self):
            CountingToken.checks += 1
            super().check()

    events = []
    run_to_completion(search.cross_validate_knn(X, y, distances=("l2", "cosine"), ks=(1, 3), cancel=CountingToken()),
                      events.append)
    pairs = len(knn_selection.block_pairs(knn_selection.fold_blocks(search.fold_indices(y, 5, 0), 16)))
    assert CountingToken.checks >= pairs
    progress = [e for e in events if isinstance(e, Progress)]
    assert all(p.phase == "search" for p in progress)
    dones = [p.done for p in progress]
    assert dones == sorted(dones) and dones[-1] == progress[-1].total == 2 * 5  # as fold by fold: distance x fold
    assert len(progress) > pairs  # a step per block pair: the bar moves during the one long pass

    token = CancelToken()
    seen = []

    def cancel_after_two(event):
        seen.append(event)
        if len(seen) == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        run_to_completion(search.cross_validate_knn(X, y, distances=("l2", "cosine"), cancel=token),
                          cancel_after_two)


def scaled_directions(seed=0, n=150):
    """Classes told apart by a small turn of one direction, at wildly different lengths: cosine sees the turn,
    L1 (and L2) mostly see the lengths."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0, 1, 2], n // 3)
    directions = 1 + 0.3 * np.eye(3, 8)[y] + 0.01 * rng.standard_normal((n, 8))
    return (directions * np.exp(rng.uniform(0, 7, size=(n, 1)))).astype(np.float32), y


def test_l1_is_left_out_when_clearly_worse_on_the_first_fold():
    X, y = scaled_directions()
    ours, points, events = run(X, y, True, ks=(1, 3, 5))
    reference, reference_points, _ = run(X, y, False, ks=(1, 3, 5))
    notes = [e.text for e in events if isinstance(e, Message) and "L1 distance left out" in e.text]
    assert len(notes) == 1 and "below cosine's" in notes[0]  # a name in a sentence, not "COSINE"
    assert {p[1] for p in points} == {"l2", "cosine"}
    assert points == [p for p in reference_points if p[1] != "l1"]
    assert (ours["k"], ours["distance"]) == (reference["k"], reference["distance"]) == (5, "cosine")
    # fixed by the user: L1 stays, whatever the other distances would say
    fixed, fixed_points, _ = run(X, y, True, ks=(3,), distances=("l1",))
    assert fixed["distance"] == "l1" and {p[1] for p in fixed_points} == {"l1"}


def test_l1_stays_when_not_clearly_worse():
    X, y = with_ties("integers", seed=4)
    _, points, events = run(X, y, True, ks=(1, 5, 9))
    assert not any(isinstance(e, Message) and "left out" in e.text for e in events)
    assert {p[1] for p in points} == {"l1", "l2", "cosine"}


def test_clearly_worse_needs_two_standard_errors_and_two_pictures():
    assert not search.l1_clearly_worse(np.array([0.9]), np.array([0.95]), 20)  # one picture of 20
    assert not search.l1_clearly_worse(np.array([0.80, 0.85]), np.array([0.90]), 40)  # 2 pictures, < 2 SE
    assert search.l1_clearly_worse(np.array([0.5, 0.6]), np.array([0.95]), 40)
    assert search.l1_clearly_worse(np.array([0.8]), np.array([1.0]), 20)  # 4 pictures, 2 SE = 0.19
    assert not search.l1_clearly_worse(np.array([0.9]), np.array([1.0]), 20)  # 2 pictures, 2 SE = 0.14
    assert not search.l1_clearly_worse(np.array([1.0]), np.array([1.0]), 1000)


def test_classes_of_one_picture_keep_k_1_with_a_warning():
    """Issue 17: 2,000 classes of 2 pictures leave one training picture per class after the test split.
    Cross-validation then scores 0 % for every k and the search took k = 50 (percentages near uniform)."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 16)).astype(np.float32)
    y = np.arange(300)
    best, points, events = run(X, y, True)
    assert {p[2] for p in points} == {0.0}  # what cross-validation can say: nothing
    warnings = [e.text for e in events if isinstance(e, Message) and e.level == "warning"]
    assert len(warnings) == 1 and "cannot choose k" in warnings[0] and "k = 1" in warnings[0]
    assert best["k"] == 1 and best["distance"] == "l2"
    assert (best["smoothing"], best["temperature"], best["uniform_share"], best["confidence_map"]) == (
        0.0, 1.0, 0.0, None)  # not calibrated on votes that could never be right
    model = KNNClassifier(k=best["k"], distance=best["distance"]).fit(X, y)
    assert model.predict_proba(X[:5]).max(axis=1).min() == 1.0  # the nearest picture's class, not near-uniform


def test_two_pictures_per_class_that_agree_are_cross_validated_normally():
    rng = np.random.default_rng(1)
    centres = rng.standard_normal((60, 16)).astype(np.float32) * 5
    X = np.concatenate([centres, centres + 0.01 * rng.standard_normal((60, 16)).astype(np.float32)])
    y = np.concatenate([np.arange(60), np.arange(60)])
    best, points, events = run(X, y, True, ks=(1, 3, 5))
    assert not any(isinstance(e, Message) and e.level == "warning" for e in events)
    assert best["cv_accuracy"] == 1.0 and best["confidence_map"] is not None  # chosen and calibrated as usual


def test_training_on_classes_of_two_pictures_says_so_and_keeps_k_1(tmp_path):
    """Issue 17 through the whole job: 40 classes of 2 pictures each, kNN on pixels."""
    from desktop_app.core.events import HyperparametersChosen
    from desktop_app.core.training import TrainingConfig, run_training
    from tests.conftest import CLASS_STYLES, write_class_folders

    styles = [style for _, style in CLASS_STYLES.values()]
    classes = {f"c{i:02d}": ((i * 37 % 256, i * 91 % 256, i * 53 % 256), styles[i % len(styles)]) for i in range(40)}
    folder = write_class_folders(tmp_path / "data", per_class=2, size=24, classes=classes)
    events = []
    run_to_completion(run_training(TrainingConfig(data_dir=folder, device="cpu", classifier="knn", features="pixels",
                                                  image_size=8)), events.append)
    warnings = [e.text for e in events if isinstance(e, Message) and "cannot choose k" in e.text]
    assert len(warnings) == 1
    chosen = [e.params for e in events if isinstance(e, HyperparametersChosen)]
    assert chosen == [{"k": 1, "distance": "l2"}]
