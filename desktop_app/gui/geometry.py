"""Window geometry that fits the screen: a first size within the available area, and remembered geometry pulled
back onto a screen that is smaller (or gone) since it was saved."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1280, 860)
SCREEN_SHARE = 0.92  # of the available width and height, so the window never touches the panels and edges
# The window frame (title bar, borders) lies outside the geometry Qt reports for the window itself.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary screen) not taken by task bars and docks."""
    screen = None
    if widget is not None:
        screen = widget.screen()
        centre_screen = QGuiApplication.screenAt(widget.frameGeometry().center())
        screen = centre_screen or screen
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def first_size(available: QRect) -> QSize:
    """The preferred size, shrunk to a share of the available area (and its frame)."""
    width = min(PREFERRED_SIZE.width(), int(available.width() * SCREEN_SHARE) - FRAME_ALLOWANCE.width())
    height = min(PREFERRED_SIZE.height(), int(available.height() * SCREEN_SHARE) - FRAME_ALLOWANCE.height())
    return QSize(max(1, width), max(1, height))


def fit_rect(rect: QRect, available: QRect) -> QRect:
    """rect made no larger than the available area (less the frame) and moved so that all of it lies inside."""
    width = min(rect.width(), available.width() - FRAME_ALLOWANCE.width())
    height = min(rect.height(), available.height() - FRAME_ALLOWANCE.height())
    left = min(max(rect.left(), available.left()), available.right() + 1 - width - FRAME_ALLOWANCE.width() // 2)
    top = min(max(rect.top(), available.top() + FRAME_ALLOWANCE.height() - 8),
              available.bottom() + 1 - height - FRAME_ALLOWANCE.width() // 2)
    return QRect(QPoint(max(left, available.left()), max(top, available.top())), QSize(max(1, width),
                                                                                    max(1, height)))


def centred(size: QSize, available: QRect) -> QRect:
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return fit_rect(rect, available)


def place_first_time(window: QWidget) -> None:
    window.setGeometry(centred(first_size(available_geometry(window)), available_geometry(window)))


def pull_onto_screen(window: QWidget) -> None:
    """After restoreGeometry: a window larger than its screen, or partly off it, is brought back within it."""
    available = available_geometry(window)
    fitted = fit_rect(window.geometry(), available)
    if fitted != window.geometry():
        window.setGeometry(fitted)
