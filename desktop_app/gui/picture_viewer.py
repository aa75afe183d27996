"""A picture shown large, with what is known about it (path, true class, prediction, confidence).

One viewer per thumbnail view, not modal: while it is open, choosing another thumbnail shows that one, so the
arrow keys walk through the pictures. The picture is decoded on a pool thread by the core's reader.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.gui import geometry
from desktop_app.gui.thumbnails import ThumbnailCache, ThumbnailModel, ThumbnailView

LARGE_SIZE = 640


class PictureViewer(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Picture"))
        self.path = ""
        available = geometry.available_geometry(parent)
        self.picture_size = max(160, min(LARGE_SIZE, int(available.height() * 0.6), int(available.width() * 0.6)))
        self.cache = ThumbnailCache(self.picture_size, self, cache_size=50)
        self.cache.ready.connect(self._on_ready)
        layout = QVBoxLayout(self)
        self.picture_label = QLabel()
        self.picture_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture_label.setMinimumSize(self.picture_size, self.picture_size)
        self.picture_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.picture_label, 1)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def show_picture(self, path: str, description: str = "") -> None:
        self.path = path
        lines = [line for line in description.splitlines() if line.strip()]
        if path not in lines:  # the path always shows, and only once
            lines.insert(0, path)
        self.details_label.setText("\n".join(lines))
        self._show_pixmap()
        self.show()
        self.raise_()

    def _show_pixmap(self) -> None:
        pixmap = self.cache.pixmap(self.path)
        if pixmap is None:
            self.picture_label.setText(self.tr("Loading the picture..."))
        else:
            self.picture_label.setPixmap(pixmap)

    @Slot(str)
    def _on_ready(self, path: str) -> None:
        if path == self.path:
            self._show_pixmap()


class ViewableThumbnailView(ThumbnailView):
    """A thumbnail grid whose pictures open large on double-click or Enter."""

    def __init__(self, model: ThumbnailModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.viewer: PictureViewer | None = None
        self.activated.connect(self.show_large)
        self.setToolTip(self.tr("Double-click a picture (or press Enter) to see it large."))

    @Slot(QModelIndex)
    def show_large(self, index: QModelIndex) -> PictureViewer | None:
        path = index.data(ThumbnailModel.PathRole) if index.isValid() else None
        if not path:
            return None
        if self.viewer is None:
            self.viewer = PictureViewer(self.window())
        self.viewer.show_picture(path, index.data(Qt.ItemDataRole.ToolTipRole) or "")
        return self.viewer

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: N802 - Qt API
        super().currentChanged(current, previous)
        viewer = getattr(self, "viewer", None)  # None too while the base class sets the model up
        if viewer is not None and viewer.isVisible() and current.isValid():
            self.show_large(current)
