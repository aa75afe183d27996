"""Shared helpers of the GUI tests: a real main window, waiting for background work, dropping files."""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def open_folder(qtbot, window, folder: Path, timeout: int = 20_000) -> None:
    assert window.open_dataset(folder)
    qtbot.waitUntil(lambda: not window.dataset_tab.scanning(), timeout=timeout)


def wait_for_shares(dataset_tab, timeout_s: float = 20.0) -> None:
    """The share-out (training / validation / test) is worked out in the background after each change."""
    deadline = time.monotonic() + timeout_s
    while dataset_tab.scanning() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert not dataset_tab.scanning(), "the dataset tab is still busy"


def train(qtbot, window, classifier: str, features: str, timeout: int = 120_000, auto_tune: bool = True) -> None:
    window.model_tab.set_choice(classifier, features, auto_tune)
    assert window.train_tab.start_training()
    qtbot.waitUntil(lambda: not window.train_tab.running, timeout=timeout)


def drop_urls(widget: QWidget, paths: list[Path]) -> QDropEvent:
    """Send a real drag-enter and drop of file URLs to widget, as the window system would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = widget.rect().center()
    enter = QDragEnterEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the widget refused the drag"
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop


def visible_message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def close_message_boxes() -> None:
    for box in visible_message_boxes():
        box.close()


def answer(qtbot, button: QMessageBox.StandardButton | str, timeout: int = 5000) -> str:
    """Wait for the window's question and press one of its buttons (a standard one, or by its text); returns
    the question's title."""
    qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=timeout)
    box = visible_message_boxes()[-1]
    if isinstance(button, str):
        chosen = next(b for b in box.buttons() if b.text().replace("&", "") == button)
    else:
        chosen = box.button(button)
    title = box.windowTitle()
    chosen.click()
    return title


def close_window(window) -> None:
    """Close a window for good: "Don't save" when it asks about an unsaved model."""
    close_message_boxes()
    window.close()
    for box in visible_message_boxes():
        discard = box.button(QMessageBox.StandardButton.Discard)
        if discard is not None:
            discard.click()


_ = QPoint  # re-exported for tests that build their own events
