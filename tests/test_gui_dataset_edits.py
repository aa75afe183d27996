"""Dataset tab edges: Remove class asks and can be undone (nothing on disk touched), the counts and the status
line follow every change, captions fit from the first open, and the problems list offers what can be done."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import QMessageBox

from desktop_app.gui.problem_actions import PROBLEM_ROLE
from tests.conftest import write_class_folders
from tests.gui_helpers import answer, open_folder, visible_message_boxes
from tests.test_gui_dataset import table_counts


def digests_of(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def select_class(tab, name: str) -> None:
    row = list(table_counts(tab)).index(name)
    tab.class_table.selectRow(row)


def test_remove_class_asks_and_undo_puts_it_back(qtbot, window, image_folder):
    on_disk = digests_of(image_folder)
    open_folder(qtbot, window, image_folder)
    tab = window.dataset_tab
    before = table_counts(tab)
    assert "36 pictures in 3 classes" in tab.status_label.text()
    select_class(tab, "squares")
    tab.remove_button.click()
    assert answer(qtbot, QMessageBox.StandardButton.Cancel) == "Remove class"
    assert table_counts(tab) == before  # asked, and Cancel changed nothing
    tab.remove_button.click()
    assert answer(qtbot, "Remove") == "Remove class"
    assert set(table_counts(tab)) == {"circles", "stripes"}
    assert "24 pictures in 2 classes" in tab.status_label.text()  # not the stale "36 pictures in 3 classes"
    assert not tab.removal_undo.button.isHidden()
    tab.removal_undo.button.click()
    assert table_counts(tab) == before and tab.session.dataset.class_names == ["circles", "squares", "stripes"]
    assert "36 pictures in 3 classes" in tab.status_label.text()
    assert tab.removal_undo.button.isHidden()
    assert digests_of(image_folder) == on_disk  # nothing on disk touched either way


def test_undo_remove_is_withdrawn_once_another_change_comes(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    tab = window.dataset_tab
    assert tab.remove_class("stripes") and tab.removal_undo.available
    assert tab.rename_class("circles", "round")  # undoing now would lose this rename
    assert not tab.removal_undo.available and tab.removal_undo.button.isHidden()
    assert not tab.removal_undo.undo()
    assert tab.session.dataset.class_names == ["round", "squares"]


def test_captions_fit_in_the_font_the_view_has_when_shown(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    tab = window.dataset_tab
    view = tab.thumbnail_view
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() * 2.5)  # e.g. the font a scaled screen gives it once shown
    view.setFont(font)
    select_class(tab, "circles")
    qtbot.waitUntil(lambda: view.model().rowCount() == 12, timeout=5000)
    index = view.model().index(0)
    rect, wanted = view.visualRect(index), view.sizeHintForIndex(index)
    assert rect.height() >= wanted.height(), "the caption is cut off at the bottom"
    assert view.gridSize().height() >= view.iconSize().height() + 2 * view.fontMetrics().lineSpacing()


def test_problems_offer_the_folder_and_the_copies_side_by_side(qtbot, window, tmp_path, monkeypatch):
    root = write_class_folders(tmp_path / "data", per_class=6)
    shutil.copy(root / "circles" / "circles_0_000.png", root / "squares" / "copy_of_a_circle.png")
    (root / "stripes" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    open_folder(qtbot, window, root)
    tab = window.dataset_tab
    items = [tab.problems_list.item(i) for i in range(tab.problems_list.count())]
    duplicate = next(i for i in items if "more than one class" in i.text())
    broken = next(i for i in items if i.text().startswith("broken.png"))
    actions = tab.problem_actions.actions_for(duplicate.data(PROBLEM_ROLE))
    assert [text for text, _ in actions][0] == "Show the two copies side by side"
    tab.problems_list.itemActivated.emit(duplicate)
    shown = tab.problem_actions.side_by_side
    assert shown is not None and shown.isVisible()
    assert sorted(Path(p).name for p in shown.paths) == ["circles_0_000.png", "copy_of_a_circle.png"]
    qtbot.waitUntil(lambda: all(label.pixmap() is not None and not label.pixmap().isNull()
                                for label in shown.picture_labels), timeout=5000)
    shown.close()
    tab.problems_list.itemActivated.emit(broken)
    assert [Path(url.toLocalFile()) for url in opened] == [root / "stripes"]
    assert not visible_message_boxes()
