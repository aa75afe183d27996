"""Tab pages that scroll when the window is smaller than the page needs (small screens, large scaling)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class _ScrolledPage(QWidget):
    """Holds a tab page for a scroll area, offering only the page's minimum size.

    A scroll area asks a page with word-wrapped labels for its height for a width, which its layout answers with
    the preferred height: pages then scrolled on screens where their minimum fits easily.
    """

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.page = page
        page.setParent(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.page.minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.page.minimumSizeHint()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.page.setGeometry(self.rect())

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the page's minimum changed (e.g. a gate opened)
            area = self.parentWidget().parentWidget() if self.parentWidget() else None
            if isinstance(area, QScrollArea):
                QCoreApplication.sendEvent(area, QEvent(QEvent.Type.LayoutRequest))
        return super().event(event)


def scrolling(page: QWidget) -> QScrollArea:
    """A tab page that scrolls when the window is smaller than the page needs (small screens, large scaling)."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(_ScrolledPage(page))
    return area
