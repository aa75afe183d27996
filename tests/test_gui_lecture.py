"""The lecture's views in the window: "Why?" on an answer (scores and losses, or neighbours and vote), the
lecture example's numbers as drawn, and the templates view with its PNG."""
from __future__ import annotations

import numpy as np
from PIL import Image

from desktop_app.core.events import run_to_completion
from desktop_app.core.analysis.explain import number_text
from desktop_app.core.extraction import features
from desktop_app.gui.templates_view import TemplatesView
from desktop_app.gui import why_view
from desktop_app.gui.why_view import WhyView
from tests.gui_helpers import open_folder, train


def _column(table, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def _why_on_first_answer(qtbot, window, picture) -> WhyView:
    tab = window.predict_tab
    assert tab.predict_paths([picture])
    qtbot.waitUntil(lambda: not tab.runner.running and len(tab.predictions) == 1, timeout=30_000)
    assert not tab.why_button.isEnabled()  # nothing chosen yet
    tab.table.setCurrentIndex(tab.table_model.index(0, 0))
    assert tab.why_button.isEnabled()
    tab.why_button.click()
    view = window.findChild(WhyView, "WhyView")
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.explanation is not None and not view.runner.running, timeout=30_000)
    return view


def test_the_lecture_example_draws_the_lecture_numbers(qtbot, window):
    view = WhyView.for_window(window, window.signals)
    view.bring_up()
    view.lecture_button.click()
    hinge = view.hinge_table
    assert [hinge.verticalHeaderItem(row).text() for row in range(hinge.rowCount())][:3] == ["cat", "car", "frog"]
    assert [hinge.item(3, column).text() for column in range(3)] == ["2.9", "0", "12.9"]
    assert hinge.item(1, 0).text() == "max(0, 5.1 - 3.2 + 1) = 2.9"
    assert hinge.item(0, 2).text() == "max(0, 2.2 - (-3.1) + 1) = 6.3"
    assert view.hinge_mean_label.text().endswith("(2.9 + 0 + 12.9) / 3 = 5.27")
    assert view.softmax_picture_box.currentText().startswith("cat")
    assert _column(view.softmax_table, 2)[:2] == ["0.13", "0.87"]
    assert "-log(0.13) = 2.04" in view.softmax_loss_label.text()
    assert view.hinge_box.isVisible() and view.softmax_box.isVisible() and not view.neighbours_box.isVisible()


def test_why_on_a_predict_answer_shows_the_models_scores_templates_and_a_test_picture(qtbot, window, image_folder,
                                                                                       tmp_path):
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "softmax", "pixels", auto_tune=False)
    model = window.session.model
    picture = sorted((image_folder / "stripes").iterdir())[0]
    view = _why_on_first_answer(qtbot, window, picture)

    raw = run_to_completion(features.extract_features(model.feature_settings, [picture], None, "cpu")).features
    scores = model.classifier.decision_function(model.standardizer.transform(raw))[0]
    assert _column(view.scores_table, 0) == [number_text(s) for s in scores]
    answer = int(np.argmax(scores))
    assert view.right_class_box.currentIndex() == answer and view.right_class_box.isEnabled()  # not known
    assert view.hinge_table.rowCount() == len(model.class_names) + 1
    assert view.softmax_box.isVisible() and view.answer_box.isVisible() and not view.neighbours_box.isVisible()
    assert view.sections.indexOf(view.softmax_box) < view.sections.indexOf(view.hinge_box)  # its own loss first
    view.right_class_box.setCurrentIndex((answer + 1) % 3)  # "as if the right class were" another one
    wrong = (answer + 1) % 3
    margins = [max(0.0, s - scores[wrong] + 1) for j, s in enumerate(scores) if j != wrong]
    assert view.hinge_table.item(3, 0).text() == number_text(sum(margins))

    # the templates: one per class, and the PNG
    evaluate = window.evaluate_tab
    button = next(b for b in evaluate.findChildren(type(view.lecture_button)) if "Templates" in b.text())
    button.click()
    templates_view = window.findChild(TemplatesView, "TemplatesView")
    assert len(templates_view.tiles) == len(model.class_names)
    size = model.feature_settings.image_size
    assert templates_view.templates.images.shape == (len(model.class_names), size, size, 3)
    assert [tile.pixmap().width() for tile in templates_view.tiles] == [96] * len(model.class_names)
    assert templates_view.export_png(tmp_path / "sheet.png")
    qtbot.waitUntil(lambda: not templates_view.runner.running, timeout=20_000)
    with Image.open(tmp_path / "sheet.png") as sheet:
        assert sheet.format == "PNG"
    assert "Saved" in templates_view.status_label.text()

    # "Why?" on a test picture: its right class comes from its folder
    evaluate.select_cell(0, 0)
    evaluate.cell_view.setCurrentIndex(evaluate.cell_model.index(0))
    path = evaluate.cell_model.index(0).data(evaluate.cell_model.PathRole)
    why = evaluate.why_button  # beside the chosen test picture
    assert why.isVisibleTo(evaluate) and why.isEnabled()
    why.click()
    qtbot.waitUntil(lambda: view.explanation is not None and view.explanation.name == path
                    and not view.runner.running, timeout=30_000)
    assert view.right_class_box.currentText() == model.class_names[0] and not view.right_class_box.isEnabled()

    window.session.set_model(None)  # open views follow the model in use
    assert templates_view.tiles == [] and "no model" in templates_view.explanation_label.text()
    assert view.explanation is None and not view.scores_box.isVisible() and "Another model" in view.status_label.text()


def test_why_on_a_knn_answer_shows_its_k_neighbours_and_the_vote(qtbot, window, image_folder, monkeypatch):
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "knn", "pixels", auto_tune=False)
    model = window.session.model
    k = model.classifier.k
    view = _why_on_first_answer(qtbot, window, sorted((image_folder / "circles").iterdir())[0])
    assert view.neighbours_box.isVisible() and not view.hinge_box.isVisible()
    assert view.sections.indexOf(view.neighbours_box) < view.sections.indexOf(view.answer_box)
    assert view.neighbours_model.rowCount() == k
    votes = [int(text) for text in _column(view.vote_table, 0)]
    assert sum(votes) == k
    captions = [view.neighbours_model.index(row).data() for row in range(k)]
    assert all(caption.split(" (")[0] in model.class_names for caption in captions)

    # any picture, chosen in the view itself
    other = str(sorted((image_folder / "squares").iterdir())[1])
    monkeypatch.setattr(why_view.QFileDialog, "getOpenFileName", lambda *args, **kwargs: (other, ""))
    view.open_button.click()
    qtbot.waitUntil(lambda: view.explanation.name == other and not view.runner.running, timeout=30_000)
    assert view.neighbours_model.rowCount() == k and other in view.title_label.text()

    button = next(b for b in window.evaluate_tab.findChildren(type(view.lecture_button)) if "Templates" in b.text())
    button.click()
    templates_view = window.findChild(TemplatesView, "TemplatesView")
    assert templates_view.tiles == [] and "no templates" in templates_view.explanation_label.text()
    assert not templates_view.export_button.isEnabled()


def test_a_pretrained_model_shows_its_highest_scoring_training_pictures(qtbot, window, image_folder, tmp_path):
    from desktop_app.core.training import TrainingConfig, run_training

    open_folder(qtbot, window, image_folder)
    split = window.session.split
    config = TrainingConfig(data_dir=image_folder, classifier="softmax", features="pretrained", device="cpu",
                            image_size=32, auto_tune=False, hyperparameters={"epochs": 3},
                            val_fraction=split.val_fraction, test_fraction=split.test_fraction, seed=split.seed)
    result = run_to_completion(run_training(config))
    model = result.model
    window.session.set_model(model, None, trained_on=window.session.dataset_version)
    button = next(b for b in window.evaluate_tab.findChildren(type(window.evaluate_tab.folder_button))
                  if "Templates" in b.text())
    button.click()
    view = window.findChild(TemplatesView, "TemplatesView")
    assert "no picture form" in view.explanation_label.text()
    qtbot.waitUntil(lambda: view.top_pictures is not None and not view.runner.running, timeout=60_000)
    assert len(view.tiles) == 5 * len(model.class_names)  # 10 training pictures a class, the best 5 shown
    for pictures in view.top_pictures:
        scores = [picture.score for picture in pictures]
        assert scores == sorted(scores, reverse=True)
    shown = {picture.path for pictures in view.top_pictures for picture in pictures}
    assert shown <= {str(p) for p in image_folder.rglob("*.png")}
    assert not shown & set(result.evaluation.paths)  # training pictures only, never a test picture
    assert view.export_png(tmp_path / "top.png")
    qtbot.waitUntil(lambda: not view.runner.running, timeout=20_000)
    with Image.open(tmp_path / "top.png") as sheet:
        assert sheet.format == "PNG" and sheet.height > 3 * 96
