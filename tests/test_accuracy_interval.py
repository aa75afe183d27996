"""An accuracy comes with its 95 % Wilson interval and the number of pictures behind it (issue 19, item 5)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binomtest

from desktop_app.core.accuracy_interval import accuracy_interval, is_wide, wilson_interval
from desktop_app.core.metrics import evaluate
from desktop_app.core.output.wording import accuracy_text, accuracy_uncertainty_text, vote_text


def test_35_of_37_right_lies_between_82_and_99_percent():
    low, high = wilson_interval(35, 37)
    assert low == pytest.approx(0.8230, abs=5e-5) and high == pytest.approx(0.9850, abs=5e-5)


@pytest.mark.parametrize("right, total", [(35, 37), (1, 3), (0, 10), (10, 10), (950, 1000), (7, 20)])
def test_the_interval_is_wilsons_score_interval(right, total):
    expected = binomtest(right, total).proportion_ci(confidence_level=0.95, method="wilson")
    assert wilson_interval(right, total) == pytest.approx((expected.low, expected.high), abs=1e-9)


def test_the_ends_are_exact_and_no_pictures_say_nothing():
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert accuracy_interval(35 / 37, 37) == wilson_interval(35, 37)


def test_an_evaluation_knows_its_interval():
    y = np.arange(37) % 3
    proba = np.eye(3, dtype=np.float32)[y]
    proba[:2] = np.roll(proba[:2], 1, axis=1)  # two wrong answers
    evaluation = evaluate(y, proba, ["a", "b", "c"])
    assert evaluation.accuracy == pytest.approx(35 / 37)
    assert evaluation.accuracy_interval == pytest.approx(wilson_interval(35, 37))


def test_the_accuracy_is_worded_with_its_interval_and_count_once_for_window_and_command_line():
    text = accuracy_text(35 / 37, 37, copies=0)
    assert text == ("Test accuracy: 94.6% (95% sure it lies between 82.3% and 98.5%) on 37 pictures it has "
                    "never seen")
    assert accuracy_text(0.5, 2, title="Accuracy").endswith("on 2 test pictures")
    assert accuracy_text(1.0, 1).endswith("on 1 test picture")  # not "1 test pictures"
    # wider than +-5 points: one sentence says so and suggests more test pictures
    assert is_wide(*wilson_interval(35, 37))
    sentence = accuracy_uncertainty_text(35 / 37, 37)
    assert "37 pictures" in sentence and "2.7 points" in sentence and "more test pictures" in sentence
    assert not is_wide(*wilson_interval(1900, 2000)) and accuracy_uncertainty_text(0.95, 2000) == ""


def test_the_vote_is_stated_with_its_counts_winner_first():
    text = vote_text([("roses", 18), ("daisy", 9), ("tulips", 3)], 30)
    assert text == "The 30 nearest training pictures voted roses 18, daisy 9, tulips 3: the answer is roses."
    assert vote_text([("roses", 3), ("daisy", 2)], 5, weighted=True).endswith("Nearer pictures count more.")
