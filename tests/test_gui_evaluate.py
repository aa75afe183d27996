"""The Evaluate tab as drawn (issue 19, items 2, 5 and 6): every row of a 10-class confusion matrix and per-class
table in sight at 1366x768 and 1024x700, captions cut at their end with all of it in the tooltip, the accuracy
with its 95 % interval, Precision / Recall / F1 explained, and a kNN answer's voters with the vote stated."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.core.metrics import evaluate  # noqa: E402
from desktop_app.gui.main_window import EVALUATE  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402

# ten flower-like names, some long enough to be cut in a narrow column
NAMES = ["sunflowers", "dandelion", "daisy", "roses", "tulips", "orchids", "lilies", "poppies", "irises",
         "forget-me-nots"]
NAMES_SORTED = sorted(NAMES, key=str.lower)  # the model's order
K = 5


@pytest.fixture(scope="module")
def ten_classes(tmp_path_factory):
    """A 10-class kNN model on tiny pixel pictures (k fixed at 5), trained by the core in a few seconds."""
    from desktop_app.core import preload
    from desktop_app.core.events import run_to_completion
    from desktop_app.core.training import TrainingConfig, run_training

    preload.load_engine()
    styles = ("ellipse", "rectangle", "stripes")
    classes = {name: ((25 * i, 255 - 20 * i, (70 * i) % 255), styles[i % 3]) for i, name in enumerate(NAMES)}
    data = write_class_folders(tmp_path_factory.mktemp("flowers") / "data", per_class=8, size=24, classes=classes)
    config = TrainingConfig(data_dir=data, classifier="knn", features="pixels", image_size=8, test_fraction=0.3,
                            auto_tune=False, hyperparameters={"k": K, "distance": "l2"})
    return run_to_completion(run_training(config))


def _show(qtbot, window, size, model, evaluation):
    window.resize(*size)
    window.session.set_model(model, evaluation)
    window.tabs.setCurrentIndex(EVALUATE)
    tab = window.evaluate_tab
    tab.pages.setCurrentWidget(tab.summary)
    qtbot.waitUntil(lambda: window.size().width() == size[0], timeout=2000)
    for _ in range(3):
        QApplication.processEvents()
    return tab


def _rows_in_sight(table, area) -> list[int]:
    """The rows drawn whole: inside the table's viewport, and the viewport inside the page's visible area."""
    viewport = table.viewport()
    shown = viewport.rect()
    page_view = area.viewport()
    top_left = viewport.mapTo(page_view, shown.topLeft())
    seen = QRect(top_left, shown.size()).intersected(page_view.rect())
    rows = []
    for row in range(table.rowCount()):
        y = table.rowViewportPosition(row)
        if y >= 0 and y + table.rowHeight(row) <= seen.height() and seen.height() == shown.height():
            rows.append(row)
    return rows


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_all_ten_rows_of_the_matrix_and_the_per_class_table_are_in_sight(qtbot, window, ten_classes, size):
    tab = _show(qtbot, window, size, ten_classes.model, ten_classes.evaluation)
    area = window.tabs.widget(EVALUATE)
    assert area.verticalScrollBar().maximum() == 0, "the Evaluate page needs scrolling"
    for table in (tab.confusion_table, tab.per_class_table):
        assert table.rowCount() == 10
        assert table.verticalScrollBar().maximum() == 0, "the table scrolls inside"
        assert _rows_in_sight(table, area) == list(range(10))
    assert tab.confusion_table.columnCount() == 10 and not tab.confusion_table.horizontalScrollBar().isVisible()
    # the per-class table's class names are whole (they read "..." at 1024x700)
    names = tab.per_class_table
    widest = max(names.fontMetrics().horizontalAdvance(name) for name in NAMES)
    assert names.columnWidth(0) >= widest + 4
    # the cell's pictures and the voters' panel still have room for a row of pictures below
    assert tab.cell_view.height() >= tab.cell_view.gridSize().height()
    # Precision / Recall / F1: explained where they are shown (header tooltips and one plain sentence)
    tips = [names.horizontalHeaderItem(column).toolTip() for column in (1, 2, 3)]
    assert all(len(tip) > 40 for tip in tips) and "harmonic mean" in tips[2]
    assert tab.summary.scores_explained.isVisibleTo(tab)
    assert "Precision: how often" in tab.summary.scores_explained.text()


def test_captions_are_cut_at_their_end_with_all_of_it_in_the_tooltip(qtbot, window, tmp_path):
    long_name = "sunflowers from the garden"
    folder = write_class_folders(tmp_path / "pictures", per_class=2, size=24,
                                 classes={long_name: ((230, 200, 20), "ellipse"), "daisy": ((240, 240, 240),
                                                                                          "ellipse")})
    paths = sorted(str(p) for p in folder.rglob("*.png"))
    y_true = np.array([0 if Path(p).parent.name == "daisy" else 1 for p in paths])
    proba = np.full((len(paths), 2), 0.1, dtype=np.float32)
    proba[:, 0] = 0.9  # every picture answered "daisy" at 90 %
    evaluation = evaluate(y_true, proba, ["daisy", long_name], paths)
    tab = _show(qtbot, window, (1024, 700), None, evaluation)
    tab.select_cell(1, 0)  # true "sunflowers from the garden", answered "daisy"
    view, model = tab.cell_view, tab.cell_model
    assert model.rowCount() == 2
    index = model.index(0)
    caption = index.data(Qt.ItemDataRole.DisplayRole)
    assert caption == f"{long_name} -> daisy 90%"
    # what the view draws under the picture: the caption cut to the item's width by the view's own rule
    drawn = view.fontMetrics().elidedText(caption, view.textElideMode(), view.visualRect(index).width())
    assert drawn != caption and drawn.endswith("\u2026") and drawn.startswith("sunflowers")  # not "sunflowe...aisy 90%"
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(caption)
    mistakes = tab.mistakes_view
    assert mistakes.textElideMode() == Qt.TextElideMode.ElideRight
    assert tab.mistakes_model.index(0).data(Qt.ItemDataRole.ToolTipRole).startswith(caption)


def test_the_accuracy_comes_with_its_interval_and_a_small_test_set_is_flagged(qtbot, window):
    y_true = np.arange(37) % 3
    proba = np.eye(3, dtype=np.float32)[y_true] * 0.9 + 0.05
    proba[:2] = np.roll(proba[:2], 1, axis=1)  # 35 of 37 right
    tab = _show(qtbot, window, (1024, 700), None, evaluate(y_true, proba, ["ants", "bees", "wasps"]))
    text = tab.accuracy_label.text()
    assert "94.6%" in text and "between 82.3% and 98.5%" in text and "37 test pictures" in text
    assert tab.accuracy_label.isVisibleTo(window)
    flag = tab.uncertainty_label
    assert flag.isVisibleTo(window) and "37 pictures" in flag.text() and "more test pictures" in flag.text()
    # 1,000 test pictures: within +-5 points, nothing more to say
    many = np.arange(1000) % 3
    tab = _show(qtbot, window, (1024, 700), None, evaluate(many, np.eye(3, dtype=np.float32)[many], ["a", "b", "c"]))
    assert "1,000 test pictures" in tab.accuracy_label.text() and not tab.uncertainty_label.isVisibleTo(window)


def test_the_neighbours_view_shows_every_voter_and_states_the_vote(qtbot, window, ten_classes):
    tab = _show(qtbot, window, (1024, 700), ten_classes.model, ten_classes.evaluation)
    panel = tab.picture_panel
    assert tab.has_neighbours() and panel.isVisibleTo(tab)
    longest = NAMES_SORTED.index("forget-me-nots")  # its voters' captions are wider than a thumbnail
    tab.select_cell(longest, next(c for c in range(10) if tab.pictures_in_cell(longest, c)))
    tab.cell_view.setCurrentIndex(tab.cell_model.index(0))
    qtbot.waitUntil(lambda: tab.neighbours_model.rowCount() == K, timeout=20_000)  # all k voters, not 5 of 30
    vote = panel.vote
    assert sum(n for _, n in vote.counts) == K and vote.winner == vote.counts[0][0]
    said = panel.vote_label.text()
    assert said.startswith(f"The {K} nearest training pictures voted ") and f"the answer is {vote.winner}" in said
    assert all(f"{name} {n}" in said for name, n in vote.counts)
    captions = [tab.neighbours_model.index(row).data(Qt.ItemDataRole.DisplayRole) for row in range(K)]
    assert all(", distance " in caption for caption in captions)  # labelled, not a bare "(0.60)"
    view = panel.view
    for row, caption in enumerate(captions):  # drawn whole: the distance is never cut off
        width = view.visualRect(tab.neighbours_model.index(row)).width()
        assert view.fontMetrics().elidedText(caption, view.textElideMode(), width) == caption
    distances = [float(caption.rsplit(" ", 1)[1]) for caption in captions]
    assert distances == sorted(distances)
    # the answer shown on the matrix is the vote's winner
    picture = panel.picture
    assert NAMES_SORTED[picture.predicted] == vote.winner
    # the vote's words take room, yet every row of the tables stays in sight
    QApplication.processEvents()
    area = window.tabs.widget(EVALUATE)
    assert area.verticalScrollBar().maximum() == 0
    assert _rows_in_sight(tab.confusion_table, area) == _rows_in_sight(tab.per_class_table, area) == list(range(10))
    # on the Mistakes page the same panel sits beside the mistakes
    tab.pages.setCurrentWidget(tab.mistakes_page)
    assert panel.isVisibleTo(tab) and panel.parent() is tab.mistakes_page.splitter


def test_other_views_add_a_page_and_a_picture_action_in_one_call(qtbot, window, ten_classes):
    from PySide6.QtWidgets import QLabel

    tab = _show(qtbot, window, (1024, 700), ten_classes.model, ten_classes.evaluation)
    tall = QLabel("\n".join(f"learning curve, line {n}" for n in range(150)))  # taller than the screen:
    index = tab.add_page(tall, "Learning curve")
    assert tab.pages.tabText(index) == "Learning curve"  # it scrolls only while it is shown
    QApplication.processEvents()
    area = window.tabs.widget(EVALUATE)
    assert area.verticalScrollBar().maximum() == 0 and _rows_in_sight(tab.confusion_table, area) == list(range(10))
    tab.pages.setCurrentIndex(index)
    QApplication.processEvents()
    assert area.verticalScrollBar().maximum() > 0
    tab.pages.setCurrentWidget(tab.summary)
    asked = []
    button = tab.add_picture_action("Why?", "Why this answer", asked.append)
    assert not button.isEnabled()
    tab.select_cell(1, 1)
    tab.cell_view.setCurrentIndex(tab.cell_model.index(0))
    assert button.isEnabled() and button.isVisibleTo(tab)
    button.click()
    assert [picture.path for picture in asked] == [tab.cell_model.items()[0].path]
