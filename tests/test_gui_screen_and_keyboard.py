"""The window as a newcomer meets it (issue 9), on their screen and keyboard: a window that fits the screen (and
scrolls at 200 %), readable text in light and dark themes, unique keyboard mnemonics and tab-switching keys. The
rest of issue 9 is in test_gui_newcomer.py."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel  # noqa: E402

from desktop_app.gui import geometry  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.readable_text import READABLE_CONTRAST, contrast_ratio  # noqa: E402
from tests.gui_helpers import open_folder  # noqa: E402


# -- 2. the window fits the screen -----------------------------------------------------------------------------
SCREENS = {"1024x700": QRect(0, 0, 1024, 700), "1366x768": QRect(0, 0, 1366, 768),
           "1920x1080 at 200 %": QRect(0, 0, 960, 540)}


def _inside(window, available: QRect) -> bool:
    """The window with its frame (title bar and borders) lies on the available part of the screen."""
    return available.contains(window.geometry().marginsAdded(geometry.FRAME_MARGINS))


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_first_window_fits_the_available_screen(qtbot, monkeypatch, screen):
    available = SCREENS[screen]
    monkeypatch.setattr(geometry, "available_geometry", lambda widget=None: QRect(available))
    main = MainWindow()
    qtbot.addWidget(main)
    assert _inside(main, available), main.geometry()
    # every tab can really be that small: the pages scroll instead of pushing the window off the screen
    hint = main.minimumSizeHint()
    assert hint.width() <= available.width() and hint.height() <= available.height()
    main.show()
    status = main.statusBar().geometry()
    assert main.rect().contains(status)
    if available.width() >= 1366:  # the common lab laptop: the tabs fit, or scroll only a little
        for index in range(main.tabs.count()):
            main.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            area = main.tabs.widget(index)
            # Evaluate holds results, three rows of pictures and the calibration panel: it may scroll a little
            allowed = area.viewport().height() // 10 if index == 3 else 0
            assert area.verticalScrollBar().maximum() <= allowed, main.tabs.tabText(index)
    main.close()


def test_at_200_percent_pages_scroll_rather_than_squeeze(qtbot, monkeypatch, image_folder):
    small = SCREENS["1920x1080 at 200 %"]
    monkeypatch.setattr(geometry, "available_geometry", lambda widget=None: QRect(small))
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    # "do this step first" pages are small: nothing to scroll
    for index in range(main.tabs.count()):
        main.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert main.tabs.widget(index).verticalScrollBar().maximum() == 0, main.tabs.tabText(index)
    open_folder(qtbot, main, image_folder)
    main.tabs.setCurrentIndex(1)
    area = main.tabs.widget(1)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0, timeout=3000)
    assert area.widget().height() >= main.model_tab.minimumSizeHint().height()  # all of it, by scrolling
    main.close()


def test_restored_geometry_is_pulled_back_onto_a_smaller_screen(qtbot, monkeypatch):
    big = QRect(0, 0, 1920, 1080)
    monkeypatch.setattr(geometry, "available_geometry", lambda widget=None: QRect(big))
    first = MainWindow()
    qtbot.addWidget(first)
    first.setGeometry(QRect(700, 300, 1200, 760))
    first.close()
    small = QRect(0, 0, 1024, 700)
    monkeypatch.setattr(geometry, "available_geometry", lambda widget=None: QRect(small))
    second = MainWindow()
    qtbot.addWidget(second)
    assert _inside(second, small), second.geometry()
    second.close()


# -- 4. readable text ----------------------------------------------------------------------------------------
def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#333333"),
                         (QPalette.ColorRole.Text, "#eeeeee"), (QPalette.ColorRole.Button, "#3a3a3a"),
                         (QPalette.ColorRole.ButtonText, "#eeeeee"), (QPalette.ColorRole.Highlight, "#3d7bd9"),
                         (QPalette.ColorRole.HighlightedText, "#000000"), (QPalette.ColorRole.ToolTipBase, "#333333"),
                         (QPalette.ColorRole.ToolTipText, "#eeeeee")):
        palette.setColor(role, QColor(colour))
    return palette


def _label_contrasts(window) -> list[tuple[float, str]]:
    found = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        for label in page.findChildren(QLabel):
            if not label.isVisibleTo(page) or not label.isEnabled() or not label.text().strip():
                continue
            palette = label.palette()
            background_role = label.backgroundRole() if label.autoFillBackground() else QPalette.ColorRole.Window
            ratio = contrast_ratio(palette.color(label.foregroundRole()), palette.color(background_role))
            found.append((ratio, label.text()[:60]))
    return found


@pytest.mark.parametrize("theme", ["default", "dark"])
def test_all_label_text_meets_wcag_aa(qtbot, image_folder, theme):
    app = QApplication.instance()
    original = app.palette()
    if theme == "dark":
        app.setPalette(dark_palette())
    try:
        main = MainWindow()
        qtbot.addWidget(main)
        main.show()
        open_folder(qtbot, main, image_folder)
        contrasts = _label_contrasts(main)
        assert len(contrasts) > 20
        poor = [(round(ratio, 2), text) for ratio, text in contrasts if ratio < READABLE_CONTRAST]
        assert not poor
        # the Model tab's explanations are dimmed, yet readable, and follow a palette change at run time
        explanations = [label for label in main.model_tab.findChildren(QLabel)
                        if type(label).__name__ == "SecondaryLabel"]
        assert len(explanations) >= 5
        app.setPalette(dark_palette() if theme == "default" else original)
        for label in explanations:
            palette = label.palette()
            assert contrast_ratio(palette.color(QPalette.ColorRole.WindowText),
                                  palette.color(QPalette.ColorRole.Window)) >= READABLE_CONTRAST
        main.close()
    finally:
        app.setPalette(original)


# -- 8. keyboard -------------------------------------------------------------------------------------------------
def _mnemonics(widget) -> list[str]:
    letters = []
    for child in widget.findChildren(QAbstractButton) + widget.findChildren(QGroupBox):
        text = child.text() if isinstance(child, QAbstractButton) else child.title()
        letters += re.findall(r"(?<!&)&([^&\s])", text)
    for label in widget.findChildren(QLabel):
        if label.buddy() is not None:
            letters += re.findall(r"(?<!&)&([^&\s])", label.text())
    return [letter.lower() for letter in letters]


def test_each_tab_has_unique_mnemonics(qtbot, window):
    menus = [letter.lower() for action in window.menuBar().actions()
             for letter in re.findall(r"(?<!&)&([^&\s])", action.text())]
    tab_bar = [letter.lower() for i in range(window.tabs.count())
               for letter in re.findall(r"(?<!&)&([^&\s])", window.tabs.tabText(i))]
    for index in range(window.tabs.count()):
        letters = _mnemonics(window.tabs.widget(index)) + menus + tab_bar
        duplicates = sorted({letter for letter in letters if letters.count(letter) > 1})
        assert not duplicates, (window.tabs.tabText(index), duplicates)


def test_ctrl_page_keys_and_ctrl_numbers_switch_tabs(qtbot, window, image_folder):
    open_folder(qtbot, window, image_folder)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.dataset_tab.class_table.setFocus()  # a table would keep plain page keys to itself
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window.dataset_tab.class_table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 4  # wraps around
    for number in range(1, 6):
        qtbot.keyClick(window.focusWidget() or window, getattr(Qt.Key, f"Key_{number}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == number - 1
