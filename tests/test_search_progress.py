"""What the settings search says while it works: plain-words progress (the window and the command line read the
same lines) and kNN's accuracies fold by fold, before the cross-validation ends."""
from __future__ import annotations

import io

import numpy as np
import pytest

from desktop_app.cli.progress import ProgressPrinter
from desktop_app.core.classifiers import search
from desktop_app.core.events import CrossValidationFold, CrossValidationPoint, Progress, run_to_completion
from desktop_app.core.output.wording import checking_distance_text, distance_name_text, trying_setting_text


def test_progress_words():
    assert trying_setting_text(4, 12, {"learning_rate": 0.0003, "regularization": 0.1}) == \
        "Trying setting 4 of 12: learning rate 0.0003, regularisation 0.1"
    assert checking_distance_text("l1", 2, 5) == "Checking L1 distance: part 2 of 5"
    assert checking_distance_text(("l2", "cosine"), 1, 5) == "Checking L2 and cosine distances: part 1 of 5"
    assert [distance_name_text(d) for d in ("l1", "l2", "cosine")] == ["L1", "L2", "cosine"]


def _pictures(n=90, seed=0):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 3
    X = (rng.standard_normal((n, 8)) + 2 * np.eye(3, 8)[y]).astype(np.float32)
    return X, y


def test_knn_reports_each_fold_before_the_means_and_says_which_distance_and_part():
    X, y = _pictures()
    events = []
    run_to_completion(search.cross_validate_knn(X, y, ks=(1, 3, 5), distances=("l1", "l2", "cosine")),
                      events.append)
    folds = [e for e in events if isinstance(e, CrossValidationFold)]
    first_mean = next(i for i, e in enumerate(events) if isinstance(e, CrossValidationPoint))
    assert folds and all(events.index(f) < first_mean for f in folds)  # every fold before any mean
    for distance in ("l2", "cosine"):  # worked out together from one matrix, still finished fold by fold
        mine = [f for f in folds if f.distance == distance]
        assert [f.fold for f in mine] == [1, 2, 3, 4, 5] and all(f.ks == (1, 3, 5) for f in mine)
        means = {p.k: p.mean_accuracy for p in events if isinstance(p, CrossValidationPoint) and p.distance == distance}
        assert np.mean([f.accuracies for f in mine], axis=0) == pytest.approx([means[k] for k in (1, 3, 5)])
    messages = [e.message for e in events if isinstance(e, Progress)]
    assert "Checking L2 and cosine distances: part 1 of 5" in messages
    assert any(m.startswith("Checking L1 distance: part ") for m in messages)
    assert not any("fold" in m or " / " in m for m in messages)


def test_the_linear_search_says_which_setting_it_tries_in_the_window_and_on_the_command_line():
    X, y = _pictures()
    events = []
    grid = {"learning_rate": (1e-3, 1e-2), "regularization": (1e-4, 1e-1)}
    run_to_completion(search.search_linear("softmax", X[:60], y[:60], X[60:], y[60:], grid=grid,
                                           base_params={"epochs": 2}), events.append)
    messages = [e.message for e in events if isinstance(e, Progress)]
    assert messages[0] == "Trying setting 1 of 4: learning rate 0.001, regularisation 0.0001"
    assert "Trying setting 4 of 4: learning rate 0.01, regularisation 0.1" in messages
    stream = io.StringIO()
    printer = ProgressPrinter(True, stream)
    printer(next(e for e in events if isinstance(e, Progress) and e.message.startswith("Trying setting 4")))
    printer.close()
    line = stream.getvalue()
    assert "Trying setting 4 of 4: learning rate 0.01, regularisation 0.1" in line and "3 / 4" not in line


def test_the_time_left_is_worked_out_again_when_l1_is_left_out():
    from desktop_app.core.classifiers.knn_selection import Steps

    steps = Steps(15)
    steps.clock.started -= 10.0  # 10 s spent on 5 of 15 units: 20 s left
    assert steps.advance(5, "").eta_seconds == pytest.approx(20.0, rel=0.05)
    steps.drop(4)  # L1's other 4 parts are not run: 6 units left, 12 s
    progress = steps.advance(0, "")
    assert progress.total == 11 and progress.eta_seconds == pytest.approx(12.0, rel=0.05)
