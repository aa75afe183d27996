"""Dataset tab and main window: opening folders (also broken ones), editing classes, remembered settings."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop_app import APP_NAME, __version__  # noqa: E402
from desktop_app.core.output.wording import looking_in_text  # noqa: E402
from desktop_app.gui import settings  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from tests.conftest import CLASS_STYLES, write_class_folders  # noqa: E402
from tests.test_cli import cli  # noqa: E402
from tests.gui_helpers import drop_urls, open_folder, visible_message_boxes, wait_for_shares  # noqa: E402


def table_counts(tab) -> dict[str, list[int]]:
    wait_for_shares(tab)
    table = tab.class_table
    return {table.item(r, 0).text(): [int(table.item(r, c).text()) for c in range(1, 5)]
            for r in range(table.rowCount())}


def test_window_title_tabs_and_prerequisites(window):
    assert window.windowTitle() == f"{APP_NAME} {__version__}"
    assert [window.tabs.tabText(i).replace("&", "") for i in range(5)] == [
        "1 Dataset", "2 Model", "3 Train", "4 Evaluate", "5 Predict"]
    # Without a dataset the later tabs say what to do first instead of showing controls
    for tab in (window.model_tab, window.train_tab):
        assert not tab.gate.ready
        assert "Dataset tab" in tab.gate.message_label.text()
    assert "Train tab" in window.evaluate_tab.gate.message_label.text()
    assert not window.predict_tab.gate.ready


def test_open_folder_shows_classes_counts_thumbnails(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    tab = window.dataset_tab
    counts = table_counts(tab)
    assert list(counts) == ["circles", "squares", "stripes"]
    for train, val, test, total in counts.values():
        assert total == 12 and train + val + test == 12 and val > 0 and test > 0
    assert window.model_tab.gate.ready and window.train_tab.gate.ready
    assert "Model tab" in tab.hint.text()
    # The selected class's thumbnails load in the background
    assert tab.thumbnail_model.rowCount() == 12
    first = tab.thumbnail_model.items()[0].path
    tab.thumbnail_view.resize(600, 400)
    qtbot.waitUntil(lambda: (tab.thumbnail_model.data(tab.thumbnail_model.index(0), Qt.ItemDataRole.DecorationRole)
                             is not None and tab.thumbnail_model.is_loaded(first)), timeout=5000)


def test_split_percentages_change_the_counts(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    tab = window.dataset_tab
    tab.test_spin.setValue(0)
    tab.val_spin.setValue(25)
    for train, val, test, total in table_counts(tab).values():
        assert test == 0 and val == 3 and train == 9
    assert window.train_tab.build_config().val_fraction == pytest.approx(0.25)


def test_the_scan_brings_its_share_out_and_a_setting_changed_meanwhile_still_counts(qtbot, window, image_folder):
    """The scanning worker shares the pictures out as well, so no second worker competes with the window just as
    it draws the new dataset; a percentage changed during the scan is not overruled by the scan's share-out."""
    tab = window.dataset_tab
    panel_runs = []
    tab.split_group.runner.started.connect(lambda: panel_runs.append(1))
    open_folder(qtbot, window, image_folder)
    facts = tab.split_group.facts
    assert facts is not None and not panel_runs
    assert facts.total == 36 and facts.counts["val"] > 0 and facts.counts["test"] > 0
    assert window.train_tab.build_config().val_fraction == pytest.approx(tab.val_spin.value() / 100)

    assert window.open_dataset(image_folder)
    tab.test_spin.setValue(0)  # while the scan runs
    qtbot.waitUntil(lambda: not tab.scanning(), timeout=20_000)
    assert tab.split_group.facts.counts["test"] == 0
    for train, val, test, total in table_counts(tab).values():
        assert test == 0 and train + val == total == 12


def test_predefined_train_test_folders_are_used(qtbot, window, split_image_folder):
    open_folder(qtbot, window, split_image_folder)
    tab = window.dataset_tab
    assert tab.predefined_label.isVisibleTo(tab) and not tab.test_spin.isEnabled()
    for train, val, test, total in table_counts(tab).values():
        assert test == 5 and total == 17


def test_rename_remove_and_add_a_class(qtbot, window, image_folder, tmp_path):
    open_folder(qtbot, window, image_folder)
    tab = window.dataset_tab
    assert tab.rename_class("circles", "round things")
    assert "round things" in table_counts(tab)
    # Renaming by editing the name cell works too
    row = list(table_counts(tab)).index("squares")
    tab.class_table.item(row, 0).setText("boxes")
    qtbot.waitUntil(lambda: "boxes" in tab.dataset.class_names, timeout=2000)
    assert tab.remove_class("stripes")
    assert set(table_counts(tab)) == {"round things", "boxes"}
    extra = write_class_folders(tmp_path / "extra", per_class=7,
                                classes={"x": ((40, 70, 220), "stripes")}) / "x"
    assert tab.add_class_folder(extra, "lines")
    qtbot.waitUntil(lambda: not tab.scanning(), timeout=10_000)
    counts = table_counts(tab)
    assert set(counts) == {"round things", "boxes", "lines"} and counts["lines"][3] == 7
    assert window.train_tab.build_config().dataset.class_names == ["boxes", "lines", "round things"]


def test_folder_without_class_folders_explains_what_to_do(qtbot, window, tmp_path):
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "notes.txt").write_text("not a picture")
    open_folder(qtbot, window, flat)
    tab = window.dataset_tab
    assert tab.dataset is None
    texts = [tab.problems_list.item(i).text() for i in range(tab.problems_list.count())]
    assert any("one folder per class" in text for text in texts)
    assert not window.model_tab.gate.ready


def test_broken_pictures_are_listed_not_fatal(qtbot, window, image_folder):
    (image_folder / "circles" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    open_folder(qtbot, window, image_folder)
    tab = window.dataset_tab
    assert table_counts(tab)["circles"][3] == 12
    texts = [tab.problems_list.item(i).text() for i in range(tab.problems_list.count())]
    assert any("broken.png" in text for text in texts)


def test_missing_folder_gives_a_message_not_a_crash(qtbot, window, tmp_path):
    open_folder(qtbot, window, tmp_path / "does-not-exist")
    qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=3000)
    assert window.dataset_tab.dataset is None
    assert window.dataset_tab.open_button.isEnabled()


def test_dropping_a_folder_on_the_window_opens_it(qtbot, window, image_folder):
    drop_urls(window, [image_folder])
    qtbot.waitUntil(lambda: window.dataset_tab.dataset is not None, timeout=10_000)
    assert window.dataset_tab.dataset.class_names == ["circles", "squares", "stripes"]


def test_choices_geometry_and_recent_folders_are_remembered(qtbot, image_folder):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    open_folder(qtbot, first, image_folder)
    first.model_tab.set_choice("knn", "pixels", False)
    first.dataset_tab.seed_spin.setValue(7)
    minimum = first.minimumSizeHint()
    size = (minimum.width() + 11, minimum.height() + 23)  # the offscreen screen is only 800 px wide
    first.resize(*size)
    first.close()
    assert settings.recent_items("datasets") == [str(image_folder)]

    second = MainWindow()
    qtbot.addWidget(second)
    assert (second.model_tab.classifier, second.model_tab.features, second.model_tab.auto_tune) == \
        ("knn", "pixels", False)
    assert second.dataset_tab.seed_spin.value() == 7
    assert (second.width(), second.height()) == size
    second._fill_recent_menu()
    assert any(str(image_folder) in action.text() for action in second.recent_menu.actions())
    second.close()


def test_the_dataset_tab_shows_what_scan_reports_and_edits_clear_class_problems(qtbot, window, tmp_path):
    styles = list(CLASS_STYLES.values())
    folder = write_class_folders(tmp_path / "pictures", per_class=6,
                                 classes={"Cat": styles[0], "cat": styles[1], "BACKGROUND_Google": styles[2]})
    (folder / "cat" / "notes.jpg").write_text("not a picture")
    tab = window.dataset_tab
    assert window.open_dataset(folder)
    assert tab.status_label.text() == looking_in_text(folder)  # the scan's own words, before its first event
    qtbot.waitUntil(lambda: not tab.scanning(), timeout=20_000)
    shown = [p.to_dict() for p in tab.problems()]
    key = lambda p: (p["kind"], p["path"], p["message"])  # noqa: E731
    assert sorted(shown, key=key) == sorted(json.loads(cli("scan", str(folder), "--json").stdout)["problems"],
                                            key=key)
    assert {"look_alike_classes", "clutter_class", "not_image"} <= {p["kind"] for p in shown}
    texts = [tab.problems_list.item(i).text() for i in range(tab.problems_list.count())]
    assert any(text.startswith("BACKGROUND_Google:") and "leftovers" in text for text in texts)
    # the classes' problems follow the edits; the files' stay
    assert tab.rename_class("Cat", "kitten") and tab.remove_class("BACKGROUND_Google")
    assert [p.kind for p in tab.problems()] == ["not_image"]
