"""The lecture's views in the core: the cat / car / frog arithmetic, one picture's scores and vote, templates."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from desktop_app.core.analysis import explain, templates
from desktop_app.core.classifiers import registry
from desktop_app.core.classifiers.linear_training import softmax_loss, svm_hinge_loss
from desktop_app.core.events import run_to_completion
from desktop_app.core.extraction import features
from desktop_app.core.output.safe_write import OutputPathError
from desktop_app.core.training import TrainingConfig, run_training
from tests.conftest import write_class_folders

SIZE = 8  # pixels a side: templates of 8 x 8 x 3


def test_the_lecture_example_gives_the_lecture_numbers():
    example = explain.lecture_example()
    cat, car, frog = example.pictures
    assert [explain.number_text(p.hinge_loss) for p in example.pictures] == ["2.9", "0", "12.9"]
    assert [explain.number_text(t.value) for t in cat.hinge_terms] == ["2.9", "0"]  # car 5.1 - 3.2 + 1, frog
    assert [explain.number_text(t.value) for t in frog.hinge_terms] == ["6.3", "6.6"]
    assert explain.number_text(example.mean_hinge_loss) == "5.27"
    assert example.mean_hinge_loss == pytest.approx(15.8 / 3)
    assert explain.number_text(cat.softmax_loss) == "2.04"  # natural log; the lecture's 0.89 is log10
    assert cat.softmax_loss == pytest.approx(-math.log(math.exp(3.2) / (math.exp(3.2) + math.exp(5.1)
                                                                         + math.exp(-1.7))))
    assert [explain.number_text(p) for p in cat.probabilities[:2]] == ["0.13", "0.87"]
    assert [explain.number_text(v) for v in cat.exp_scores] == ["24.53", "164.02", "0.18"]


def test_the_steps_are_the_losses_training_minimises():
    scores = torch.tensor(explain.LECTURE_SCORES, dtype=torch.float32)
    labels = torch.arange(3)
    example = explain.lecture_example()
    assert example.mean_hinge_loss == pytest.approx(float(svm_hinge_loss(scores, labels)), abs=1e-5)
    assert example.mean_softmax_loss == pytest.approx(float(softmax_loss(scores, labels)), abs=1e-5)


def test_huge_scores_still_give_finite_steps():
    steps = explain.score_steps([1000.0, 990.0, -5.0], 1, ("a", "b", "c"))
    assert steps.shift == 1000.0 and np.isfinite(steps.exp_scores).all()
    assert steps.softmax_loss == pytest.approx(10.0, abs=1e-4)
    assert steps.hinge_loss == pytest.approx(11.0)


def test_each_classifier_says_what_its_answers_are_made_of():
    for spec in registry.specs():
        assert spec.explanation in registry.EXPLANATIONS and spec.loss in (None, *registry.LOSSES)
    kinds = {spec.name: (spec.explanation, spec.loss) for spec in registry.specs()}
    assert sorted(kinds.values()) == [("neighbours", None), ("scores", "cross_entropy"), ("scores", "hinge")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return write_class_folders(tmp_path_factory.mktemp("explain") / "data", per_class=10)


def _train(folder: Path, classifier: str):
    config = TrainingConfig(data_dir=folder, classifier=classifier, features="pixels", device="cpu",
                            image_size=SIZE, auto_tune=False, hyperparameters={} if classifier == "knn" else
                            {"epochs": 5})
    return run_to_completion(run_training(config)).model


@pytest.fixture(scope="module", params=["softmax", "svm"])
def linear_model(request, folder):
    return _train(folder, request.param)


def test_a_pixel_model_has_one_template_per_class_in_picture_space(linear_model, tmp_path):
    found = templates.templates(linear_model)
    classes = len(linear_model.class_names)
    assert found.images.shape == (classes, SIZE, SIZE, 3) and found.images.dtype == np.uint8
    assert list(found.class_names) == linear_model.class_names
    for image in found.images:  # stretched per class: each uses the full range
        assert image.min() == 0 and image.max() == 255
    # the template is the weight on each raw pixel value: score(x) - score(0) = sum(template * x)
    x = np.random.default_rng(1).random((1, 3 * SIZE * SIZE)).astype(np.float32)
    model = linear_model
    def scores(raw):
        return model.classifier.decision_function(model.standardizer.transform(raw))[0]
    expected = scores(x) - scores(np.zeros_like(x))
    assert np.allclose([float((w.reshape(-1) * x[0]).sum()) for w in found.weights], expected, atol=1e-3)

    path = templates.write_sheet_png(templates.template_rows(found), tmp_path / "templates.png", "title")
    with Image.open(path) as written:
        assert written.format == "PNG" and written.width >= classes * templates.SHEET_TILE
    assert [p.name for p in tmp_path.iterdir()] == ["templates.png"]  # no temporary file left


def test_the_png_is_never_written_among_the_pictures(linear_model, folder):
    inside = folder / "circles" / "templates.png"  # it would be a training picture the next time
    with pytest.raises(OutputPathError, match="inside the folder of pictures"):
        templates.write_sheet_png(templates.template_rows(templates.templates(linear_model)), inside,
                                  input_folders=[folder])
    assert not inside.exists()


def test_knn_has_no_templates(folder):
    model = _train(folder, "knn")
    assert not templates.has_templates(model) and not templates.has_top_pictures(model)
    with pytest.raises(TypeError):
        templates.templates(model)


def test_one_pictures_scores_are_the_models(linear_model, folder):
    picture = sorted((folder / "squares").iterdir())[0]
    found = explain.explain_picture(linear_model, picture, str(picture), "squares")
    assert found.explanation == "scores" and found.true_index == linear_model.class_names.index("squares")
    # the scores of the prediction path (features extracted as predict_paths does)
    raw = run_to_completion(features.extract_features(linear_model.feature_settings, [picture], None, "cpu"))
    expected = linear_model.classifier.decision_function(linear_model.standardizer.transform(raw.features))[0]
    assert np.allclose(found.scores, expected, atol=1e-5)
    model_answer = run_to_completion(linear_model.predict_paths([picture]))[0]
    assert found.class_names[found.predicted_index] == model_answer.label
    assert found.probabilities.max() == pytest.approx(model_answer.probability, abs=1e-6)
    steps = found.steps()
    assert steps.true_class == "squares" and len(steps.hinge_terms) == 2


def test_top_scoring_pictures_per_class(linear_model, folder):
    paths = sorted(str(p) for p in folder.rglob("*.png"))
    top = run_to_completion(templates.top_scoring_pictures(linear_model, paths, None, per_class=3))
    assert [len(pictures) for pictures in top] == [3] * len(linear_model.class_names)
    for pictures in top:
        assert [p.score for p in pictures] == sorted((p.score for p in pictures), reverse=True)


def test_a_knn_answer_is_its_k_neighbours_and_their_vote(folder):
    model = _train(folder, "knn")
    picture = sorted((folder / "circles").iterdir())[0]
    found = explain.explain_picture(model, picture, str(picture))
    k = model.classifier.k
    assert found.explanation == "neighbours" and len(found.neighbours) == k
    assert sum(vote.count for vote in found.votes) == k
    distances = [n.distance for n in found.neighbours]
    assert distances == sorted(distances)
    assert found.scores is None and found.steps() is None
