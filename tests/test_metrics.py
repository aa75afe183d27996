"""Evaluation metrics against values worked out by hand."""
from __future__ import annotations

import json

import numpy as np
import pytest

from desktop_app.core.metrics import Evaluation, evaluate

CLASSES = ["cat", "dog", "fox"]
# true:       cat  cat  dog  dog  dog  fox
# predicted:  cat  dog  dog  dog  cat  cat   (fox is never predicted)
Y_TRUE = np.array([0, 0, 1, 1, 1, 2])
PROBA = np.array([
    [0.9, 0.05, 0.05],
    [0.3, 0.6, 0.1],
    [0.1, 0.8, 0.1],
    [0.2, 0.7, 0.1],
    [0.5, 0.4, 0.1],
    [0.95, 0.0, 0.05],
])
PATHS = [f"/pics/{i}.jpg" for i in range(6)]


def test_accuracy_per_class_scores_and_confusion_match_hand_computation():
    ev = evaluate(Y_TRUE, PROBA, CLASSES, PATHS)
    assert ev.accuracy == pytest.approx(3 / 6)
    cat, dog, fox = ev.per_class
    # cat: predicted 3 times, right once; 2 true cats, 1 found
    assert (cat["precision"], cat["recall"], cat["support"]) == (pytest.approx(1 / 3), pytest.approx(1 / 2), 2)
    assert cat["f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    # dog: predicted 3 times, right twice; 3 true dogs, 2 found
    assert (dog["precision"], dog["recall"]) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert fox == {"name": "fox", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert ev.confusion == [[1, 1, 0], [1, 2, 0], [1, 0, 0]]
    np.testing.assert_array_equal(ev.predicted, [0, 1, 1, 1, 0, 0])
    np.testing.assert_allclose(ev.confidence, [0.9, 0.6, 0.8, 0.7, 0.5, 0.95])


def test_mistakes_are_listed_most_confident_first():
    ev = evaluate(Y_TRUE, PROBA, CLASSES, PATHS)
    assert [m["path"] for m in ev.mistakes] == ["/pics/5.jpg", "/pics/1.jpg", "/pics/4.jpg"]
    assert ev.mistakes[0] == {"path": "/pics/5.jpg", "true": "fox", "predicted": "cat",
                              "confidence": pytest.approx(0.95)}


def test_to_dict_is_json_and_round_trips():
    ev = evaluate(Y_TRUE, PROBA, CLASSES)
    data = json.loads(json.dumps(ev.to_dict()))
    back = Evaluation.from_dict(data)
    assert back.accuracy == ev.accuracy and back.confusion == ev.confusion and back.per_class == ev.per_class
    np.testing.assert_array_equal(back.predicted, ev.predicted)
    assert back.mistakes[0]["path"] is None


def test_shape_mismatches_are_reported():
    with pytest.raises(ValueError):
        evaluate(Y_TRUE, PROBA[:, :2], CLASSES)
    with pytest.raises(ValueError):
        evaluate(Y_TRUE[:3], PROBA, CLASSES)
