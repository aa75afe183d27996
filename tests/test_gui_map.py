"""The map of the pictures in the real window: one point per picture, the planted pictures ringed and listed,
hovering and clicking show the picture, the work done on the worker thread, 10,000 points drawn."""
from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from desktop_app.core.analysis import dataset_map, suspects

from tests.gui_helpers import open_folder
from tests.test_gui_responsive import record_threads
from tests.test_suspects import plant
from tests.conftest import write_class_folders


@pytest.fixture
def planted(tmp_path) -> tuple[Path, set[str]]:
    root = write_class_folders(tmp_path / "pictures", per_class=12)
    paths = {str(plant(root, true_class, folder, f"planted_{seed}.png", seed))
             for true_class, folder, seed in (("circles", "squares", 101), ("squares", "stripes", 102),
                                              ("stripes", "circles", 103))}
    return root, paths


def draw_map(qtbot, window, monkeypatch):
    threads = record_threads(monkeypatch, dataset_map, "map_dataset")
    window.session.set_choice(replace(window.session.choice, features="pixels"))  # as the Model tab sets it
    window.dataset_tab.map_button.click()  # drawn at once, with the features the Model tab has chosen
    view = window.dataset_tab.map_window
    assert view.features_box.currentData() == "pixels"
    qtbot.waitUntil(lambda: not view.runner.running, timeout=60_000)
    return view, threads


def test_the_map_draws_each_picture_and_lists_the_planted_ones(qtbot, window, monkeypatch, planted):
    root, planted_paths = planted
    open_folder(qtbot, window, root)
    view, threads = draw_map(qtbot, window, monkeypatch)
    assert view.isVisible() and view.result is not None
    assert view.point_count() == 39 == len(window.session.dataset)
    assert [len(item.data) for item in view._class_items] == [13, 13, 13]  # 12 + the one planted in each
    assert len(view.ring_item.data) == 3
    listed = {view.suspects_list.item(i).toolTip() for i in range(view.suspects_list.count())}
    assert listed == planted_paths
    assert "3 possibly in the wrong folder" in view.status_label.text()
    # the features, the neighbours and the layout ran on the worker, never on the GUI thread
    assert threads and threading.main_thread().name not in threads, threads
    assert all(Path(p).exists() for p in planted_paths)  # nothing moved


def test_hovering_shows_the_picture_and_clicking_opens_it(qtbot, window, monkeypatch, planted):
    root, planted_paths = planted
    open_folder(qtbot, window, root)
    view, _ = draw_map(qtbot, window, monkeypatch)
    search = view.result.search
    index = next(s.index for s in search.suspects)
    position = view.scene_position(index)
    assert view.picture_at(position) == index
    view.plot.scene().sigMouseMoved.emit(position)  # what the scene sends as the mouse passes over
    assert search.paths[index] in view.preview_text.text()
    assert "suggest" in view.preview_text.text()
    qtbot.waitUntil(lambda: view.preview_label.pixmap() is not None and not view.preview_label.pixmap().isNull(),
                    timeout=10_000)
    # a click on the point itself, through the widget (where it is now: the preview may have resized the plot)
    qtbot.wait(50)
    position = view.scene_position(index)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=view.plot.mapFromScene(position))
    qtbot.waitUntil(lambda: view.viewer is not None and view.viewer.isVisible(), timeout=5_000)
    assert view.viewer.path == search.paths[index]
    # a suspect in the list opens the same way
    row = view.suspects_list.item(view.suspects_list.count() - 1)
    view.suspects_list.scrollToItem(row)
    qtbot.mouseClick(view.suspects_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.suspects_list.visualItemRect(row).center())
    assert view.viewer.path == row.toolTip() and view.viewer.path in planted_paths


def test_ten_thousand_points_are_drawn_and_found_under_the_mouse(qtbot, window):
    window.dataset_tab.show_map()
    view = window.dataset_tab.map_window
    view.runner.cancel()
    qtbot.waitUntil(lambda: not view.runner.running, timeout=10_000)
    n, rng = 10_000, np.random.default_rng(0)
    labels = rng.integers(0, 10, n)
    names = [f"class {c}" for c in range(10)]
    paths = [f"/nowhere/{i}.png" for i in range(n)]
    flagged = [suspects.Suspect(paths[i], names[labels[i]], names[(labels[i] + 1) % 10], 0.9, 0.8, i)
               for i in range(0, n, 200)]
    search = suspects.SuspectSearch(names, paths, labels, np.zeros((n, 2), np.float32), flagged)
    xy = rng.normal(size=(n, 2)).astype(np.float32)
    view.show_map(dataset_map.DatasetMap(search, "pca", np.arange(n), xy))
    view.plot.grab()  # painted
    assert view.point_count() == n and len(view.ring_item.data) == len(flagged) == 50
    assert view.suspects_list.count() == 50
    far = int(np.argmax(np.abs(xy).sum(axis=1)))  # an outlying point: no other point within a few pixels
    assert view.picture_at(view.scene_position(far)) == far


def test_stop_ends_the_computation_and_keeps_the_map_drawn_before(qtbot, window, monkeypatch, planted):
    root, _ = planted
    open_folder(qtbot, window, root)
    view, _ = draw_map(qtbot, window, monkeypatch)
    drawn = view.result
    assert view.compute() and view.stop_button.isVisible()
    view.stop_button.click()
    qtbot.waitUntil(lambda: not view.runner.running, timeout=20_000)
    assert "Stopped" in view.status_label.text() and view.draw_button.isEnabled()
    assert view.result is drawn and view.point_count() == 39
