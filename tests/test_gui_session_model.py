"""One session behind the tabs, seen in the real window (offscreen): one "unsure" threshold, "Save the model?"
before a trained model is lost, and no dataset change under a training run."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from desktop_app.core.output.percent import threshold_percent, threshold_text  # noqa: E402
from desktop_app.core.modelfile.model_file import load_model  # noqa: E402
from desktop_app.gui.main_window import EVALUATE, PREDICT  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402
from tests.gui_helpers import answer, open_folder, train, visible_message_boxes  # noqa: E402

pytestmark = pytest.mark.slow

SAVE, DISCARD, CANCEL = (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
                         QMessageBox.StandardButton.Cancel)


def trained_window(qtbot, window, folder: Path):
    open_folder(qtbot, window, folder)
    train(qtbot, window, "knn", "pixels")
    assert window.session.model is not None and window.session.needs_saving
    return window.session.model


def save_dialog_answers(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(path), "")))


def test_the_evaluate_slider_and_the_predict_box_show_one_threshold_that_saving_keeps(qtbot, window, image_folder,
                                                                                       tmp_path):
    model = trained_window(qtbot, window, image_folder)
    window.tabs.setCurrentIndex(EVALUATE)
    panel, box = window.evaluate_tab.calibration_panel, window.predict_tab.threshold_spin
    # the model's own, in both; the box shows it as the answers read it (0.754 -> 76 %: an answer reading 76 %
    # is not unsure), the number the Evaluate tab and the Predict tab's sentence give
    assert box.value() == threshold_percent(panel.threshold)
    assert threshold_text(panel.threshold) in window.predict_tab.unsure_sentence.label.text()
    assert panel.threshold == pytest.approx(model.unsure_threshold, abs=0.0005)

    panel.slider.setValue(0)  # moved on the Evaluate tab ...
    assert box.value() == 0 and window.session.unsure_threshold == 0
    window.tabs.setCurrentIndex(PREDICT)
    box.setValue(73.5)  # ... and on the Predict tab
    assert panel.slider.value() == 735 and panel.threshold == pytest.approx(0.735)
    assert window.predict_tab.table_model.threshold == pytest.approx(0.735)
    box.setValue(80)
    assert panel.slider.value() == 800 and "80" in panel.tradeoff_label.text()  # what it means follows
    box.setValue(73.5)

    with qtbot.waitSignal(window.train_tab.model_saved, timeout=30_000):
        assert window.save_model(tmp_path / "kept.psmodel")
    assert load_model(tmp_path / "kept.psmodel").unsure_threshold == pytest.approx(0.735)
    assert not window.session.needs_saving

    box.setValue(50)  # a change to the model: opening the file asks first, then brings its threshold back
    assert window.session.needs_saving and not window.open_model(tmp_path / "kept.psmodel")
    with qtbot.waitSignal(window.model_opened, timeout=30_000):
        assert answer(qtbot, DISCARD) == "Save the model?"
    assert box.value() == threshold_percent(0.735) and panel.slider.value() == 735  # the file's threshold back


@pytest.mark.parametrize("choice", ["cancel", "dont_save", "save"])
def test_quitting_with_an_unsaved_model_asks(qtbot, window, image_folder, tmp_path, monkeypatch, choice):
    model = trained_window(qtbot, window, image_folder)
    saved_to = tmp_path / "before-quitting.psmodel"
    save_dialog_answers(monkeypatch, saved_to)
    window.activateWindow()  # a window shortcut needs the window active (on X11 no window manager does it)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    if choice == "cancel":
        assert answer(qtbot, CANCEL) == "Save the model?"
        assert window.isVisible() and window.session.model is model and window.session.needs_saving
        assert window.predict_tab.model is model and window.evaluate_tab.gate.ready
        assert not saved_to.exists()
    elif choice == "dont_save":
        assert answer(qtbot, DISCARD) == "Save the model?"
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        assert not saved_to.exists()
    else:
        assert answer(qtbot, SAVE) == "Save the model?"
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)  # closed once the file is written
        assert load_model(saved_to).class_names == model.class_names


def test_quitting_after_saving_asks_nothing(qtbot, window, image_folder, tmp_path):
    trained_window(qtbot, window, image_folder)
    with qtbot.waitSignal(window.train_tab.model_saved, timeout=30_000):
        assert window.save_model(tmp_path / "m.psmodel")
    window.close()
    assert not window.isVisible() and not visible_message_boxes()


def test_opening_another_model_with_an_unsaved_one_asks(qtbot, window, image_folder, tmp_path):
    first = trained_window(qtbot, window, image_folder)
    with qtbot.waitSignal(window.train_tab.model_saved, timeout=30_000):
        assert window.save_model(tmp_path / "first.psmodel")
    window.train_tab.start_button.click()  # saved: a new run starts without a question
    qtbot.waitUntil(lambda: not window.train_tab.running, timeout=120_000)
    second = window.session.model
    assert second is not first and window.session.needs_saving

    assert not window.open_model(tmp_path / "first.psmodel")
    assert answer(qtbot, CANCEL) == "Save the model?"
    assert window.session.model is second and window.predict_tab.model is second
    assert not window.model_file_runner.running

    assert not window.open_model(tmp_path / "first.psmodel")
    with qtbot.waitSignal(window.model_opened, timeout=30_000):
        answer(qtbot, DISCARD)
    opened = window.session.model
    assert opened is not second and not window.session.needs_saving
    assert window.predict_tab.model is opened and window.evaluate_tab.model is opened


def test_a_new_training_with_an_unsaved_model_asks(qtbot, window, image_folder):
    first = trained_window(qtbot, window, image_folder)
    tab = window.train_tab
    tab.start_button.click()
    assert answer(qtbot, CANCEL) == "Save the model?"
    assert not tab.running and window.session.model is first and tab.save_button.isEnabled()

    tab.start_button.click()
    answer(qtbot, DISCARD)
    qtbot.waitUntil(lambda: window.session.model is not first and not tab.running, timeout=120_000)
    assert window.evaluate_tab.model is window.session.model


def test_opening_a_dataset_during_training_asks_and_never_mixes_results(qtbot, window, tmp_path):
    many = write_class_folders(tmp_path / "many", per_class=60)
    two = write_class_folders(tmp_path / "two", per_class=5, seed=3,
                              classes={"circles": ((220, 40, 40), "ellipse"), "squares": ((40, 180, 60), "rectangle")})
    open_folder(qtbot, window, many)
    window.model_tab.set_choice("softmax", "pixels", True)
    tab = window.train_tab
    assert tab.start_training()
    qtbot.waitUntil(lambda: tab.events_seen.get("Phase", 0) >= 1, timeout=20_000)
    assert not window.dataset_tab.open_button.isEnabled()  # the tab's own buttons wait for the run
    assert "Train tab" in window.dataset_tab.hint.text()
    assert not window.dataset_tab.remove_class("circles")  # refused, with the reason
    assert "stop it on the Train tab" in window.dataset_tab.status_label.text()
    assert "circles" in window.session.dataset.class_names

    assert not window.open_dataset(two)
    assert answer(qtbot, CANCEL) == "Stop the training?"
    assert tab.running and window.session.dataset.root == many

    assert not window.open_dataset(two)
    answer(qtbot, "Stop the training")
    qtbot.waitUntil(lambda: not tab.running and window.session.dataset is not None
                    and window.session.dataset.root == two and not window.dataset_tab.scanning(), timeout=30_000)
    assert "10 pictures in 2 classes" in tab.summary_label.text()
    assert "Test accuracy" not in tab.result_label.text()

    # a model trained on these pictures, then other pictures opened: its result is not shown beside them
    train(qtbot, window, "knn", "pixels")
    assert "Test accuracy" in tab.result_label.text()
    open_folder(qtbot, window, many)
    assert "180 pictures in 3 classes" in tab.summary_label.text()
    assert "Test accuracy" not in tab.result_label.text()
    assert "Not trained on these pictures yet" in tab.result_label.text()
    assert window.evaluate_tab.gate.ready  # the model itself stays in use


def test_opening_a_model_during_training_asks_to_stop_first(qtbot, window, image_folder, tmp_path):
    trained_window(qtbot, window, image_folder)
    with qtbot.waitSignal(window.train_tab.model_saved, timeout=30_000):
        assert window.save_model(tmp_path / "m.psmodel")
    many = write_class_folders(tmp_path / "many", per_class=60)
    open_folder(qtbot, window, many)
    window.model_tab.set_choice("softmax", "pixels", True)
    assert window.train_tab.start_training()
    assert not window.open_model(tmp_path / "m.psmodel")
    assert answer(qtbot, CANCEL) == "Stop the training?"
    assert window.train_tab.running and not window.model_file_runner.running
    window.train_tab.cancel_training()
    qtbot.waitUntil(lambda: not window.train_tab.running, timeout=20_000)


def test_the_evaluate_tab_says_never_seen_only_when_no_test_picture_is_a_training_copy(qtbot, window,
                                                                                      image_folder):
    """The training's test pictures are "never seen" only when the core counted no copies among them; a model
    whose test pictures include copies of training pictures says so (the result looks better than it is)."""
    model = trained_window(qtbot, window, image_folder)
    label = window.evaluate_tab.accuracy_label
    n = window.session.evaluation.n_examples
    assert model.metrics["test_copies"] == 0 and f"on {n} pictures it has never seen" in label.text()
    model.metrics["test_copies"] = 2
    window.evaluate_tab._show(window.session.evaluation)
    assert "never seen" not in label.text() and f"{n} pictures, 2 of them copies of training pictures" in label.text()
