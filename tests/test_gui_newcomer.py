"""The window as a newcomer meets it (issue 9): true split facts, honest curves, large pictures, time left and
hints, the class table, a stopped run that keeps the earlier model. The screen, readable text and the keyboard are
in test_gui_screen_and_keyboard.py."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop_app.core.data import dataset as core_dataset  # noqa: E402
from desktop_app.core.data import splitting  # noqa: E402
from desktop_app.core.events import EpochMetrics, LossPoint, Progress  # noqa: E402
from desktop_app.gui.plots import IntegerAxis, LivePlots  # noqa: E402
from desktop_app.core.output.wording import pictures_text  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402
from tests.gui_helpers import open_folder, train, wait_for_shares  # noqa: E402

LAYOUTS = {  # folder layout -> pictures per class in each split folder
    "train+val": {"train": 12, "val": 4},
    "train+test": {"train": 12, "test": 5},
    "train+val+test": {"train": 12, "val": 4, "test": 5},
}


def write_layout(root: Path, layout: str) -> Path:
    for seed, (split, per_class) in enumerate(LAYOUTS[layout].items()):
        write_class_folders(root / split, per_class=per_class, seed=seed, size=24)
    return root


# -- 1. split facts ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_split_panel_states_the_real_shares_of_each_layout(qtbot, window, tmp_path, layout):
    root = write_layout(tmp_path / layout, layout)
    open_folder(qtbot, window, root)
    tab = window.dataset_tab
    tab.val_spin.setValue(20) if tab.val_spin.isEnabled() else None
    tab.test_spin.setValue(10) if tab.test_spin.isEnabled() else None
    wait_for_shares(tab)
    shares = tab.split_settings()
    facts = splitting.split_facts(tab.dataset, shares.val_fraction, shares.test_fraction, shares.seed)
    given = LAYOUTS[layout]
    # the core's facts: folders used as given, the missing share carved out of train/ only
    for split in ("val", "test"):
        assert facts.source[split] == ("folder" if split in given else "train")
        if split in given:
            assert facts.counts[split] == 3 * given[split]
    assert facts.total == 3 * sum(given.values())
    assert facts.val_setting_applies == ("val" not in given)
    assert facts.test_setting_applies == ("test" not in given)
    # the panel shows those facts, and hides the percentages that cannot apply
    panel = tab.split_group
    assert panel.val_spin.isVisibleTo(panel) == facts.val_setting_applies
    assert panel.test_spin.isVisibleTo(panel) == facts.test_setting_applies
    for split, label in (("train", panel.train_label), ("val", panel.val_label), ("test", panel.test_label)):
        text = label.text()
        assert pictures_text(facts.counts[split]) in text and f"({facts.percent(split):.0f} %)" in text
        if facts.source[split] == "folder" and split != "train":
            assert f"its own {split}/ folder" in text
        elif split != "train":
            assert "taken at random from train/" in text
    assert panel.predefined_label.isVisibleTo(panel)
    assert "Validation pictures are taken from train/" not in panel.predefined_label.text()
    # the class table counts are the same share-out
    totals = {split: 0 for split in ("train", "val", "test")}
    for row in range(tab.class_table.rowCount()):
        for column, split in enumerate(("train", "val", "test"), start=1):
            totals[split] += int(tab.class_table.item(row, column).text().replace(",", ""))
    assert totals == facts.counts


def test_plain_folder_shares_follow_the_percentages(qtbot, window, image_folder, monkeypatch):
    threads = []
    real_split_facts = splitting.split_facts

    def recording_split_facts(*args):
        threads.append(threading.current_thread())
        return real_split_facts(*args)

    monkeypatch.setattr(splitting, "split_facts", recording_split_facts)
    open_folder(qtbot, window, image_folder)
    tab = window.dataset_tab
    tab.val_spin.setValue(25)
    tab.test_spin.setValue(25)
    wait_for_shares(tab)
    facts = tab.split_group.facts
    assert facts.source == {"train": "all", "val": "all", "test": "all"}
    assert facts.counts == {"train": 18, "val": 9, "test": 9}
    assert "18 pictures (50 %)" in tab.train_label.text()
    assert not tab.predefined_label.isVisibleTo(tab)
    # seconds for 100,000 pictures: never on the GUI thread
    assert threads and threading.main_thread() not in threads


# -- 3. honest curves --------------------------------------------------------------------------------------------
def _legend_names(plot) -> list[str]:
    legend = plot.getPlotItem().legend
    return [label.text for _, label in legend.items]


def test_final_fit_without_validation_shows_no_validation_legend_but_says_why(qtbot):
    plots = LivePlots()
    plots.add(EpochMetrics(1, 1.0, 0.5, 0.45, run="search"))
    plots.redraw()
    assert plots.val_shown and "validation" in _legend_names(plots.accuracy_plot)
    for epoch in (1, 2, 3):
        plots.add(EpochMetrics(epoch, 1.0 / epoch, 0.6 + 0.1 * epoch, None))
    plots.redraw()
    assert not plots.val_shown and "validation" not in _legend_names(plots.accuracy_plot)
    assert plots.val_curve not in plots.accuracy_plot.getPlotItem().listDataItems()
    assert "validation" in plots.accuracy_note


def test_epoch_axis_has_whole_numbers_only(qtbot):
    axis = IntegerAxis("bottom")
    for low, high, size in ((1, 3, 400), (0.5, 3.5, 600), (1, 60, 300), (1.2, 1.8, 500)):
        values = [v for _, level in axis.tickValues(low, high, size) for v in level]
        assert all(float(v).is_integer() for v in values), (low, high, values)
        assert axis.tickStrings(values, 1, 1) == [str(int(v)) for v in values]
    plots = LivePlots()
    assert isinstance(plots.accuracy_plot.getPlotItem().getAxis("bottom"), IntegerAxis)


def test_smoothed_loss_is_bias_corrected(qtbot):
    rng = np.random.default_rng(0)
    losses = 2.0 * np.exp(-np.arange(200) / 60) + rng.normal(0, 0.05, 200)
    plots = LivePlots()
    for i, loss in enumerate(losses):
        plots.add(LossPoint(i, 1 + i // 20, float(loss)))
    smooth = np.asarray(plots.smooth_y)
    assert smooth[0] == pytest.approx(losses[0])
    # an un-debiased average of 0.9 would start at a tenth of the first loss and stay below for many points;
    # a debiased one follows the data: never above the largest loss so far, never below the smallest
    running_max, running_min = np.maximum.accumulate(losses), np.minimum.accumulate(losses)
    assert np.all(smooth <= running_max + 1e-9) and np.all(smooth >= running_min - 1e-9)


def test_training_curves_after_a_real_run(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "softmax", "pixels")
    plots = window.train_tab.plots
    assert plots.epochs and plots.epoch_run == "final"
    val = np.asarray(plots.val_accuracy, dtype=float)
    assert plots.val_shown == bool(np.isfinite(val).any())
    assert ("validation" in _legend_names(plots.accuracy_plot)) == plots.val_shown
    if not plots.val_shown:
        assert plots.accuracy_note
    details = window.train_tab.details_label.text()
    assert "Settings:" in details and "\n  learning rate " in details  # as the CLI writes a setting


# -- 5. large pictures and captions --------------------------------------------------------------------------
def test_dataset_thumbnail_opens_large_with_its_path(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    view = window.dataset_tab.thumbnail_view
    view.resize(600, 400)
    index = view.model().index(0)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double-click, as a mouse sends it
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    viewer = view.viewer
    assert viewer is not None and viewer.isVisible()
    path = view.model().items()[0].path
    assert path in viewer.details_label.text()
    qtbot.waitUntil(lambda: viewer.picture_label.pixmap() is not None
                    and not viewer.picture_label.pixmap().isNull(), timeout=5000)
    assert viewer.picture_label.pixmap().width() > 96  # larger than the thumbnail
    # while it is open, choosing another thumbnail shows that one
    view.setCurrentIndex(view.model().index(1))
    assert viewer.path == view.model().items()[1].path
    viewer.close()


def test_evaluate_another_folder_captions_viewer_and_unknown_classes(qtbot, window, image_folder, tmp_path):
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "knn", "pixels")
    evaluate = window.evaluate_tab
    assert evaluate.gate.ready and evaluate.folder_button.isEnabled()
    other = tmp_path / "new_pictures"
    write_class_folders(other, per_class=4, seed=9, size=32,
                        classes={"circles": ((220, 40, 40), "ellipse"), "squares": ((40, 180, 60), "rectangle"),
                                 "stripe": ((40, 70, 220), "stripes")})
    with qtbot.waitSignal(evaluate.folder_evaluation.finished, timeout=60_000):
        assert evaluate.folder_evaluation.start(evaluate.model, other)
    data = evaluate.data
    assert data.n_examples == 8 and all(str(other) in path for path in data.paths)
    note = evaluate.folder_label.text()
    assert str(other) in note and "stripe" in note and "The model knows: circles, squares, stripes" in note
    # captions say "true -> predicted"; the viewer adds path, true class, prediction and confidence
    evaluate.select_cell(0, 0)
    item = evaluate.cell_model.items()[0]
    assert item.caption.startswith("circles -> circles ")
    viewer = evaluate.cell_view.show_large(evaluate.cell_model.index(0))
    details = viewer.details_label.text()
    assert item.path in details and "true: circles" in details and "predicted: circles" in details
    viewer.close()
    # a folder whose classes the model does not know gives a plain message
    strangers = write_class_folders(tmp_path / "strangers", per_class=2, size=24,
                                    classes={"rose": ((200, 0, 0), "ellipse")})
    with qtbot.waitSignal(evaluate.folder_evaluation.failed, timeout=30_000):
        evaluate.folder_evaluation.start(evaluate.model, strangers)
    assert "matches the model's classes" in evaluate.folder_label.text()


def test_predict_row_opens_large_and_the_hint_names_the_measured_time(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "knn", "pixels")
    predict = window.predict_tab
    path = str(image_folder / "squares" / "squares_0_000.png")
    predict.predict_paths([path])
    qtbot.waitUntil(lambda: not predict.runner.running and bool(predict.predictions), timeout=30_000)
    viewer = predict.show_large(predict.table_model.index(0, 0))
    assert path in viewer.details_label.text() and "Answer:" in viewer.details_label.text()
    viewer.close()
    # 6. the next run's hint names the time at the speed this computer measured, for these 36 (core/estimates.py)
    tab = window.train_tab
    window.session.set_model(None)
    qtbot.waitUntil(lambda: tab.estimate.estimate is not None, timeout=20_000)
    tab._update_hint()
    assert "About " in tab.hint.text() and "36 pictures" in tab.hint.text()
    assert "first guess" not in tab.hint.text()  # measured by the run above


# -- 6. time left and hints ----------------------------------------------------------------------------------
def test_time_left_waits_for_a_meaningful_share_and_counts_show_once(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    tab = window.train_tab
    assert "about a minute" not in tab.hint.text()
    tab._show_progress(Progress("features", 3, 3670, 283.0, "Computing features 3 / 3,670"))
    text = tab.progress_label.text()
    assert text.count("3 / 3,670") == 1 and "left" not in text
    tab._show_progress(Progress("features", 400, 3670, 100.0, "Computing features 400 / 3,670"))
    assert "about 1 min 40 s left" in tab.progress_label.text()


# -- 7. class table and small things (10) ----------------------------------------------------------------------
def test_class_table_sorts_filters_and_shows_full_names(qtbot, window, tmp_path):
    tab = window.dataset_tab
    assert not tab.rename_button.isEnabled() and not tab.remove_button.isEnabled()
    colours = {f"class_with_a_long_name_{i:02d}": ((10 * i, 100, 200 - 5 * i), "ellipse") for i in range(12)}
    colours["BACKGROUND_Google"] = ((90, 90, 90), "stripes")
    root = tmp_path / "many"
    for i, (name, style) in enumerate(colours.items()):
        write_class_folders(root, per_class=2 + i % 4, seed=i, size=24, classes={name: style})
    assert tab.open_folder(root)
    assert "Start here" not in tab.hint.text()  # while scanning
    qtbot.waitUntil(lambda: not tab.scanning(), timeout=30_000)
    table = tab.class_table
    assert table.rowCount() == 13 and tab.rename_button.isEnabled()
    names = [table.item(r, 0).text() for r in range(13)]
    assert names == sorted(names, key=core_dataset.natural_key)
    assert all(table.item(r, 0).text() in table.item(r, 0).toolTip() for r in range(13))
    table.sortItems(4, Qt.SortOrder.DescendingOrder)
    totals = [int(table.item(r, 4).text()) for r in range(13)]
    assert totals == sorted(totals, reverse=True)
    tab.filter_edit.setText("google")
    shown = [table.item(r, 0).text() for r in range(13) if not table.isRowHidden(r)]
    assert shown == ["BACKGROUND_Google"]
    problems = [tab.problems_list.item(i).text() for i in range(tab.problems_list.count())]
    assert any(text.startswith("BACKGROUND_Google:") and "leftovers" in text for text in problems)
    assert pictures_text(1) == "1 picture" and pictures_text(2345) == "2,345 pictures"


# -- 9. a stopped run keeps the model trained before -----------------------------------------------------------
def test_cancelling_a_second_run_keeps_the_first_model(qtbot, window, tmp_path):
    folder = write_class_folders(tmp_path / "many", per_class=20, size=24)
    open_folder(qtbot, window, folder)
    train(qtbot, window, "knn", "pixels")
    tab = window.train_tab
    first = tab.model
    assert first is not None
    window.model_tab.set_choice("softmax", "pixels", True)
    assert tab.start_training()
    with qtbot.waitSignal(tab.runner.cancelled, timeout=20_000):
        tab.cancel_training()
    assert tab.model is first and window.model is first
    assert tab.save_button.isEnabled() and window.save_model_action.isEnabled()
    assert "still in use" in tab.result_label.text()
    assert window.predict_tab.model is first
