"""Window geometry that fits the screen: a first size within the available area, and remembered geometry pulled
back onto a screen that is smaller (or gone) since it was saved."""
from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1280, 860)
SCREEN_SHARE = 0.92  # of the available width and height, so the window never touches the panels and edges
# The window frame (title bar, borders) lies outside the geometry Qt reports for the window itself.
FRAME_MARGINS = QMargins(8, 32, 8, 8)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary screen) not taken by task bars and docks."""
    screen = None
    if widget is not None:
        screen = QGuiApplication.screenAt(widget.frameGeometry().center()) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def usable_area(available: QRect) -> QRect:
    """Where the window's own geometry may lie so that its frame stays on the screen."""
    return available.marginsRemoved(FRAME_MARGINS)


def first_size(available: QRect) -> QSize:
    """The preferred size, shrunk to a share of the available area (and its frame)."""
    usable = usable_area(available)
    width = min(PREFERRED_SIZE.width(), int(available.width() * SCREEN_SHARE) - FRAME_MARGINS.left()
                - FRAME_MARGINS.right(), usable.width())
    height = min(PREFERRED_SIZE.height(), int(available.height() * SCREEN_SHARE) - FRAME_MARGINS.top()
                 - FRAME_MARGINS.bottom(), usable.height())
    return QSize(max(1, width), max(1, height))


def fit_rect(rect: QRect, available: QRect) -> QRect:
    """rect made no larger than the usable area and moved so that all of it (with its frame) lies inside."""
    usable = usable_area(available)
    width, height = max(1, min(rect.width(), usable.width())), max(1, min(rect.height(), usable.height()))
    left = max(usable.left(), min(rect.left(), usable.left() + usable.width() - width))
    top = max(usable.top(), min(rect.top(), usable.top() + usable.height() - height))
    return QRect(left, top, width, height)


def centred(size: QSize, available: QRect) -> QRect:
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return fit_rect(rect, available)


def place_first_time(window: QWidget) -> None:
    window.setGeometry(centred(first_size(available_geometry(window)), available_geometry(window)))


def pull_onto_screen(window: QWidget) -> None:
    """After restoreGeometry: a window larger than its screen, or partly off it, is brought back within it."""
    if window.isMaximized() or window.isFullScreen():
        return  # the window system fits those itself
    available = available_geometry(window)
    fitted = fit_rect(window.geometry(), available)
    if fitted != window.geometry():
        window.setGeometry(fitted)
