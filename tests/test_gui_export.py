"""File > Export for other programs...: the model in use written as ONNX on a worker, with a plain message for a
name that would replace a picture."""
from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("pytestqt")
pytest.importorskip("onnx")

from PySide6.QtWidgets import QFileDialog  # noqa: E402

from desktop_app.core import preload  # noqa: E402
from tests.gui_helpers import close_message_boxes, open_folder, train, visible_message_boxes  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def export_modules_loaded():
    """The export imports its modules on its worker (preload.load_export); this process loads them up front, as
    the shared fixture does the engine, so the background-import check still sees any other import."""
    preload.load_export()


def file_menu_action(window, text: str):
    menu = window.menuBar().actions()[0].menu()
    return next(action for action in menu.actions() if action.text().replace("&", "") == text)


def test_the_file_menu_exports_the_model_in_use(qtbot, window, image_folder, tmp_path, monkeypatch):
    action = file_menu_action(window, "Export for other programs...")
    assert not action.isEnabled()  # nothing to export yet
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "knn", "pixels", auto_tune=False)
    assert action.isEnabled()

    target = tmp_path / "shapes.onnx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), "")))
    with qtbot.waitSignal(window.model_export.exported, timeout=60_000):
        action.trigger()
    qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=5000)
    assert "Exported" in visible_message_boxes()[0].text() and "shapes.onnx" in visible_message_boxes()[0].text()
    close_message_boxes()
    assert json.loads((tmp_path / "shapes.json").read_text())["class_names"] == window.session.model.class_names

    onnxruntime = pytest.importorskip("onnxruntime")
    size = window.session.model.feature_settings.image_size
    pictures = np.random.default_rng(0).integers(0, 256, (5, size, size, 3), dtype=np.uint8)
    session = onnxruntime.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    got = session.run(None, {"pictures": pictures})[0]
    from desktop_app.core.export.onnx_export import app_probabilities

    assert np.abs(got - app_probabilities(window.session.model, pictures)).max() < 1e-4


def test_exporting_over_a_picture_says_so_and_changes_nothing(qtbot, window, image_folder, tmp_path):
    open_folder(qtbot, window, image_folder)
    train(qtbot, window, "softmax", "pixels", auto_tune=False)
    (tmp_path / "out").mkdir()
    picture = tmp_path / "out" / "photo.onnx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n a picture")
    with qtbot.waitSignal(window.model_export.failed, timeout=30_000) as failure:
        assert window.model_export.export(picture)
    assert "not an export" in failure.args[0] and "\n" not in failure.args[0]
    qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=5000)
    close_message_boxes()
    assert picture.read_bytes() == b"\x89PNG\r\n\x1a\n a picture"
    assert sorted(p.name for p in picture.parent.iterdir()) == ["photo.onnx"]
