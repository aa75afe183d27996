"""Fix and retrain in the window: answers on the Predict tab confirmed (Enter) or corrected (number keys, the class
menu), the pictures copied into the dataset's class folders, Undo, "Retrain with N new pictures" and the accuracy
before and after on the Evaluate tab; a deleted class folder gives one line and loses nothing."""
from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.data import corrections
from desktop_app.core.data.sample_data import write_digits
from desktop_app.core.output.percent import share_text
from tests.gui_helpers import open_folder, visible_message_boxes
from tests.test_corrections import refuse_writes_as_root
from tests.test_gui_dataset import table_counts


def digests_of(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def trained(qtbot, window, tmp_path):
    """A copy of the sample digits (12 a class, 12 pixels), a softmax model on 8-pixel features in use, and a
    folder of five new digit pictures (0-4) to sort."""
    from desktop_app.core.events import run_to_completion
    from desktop_app.core.training import TrainingConfig, run_training

    digits = write_digits(tmp_path / "digits", per_class=12, size=12)
    more = write_digits(tmp_path / "more", per_class=14, size=12)
    to_sort = tmp_path / "to sort"
    to_sort.mkdir()
    for digit in range(5):
        shutil.copy(more / str(digit) / f"digit_{digit}_013.png", to_sort / f"new {digit}.png")
    open_folder(qtbot, window, digits)
    session = window.dataset_tab.session
    values = session.training_values()
    result = run_to_completion(run_training(TrainingConfig(**values, image_size=8)))
    session.set_model(result.model, result.evaluation, trained_on=session.dataset_version)
    return digits, to_sort, result


def predict(qtbot, window, folder: Path, count: int) -> None:
    tab = window.predict_tab
    assert tab.predict_paths([folder])
    qtbot.waitUntil(lambda: not tab.runner.running and len(tab.predictions) == count, timeout=30_000)


def press_on_row(qtbot, window, row: int, key) -> None:
    tab = window.predict_tab
    tab.table.selectRow(row)
    qtbot.keyClick(tab.table, key)
    qtbot.waitUntil(lambda: not tab.corrections.runner.running, timeout=10_000)


def test_five_corrections_retrain_and_undo(qtbot, window, trained):
    digits, to_sort, first = trained
    dataset_before, sources_before = digests_of(digits), digests_of(to_sort)
    counts_before = table_counts(window.dataset_tab)
    predict(qtbot, window, to_sort, 5)
    tab = window.predict_tab
    panel = tab.corrections
    rows = {Path(p.path).name: i for i, p in enumerate(tab.predictions)}
    # Enter confirms the answer, a number key corrects it (1 is the first class, "0")
    truth = {f"new {d}.png": str(d) for d in range(5)}
    for name in ("new 0.png", "new 1.png", "new 2.png", "new 3.png", "new 4.png"):
        answer = tab.predictions[rows[name]].label
        if answer == truth[name] and name != "new 4.png":
            press_on_row(qtbot, window, rows[name], Qt.Key.Key_Return)
        else:
            press_on_row(qtbot, window, rows[name], getattr(Qt.Key, f"Key_{int(truth[name]) + 1}"))
    assert panel.added_list.count() == 5, panel.message_label.text()
    verdicts = {name: tab.table_model.index(row, 3).data() for name, row in rows.items()}
    for name, row in rows.items():  # the rows say which answers were added, and as what
        answer = tab.predictions[row].label
        if name not in truth:
            assert "added to the dataset" not in verdicts[name]
        elif answer == truth[name]:  # confirmed, or "corrected" to the answer it gave
            assert verdicts[name].endswith(": confirmed, added to the dataset"), verdicts[name]
        else:
            assert verdicts[name].endswith(f": corrected to {truth[name]}, added to the dataset"), verdicts[name]
    copies = {entry.copy for entry in panel.added}
    assert copies == {digits / str(d) / f"new {d}.png" for d in range(5)}
    assert all(copy.read_bytes() == (to_sort / copy.name).read_bytes() for copy in copies)
    counts = table_counts(window.dataset_tab)
    assert [counts[str(d)][3] for d in range(10)] == [counts_before[str(d)][3] + (d < 5) for d in range(10)]
    assert "125 pictures in 10 classes" in window.dataset_tab.status_label.text()
    assert panel.retrain_button.text().replace("&", "") == "Retrain with 5 new pictures"

    panel.retrain_button.click()
    qtbot.waitUntil(lambda: not panel.runner.running, timeout=60_000)
    session = window.dataset_tab.session
    assert session.model is not first.model and not session.training
    assert sorted(session.evaluation.paths) == sorted(first.evaluation.paths)  # the same test pictures
    shown = window.evaluate_tab.retrain_comparison
    assert not shown.isHidden()
    text = shown.text()
    assert "the same 18 test pictures" in text and "5 new pictures" in text
    assert f"{share_text(first.evaluation.accuracy)} before" in text
    assert f"{share_text(session.evaluation.accuracy)} after" in text
    assert panel.retrain_button.text().replace("&", "") == "Retrain with 0 new pictures"

    panel.undo()  # none selected: all of them
    qtbot.waitUntil(lambda: not panel.runner.running, timeout=10_000)
    assert panel.added_list.count() == 0 and not any(copy.exists() for copy in copies)
    assert not any("added to the dataset" in tab.table_model.index(row, 3).data() for row in rows.values())
    assert digests_of(digits) == dataset_before  # exactly the copies went, nothing else changed
    assert digests_of(to_sort) == sources_before  # the dropped pictures' folder was only read
    assert table_counts(window.dataset_tab) == counts_before


def test_none_of_these_class_and_a_read_only_or_deleted_class_folder(qtbot, window, trained, monkeypatch):
    digits, to_sort, _ = trained
    predict(qtbot, window, to_sort, 5)
    tab = window.predict_tab
    panel = tab.corrections
    rows = {Path(p.path).name: i for i, p in enumerate(tab.predictions)}
    tab.table.selectRow(rows["new 2.png"])
    panel._fill_class_menu(panel.class_menu)
    action = next(a for a in panel.class_menu.actions() if a.text() == corrections.NONE_OF_THESE)
    action.trigger()
    qtbot.waitUntil(lambda: not panel.runner.running, timeout=10_000)
    assert (digits / corrections.NONE_OF_THESE / "new 2.png").is_file()
    assert corrections.NONE_OF_THESE in table_counts(window.dataset_tab)

    folder = digits / "4"
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)  # read-only
    refuse_writes_as_root(monkeypatch)
    try:
        press_on_row(qtbot, window, rows["new 4.png"], Qt.Key.Key_5)
    finally:
        folder.chmod(stat.S_IRWXU)
        monkeypatch.undo()
    message = panel.message_label.text()
    assert "no permission" in message and "Nothing was changed" in message and "\n" not in message
    assert not (folder / "new 4.png").exists() and panel.added_list.count() == 1

    shutil.rmtree(digits / "3")  # deleted on disk meanwhile
    dataset = window.dataset_tab.session.dataset
    press_on_row(qtbot, window, rows["new 3.png"], Qt.Key.Key_4)
    message = panel.message_label.text()
    assert "is gone" in message and "Traceback" not in message and "\n" not in message
    assert not visible_message_boxes() and not (digits / "3").exists()
    assert window.dataset_tab.session.dataset is dataset and panel.added_list.count() == 1
