"""Issue 19 items 1 and 6 in the window: a picture unlike the training pictures is shown as such on the Predict
tab (never as a plain answer), with the suggestion of a "none of these" class; the tab says in one sentence what
its "unsure" setting buys on this model, and answers every picture in one click."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop_app.core.events import run_to_completion  # noqa: E402
from desktop_app.core.output.percent import probability_text, reads_below, share_text, threshold_text  # noqa: E402
from desktop_app.core.training import TrainingConfig, run_training  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402
from tests.gui_helpers import drop_urls  # noqa: E402
from tests.test_novelty import _noise_pictures  # noqa: E402


@pytest.fixture
def trained_window(window, tmp_path):
    folder = write_class_folders(tmp_path / "data", per_class=15)
    config = TrainingConfig(data_dir=folder, classifier="softmax", features="pixels", image_size=12,
                            hyperparameters={"epochs": 3}, auto_tune=False, test_fraction=0.3)
    result = run_to_completion(run_training(config))
    window.session.set_model(result.model, result.evaluation, source=str(tmp_path / "m.psmodel"))
    return window, result


def test_a_picture_unlike_the_training_ones_is_shown_as_such(qtbot, trained_window, tmp_path):
    window, _ = trained_window
    predict = window.predict_tab
    new = write_class_folders(tmp_path / "new", per_class=1, seed=9)
    noise = _noise_pictures(tmp_path / "noise", 2)
    assert not predict.none_of_these_hint.isVisibleTo(predict)
    drop_urls(predict, [new / "circles" / "circles_9_000.png", noise])
    qtbot.waitUntil(lambda: len(predict.predictions) == 3 and not predict.runner.running, timeout=30_000)
    model = predict.table_model
    verdict = model.COLUMNS.index("verdict")
    shown = {Path(p.path).name: model.data(model.index(row, verdict)) for row, p in enumerate(predict.predictions)}
    noisy = next(p for p in predict.predictions if p.path.endswith("noise_0.png"))
    assert shown["noise_0.png"] == (f"Not like the training pictures (closest: {noisy.label} "
                                    f"{probability_text(noisy.probability)})")
    assert shown["noise_1.png"].startswith("Not like the training pictures (closest: ")
    row = next(r for r, p in enumerate(predict.predictions) if p.path.endswith("noise_0.png"))
    assert not model.data(model.index(row, verdict), Qt.ItemDataRole.FontRole)  # not bold like an answer
    assert shown["circles_9_000.png"] in ("circles", "unsure (maybe circles)")
    assert predict.none_of_these_hint.isVisibleTo(predict)
    assert '"none of these"' in predict.none_of_these_hint.text()
    assert "2 not like the training pictures" in predict.summary_label.text()
    predict.clear()
    assert not predict.none_of_these_hint.isVisibleTo(predict)


def test_the_unsure_setting_says_what_it_buys_and_one_click_answers_every_picture(qtbot, trained_window, tmp_path):
    window, result = trained_window
    predict = window.predict_tab
    evaluation, threshold = result.evaluation, window.session.unsure_threshold
    answered = np.array([not reads_below(c, threshold) for c in evaluation.confidence])
    n = len(evaluation.y_true)
    sentence = predict.unsure_sentence.label.text()
    assert predict.unsure_sentence.isVisibleTo(predict)
    if answered.any():
        right = share_text(float(evaluation.correct[answered].mean()), 0)
        assert sentence == (f"Answers at or above {threshold_text(threshold)} were right {right} of the time on "
                            f"the {n} test pictures; {share_text(1 - answered.mean(), 0)} of pictures fall below "
                            "and are marked unsure.")
    else:
        assert sentence.startswith(f"No answer reached {threshold_text(threshold)} on the {n} test pictures")

    predict.threshold_spin.setValue(100)  # everything unsure
    drop_urls(predict, [tmp_path / "data" / "squares"])
    qtbot.waitUntil(lambda: len(predict.predictions) == 15 and not predict.runner.running, timeout=30_000)
    verdict = predict.table_model.COLUMNS.index("verdict")
    texts = [predict.table_model.data(predict.table_model.index(r, verdict)) for r in range(15)]
    assert all(text.startswith("unsure") or text.startswith("Not like") for text in texts)

    qtbot.mouseClick(predict.unsure_sentence.button, Qt.MouseButton.LeftButton)
    assert window.session.unsure_threshold == 0.0 and predict.threshold_spin.value() == 0.0
    texts = [predict.table_model.data(predict.table_model.index(r, verdict)) for r in range(15)]
    assert not any(text.startswith("unsure") for text in texts)
    assert "0 unsure" in predict.summary_label.text()
    accuracy = share_text(float(evaluation.correct.mean()), 0)
    assert predict.unsure_sentence.label.text() == (f"Every picture gets an answer: {accuracy} of them were right "
                                                    f"on the {n} test pictures.")
    assert predict.unsure_sentence.button.text().startswith("Mark unsure answers again")
    qtbot.mouseClick(predict.unsure_sentence.button, Qt.MouseButton.LeftButton)  # and back to the model's own
    assert window.session.unsure_threshold == pytest.approx(result.model.unsure_threshold)
