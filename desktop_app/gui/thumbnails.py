"""Thumbnails of picture files, decoded off the GUI thread: a loader on a thread pool, a pixmap cache, and a
list model + icon view that fetch pictures as they scroll into sight (thousands of pictures stay smooth)."""
from __future__ import annotations

import collections
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import (QAbstractListModel, QEvent, QModelIndex, QObject, QRunnable, QSize, Qt, QThreadPool,
                            Signal, Slot)
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

THUMBNAIL_SIZE = 96


def load_thumbnail_image(path: str, size: int) -> QImage | None:
    """Decode a picture with the core's reader and shrink it; None when it cannot be read. Safe off the GUI thread."""
    from desktop_app.core.data import images  # the one decoder (EXIF, modes, draft mode) lives in the core

    try:
        picture = images.load_rgb(path, min_size=size)
        picture.thumbnail((size, size))
        if max(picture.size) < size:  # tiny pictures (e.g. 32 x 32) are enlarged so they can be seen
            scale = size / max(picture.size)
            picture = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))))
    except Exception:  # noqa: BLE001 - a broken picture shows as a placeholder, never an error
        return None
    data = picture.tobytes("raw", "RGB")
    qimage = QImage(data, picture.width, picture.height, 3 * picture.width, QImage.Format.Format_RGB888)
    return qimage.copy()  # detach from the Python buffer before it is freed


class _ThumbnailSignals(QObject):
    loaded = Signal(int, str, QImage)  # generation, path, image (null image when unreadable)


class _ThumbnailJob(QRunnable):
    """Takes the newest pending request each time, so what is on screen now is loaded first when scrolling."""

    def __init__(self, loader: "ThumbnailLoader") -> None:
        super().__init__()
        self._loader = loader

    def run(self) -> None:
        while True:
            request = self._loader.next_request()
            if request is None:
                return
            generation, path = request
            image = load_thumbnail_image(path, self._loader.size)
            self._loader.signals.loaded.emit(generation, path, image if image is not None else QImage())


class ThumbnailLoader:
    def __init__(self, size: int, pool: QThreadPool, max_jobs: int = 2) -> None:
        self.size = size
        self.signals = _ThumbnailSignals()
        self._pool = pool
        self._max_jobs = max_jobs
        self._lock = threading.Lock()
        self._pending: list[tuple[int, str]] = []
        self._jobs = 0

    def request(self, generation: int, path: str) -> None:
        with self._lock:
            self._pending.append((generation, path))
            if self._jobs >= self._max_jobs:
                return
            self._jobs += 1
        self._pool.start(_ThumbnailJob(self))

    def next_request(self) -> tuple[int, str] | None:
        with self._lock:
            if not self._pending:
                self._jobs -= 1
                return None
            return self._pending.pop()

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()


class ThumbnailCache(QObject):
    """Pictures by path, decoded in the background on first request and kept in an LRU cache."""

    ready = Signal(str)  # path whose pixmap is now available

    def __init__(self, size: int = THUMBNAIL_SIZE, parent: QObject | None = None, cache_size: int = 3000) -> None:
        super().__init__(parent)
        self.size = size
        self._cache: collections.OrderedDict[str, QPixmap] = collections.OrderedDict()
        self._cache_size = cache_size
        self._requested: set[str] = set()
        self._generation = 0
        self._loader = ThumbnailLoader(size, QThreadPool.globalInstance())
        self._loader.signals.loaded.connect(self._on_loaded)
        self.placeholder = QPixmap(size, size)
        self.placeholder.fill(QColor(128, 128, 128, 60))

    def pixmap(self, path: str) -> QPixmap | None:
        """The thumbnail if loaded; otherwise None, and loading starts (``ready`` follows)."""
        pixmap = self._cache.get(path)
        if pixmap is not None:
            self._cache.move_to_end(path)
            return pixmap
        if path not in self._requested:
            self._requested.add(path)
            self._loader.request(self._generation, path)
        return None

    def put(self, path: str, image: QImage) -> None:
        """Add a picture that has no file (e.g. pasted from the clipboard)."""
        scaled = image.scaled(self.size, self.size, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        self._store(path, QPixmap.fromImage(scaled))

    def forget_pending(self) -> None:
        """Drop queued requests (the list shown changed); what is loaded stays cached."""
        self._generation += 1
        self._loader.clear()
        self._requested = {path for path in self._requested if path in self._cache}

    def is_loaded(self, path: str) -> bool:
        return path in self._cache

    def _store(self, path: str, pixmap: QPixmap) -> None:
        self._cache[path] = pixmap
        self._cache.move_to_end(path)
        if len(self._cache) > self._cache_size:
            evicted, _ = self._cache.popitem(last=False)
            self._requested.discard(evicted)
        self.ready.emit(path)

    @Slot(int, str, QImage)
    def _on_loaded(self, generation: int, path: str, image: QImage) -> None:
        # Stale generations are kept too: a thumbnail does not depend on which list asked for it.
        if image.isNull():
            pixmap = QPixmap(self.size, self.size)
            pixmap.fill(QColor(200, 60, 60, 90))  # unreadable picture: a reddish tile
        else:
            pixmap = QPixmap.fromImage(image)
        self._store(path, pixmap)


@dataclass
class ThumbnailItem:
    path: str
    caption: str = ""
    tooltip: str = ""


class ThumbnailModel(QAbstractListModel):
    """List model whose pictures load in the background on first display (only visible items are asked for).
    Rows reach the view a batch at a time as it scrolls (``fetchMore``): laying out 5,000 items at once froze
    the window."""

    PathRole = Qt.ItemDataRole.UserRole + 1
    FETCH_BATCH = 256

    def __init__(self, size: int = THUMBNAIL_SIZE, parent: QObject | None = None,
                 cache: ThumbnailCache | None = None) -> None:
        super().__init__(parent)
        self._items: list[ThumbnailItem] = []
        self._rows: dict[str, list[int]] = {}
        self._shown = 0  # rows the view has been given so far
        self.cache = cache or ThumbnailCache(size, self)
        self.cache.ready.connect(self._on_ready)

    @property
    def thumbnail_size(self) -> int:
        return self.cache.size

    def set_items(self, items: Sequence[ThumbnailItem]) -> None:
        """Items in order; any sequence (kept, not copied: a lazy one makes its items only when shown)."""
        self.beginResetModel()
        self.cache.forget_pending()
        self._items = items
        self._shown = 0
        self._rows = {}
        self._show_more(min(len(self._items), self.FETCH_BATCH))
        self.endResetModel()

    def _show_more(self, up_to: int) -> None:
        for row in range(self._shown, up_to):
            self._rows.setdefault(self._items[row].path, []).append(row)
        self._shown = up_to

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and self._shown < len(self._items)

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802 - Qt API
        if parent.isValid() or self._shown >= len(self._items):
            return
        more = min(len(self._items), self._shown + self.FETCH_BATCH)
        self.beginInsertRows(QModelIndex(), self._shown, more - 1)
        self._show_more(more)
        self.endInsertRows()

    def items(self) -> list[ThumbnailItem]:
        return list(self._items)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else self._shown

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._shown:
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.caption or Path(item.path).name
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip or item.path
        if role == Qt.ItemDataRole.DecorationRole:
            return self.cache.pixmap(item.path) or self.cache.placeholder
        if role == self.PathRole:
            return item.path
        return None

    def is_loaded(self, path: str) -> bool:
        return self.cache.is_loaded(path)

    @Slot(str)
    def _on_ready(self, path: str) -> None:
        for row in self._rows.get(path, []):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class ThumbnailView(QListView):
    """Icon grid with uniform item sizes, so thousands of pictures scroll smoothly."""

    def __init__(self, model: ThumbnailModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        size = model.thumbnail_size
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(size, size))
        self.caption_lines = 1
        self._fit_grid()
        self.setUniformItemSizes(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def set_caption_lines(self, lines: int) -> None:
        """Captions of up to ``lines`` lines (wrapped, a long file name anywhere), the rest elided."""
        self.caption_lines = max(1, int(lines))
        self.setWordWrap(self.caption_lines > 1)
        self._fit_grid()

    def _fit_grid(self) -> None:
        """Room for the captions under the tallest picture in the font the view has *now*: the font a widget
        gets once shown (style, screen scaling) may be larger than at construction, and a grid sized then cut
        the captions in half on the first open."""
        size = self.iconSize().width()
        spacing = self.fontMetrics().lineSpacing()
        grid = QSize(size + 40, size + max(34, self.caption_lines * spacing + 20))
        if grid != self.gridSize():
            self.setGridSize(grid)
            # never squeezed below one row: a strip of cut-off pictures without captions says nothing
            self.setMinimumHeight(grid.height() + 2 * self.frameWidth() + 4)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_grid()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._fit_grid()
        super().showEvent(event)


# -- guidance --------------------------------------------------------------------------------------------------
