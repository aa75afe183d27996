""""How many more pictures?": one point per share of the training pictures, cancellable, a sentence naming the
classes still improving, and the command line's --json and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.events import CancelToken, Cancelled
from desktop_app.core.analysis.learning_curve import (FRACTIONS, LearningCurvePoint, gain_sentence, last_gains,
                                             run_learning_curve)
from desktop_app.core.training import TrainingConfig
from tests.conftest import write_class_folders
from tests.test_cli import cli


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return write_class_folders(tmp_path_factory.mktemp("curve") / "pictures", per_class=15)


def _config(folder: Path, classifier: str = "softmax") -> TrainingConfig:
    return TrainingConfig(data_dir=folder, classifier=classifier, features="pixels", image_size=8, device="cpu",
                          hyperparameters={"epochs": 3} if classifier != "knn" else {})


def test_one_point_per_share_with_growing_pictures_and_every_class(folder):
    events = []
    step = run_learning_curve(_config(folder), repeats=2)
    try:
        while True:
            events.append(next(step))
    except StopIteration as stop:
        curve = stop.value
    points = [e for e in events if isinstance(e, LearningCurvePoint)]
    assert [p.fraction for p in points] == list(FRACTIONS) and curve.points == points
    pictures = [p.pictures for p in points]
    assert pictures == sorted(pictures) and len(set(pictures)) == len(pictures)
    # every class at every share, and each class keeps its share of the pictures (stratified)
    assert all(len(p.class_pictures) == len(p.class_accuracy) == 3 for p in points)
    assert sum(points[-1].class_pictures) + curve.test_pictures == 45  # every picture: learnt from or tested
    assert all(min(p.class_pictures) >= max(p.class_pictures) - 1 for p in points)
    assert all(0.0 <= a <= 1.0 for p in points for a in p.class_accuracy)
    assert 3 <= curve.test_pictures <= 9 and curve.repeats == 2
    assert curve.sentence and len(curve.gains) == 3


def test_the_curve_stops_when_cancelled_and_gives_no_more_points(folder):
    cancel = CancelToken()
    points = []
    step = run_learning_curve(_config(folder, "knn"), repeats=1, cancel=cancel)
    with pytest.raises(Cancelled):
        for event in step:
            if isinstance(event, LearningCurvePoint):
                points.append(event)
                cancel.cancel()
    assert len(points) == 1


def _point(fraction: float, accuracies) -> LearningCurvePoint:
    return LearningCurvePoint(fraction, int(100 * fraction), sum(accuracies) / 3, 0.0, (10, 10, 10),
                              tuple(accuracies))


def test_the_sentence_names_the_classes_still_rising_at_the_end():
    names = ["cats", "dogs\n<b>", "owls"]
    points = [_point(0.6, (0.5, 0.5, 0.9)), _point(0.8, (0.9, 0.6, 0.7)), _point(1.0, (0.9, 0.7, 0.75))]
    gains = last_gains(points, 3)
    assert gains == pytest.approx([0.0, 0.1, 0.05])
    sentence = gain_sentence(names, gains, points, (40, 40, 40))
    assert "'dogs\\n<b>' and 'owls'" in sentence and "cats" not in sentence  # the steepest first, escaped
    assert "10 and 5 percentage points" in sentence and "20%" in sentence
    # with 10 test pictures of 'owls', a rise of 5 points is less than one picture: luck, not learning
    assert "owls" not in gain_sentence(names, gains, points, (40, 40, 10))
    flat = gain_sentence(names, [0.0, 0.005, None], points, (40, 40, 40))
    assert flat.startswith("No class is still clearly improving")


def test_learning_curve_command_json(folder):
    out = json.loads(cli("learning-curve", str(folder), "--classifier", "knn", "--features", "pixels",
                         "--image-size", "8", "--repeats", "1", "--device", "cpu", "--json").stdout)
    assert out["classes"] == ["circles", "squares", "stripes"]
    assert [p["fraction"] for p in out["points"]] == list(FRACTIONS)
    assert all(len(p["class_accuracy"]) == 3 for p in out["points"])
    assert set(out["gains"]) == set(out["classes"]) and out["sentence"]


def test_learning_curve_command_text(folder):
    text = cli("learning-curve", str(folder), "--classifier", "knn", "--features", "pixels", "--image-size", "8",
               "--repeats", "1", "--device", "cpu", "--quiet").stdout
    assert "circles" in text and len([line for line in text.splitlines() if "%" in line]) >= 5


@pytest.mark.parametrize("make, code", [
    (lambda tmp: tmp / "missing", 1),
    (lambda tmp: write_class_folders(tmp / "one", per_class=6, classes={"only": ((1, 2, 3), "ellipse")}), 1),
    (lambda tmp: (tmp / "file.png").write_bytes(b"not a folder") and tmp / "file.png", 1),
])
def test_bad_folders_give_one_line_and_no_traceback(tmp_path, make, code):
    proc = cli("learning-curve", str(make(tmp_path)), "--features", "pixels", "--image-size", "8",
               "--device", "cpu", "--quiet", check_code=code)
    assert proc.stderr.startswith("error: ") and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_bad_values_are_usage_errors(folder):
    proc = cli("learning-curve", str(folder), "--repeats", "0", check_code=2)
    assert "--repeats" in proc.stderr and "Traceback" not in proc.stderr
