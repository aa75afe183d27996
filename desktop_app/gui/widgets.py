"""Small widgets shared by the tabs: lazily loaded thumbnails, "do this first" gates, hints, error dialogs."""
from __future__ import annotations

import collections
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import (QAbstractListModel, QCoreApplication, QModelIndex, QObject, QRect, QRunnable, QSize,
                            Qt, QThreadPool, Signal, Slot)
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListView, QMessageBox,
                               QPushButton, QStackedWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
                               QVBoxLayout, QWidget)

THUMBNAIL_SIZE = 96


def tr(text: str, context: str = "Widgets") -> str:
    return QCoreApplication.translate(context, text)


# -- thumbnails ------------------------------------------------------------------------------------------------
def load_thumbnail_image(path: str, size: int) -> QImage | None:
    """Decode a picture with the core's reader and shrink it; None when it cannot be read. Safe off the GUI thread."""
    from desktop_app.core import images  # the one decoder (EXIF, modes, draft mode) lives in the core

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
        # room for a caption line under the tallest picture, in whatever font size the user has
        self.setGridSize(QSize(size + 40, size + max(34, self.fontMetrics().lineSpacing() + 20)))
        # never squeezed below one row: a strip of cut-off pictures without captions says nothing
        self.setMinimumHeight(self.gridSize().height() + 2 * self.frameWidth() + 4)
        self.setUniformItemSizes(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


# -- guidance --------------------------------------------------------------------------------------------------
class HintLabel(QLabel):
    """The one line at the top of a tab that says what to do next."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setObjectName("hint")
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(6)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class PrerequisiteGate(QStackedWidget):
    """Shows a "do this step first" page instead of dead controls until the tab's prerequisite exists."""

    go_requested = Signal()

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._missing_page = QWidget()
        layout = QVBoxLayout(self._missing_page)
        layout.addStretch(1)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.message_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.message_label.setFont(font)
        layout.addWidget(self.message_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.go_button = QPushButton()
        self.go_button.clicked.connect(self.go_requested)
        row.addWidget(self.go_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.addWidget(self._missing_page)
        self.addWidget(content)
        self.content = content

    def set_missing(self, message: str, button_text: str) -> None:
        self.message_label.setText(message)
        self.go_button.setText(button_text)
        self.setCurrentWidget(self._missing_page)
        self.updateGeometry()

    def set_ready(self) -> None:
        self.setCurrentWidget(self.content)
        self.updateGeometry()

    # Sized by the page shown, not the largest page: "do this first" must not scroll on a small screen.
    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.currentWidget().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.currentWidget().sizeHint()

    @property
    def ready(self) -> bool:
        return self.currentWidget() is self.content


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> QMessageBox:
    """A plain message; technical details, if any, stay collapsed behind "Show Details..."."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()  # not exec(): tests and the event loop keep running
    return box


# -- bars ------------------------------------------------------------------------------------------------------
class BarDelegate(QStyledItemDelegate):
    """Paints the cell's UserRole value (0..1) as a bar behind its text; used for class balance."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        fraction = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(fraction, (int, float)):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(3, 4, -3, -4)
        painter.save()
        highlight = option.palette.color(QPalette.ColorRole.Highlight)
        painter.fillRect(QRect(rect.left(), rect.top(), int(rect.width() * max(0.0, min(1.0, fraction))),
                               rect.height()), highlight)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.drawRect(rect)
        painter.restore()


class TopLabelsDelegate(QStyledItemDelegate):
    """Paints up to three (label, confidence) lines, each with a confidence bar; data in UserRole."""

    LINE_HEIGHT = 20

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        ranked = index.data(Qt.ItemDataRole.UserRole)
        if not ranked:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        text_colour = option.palette.color(QPalette.ColorRole.Text)
        bar_colour = option.palette.color(QPalette.ColorRole.Highlight)
        rect = option.rect.adjusted(4, 2, -4, -2)
        label_width = int(rect.width() * 0.45)
        for line, (label, probability) in enumerate(ranked[:3]):
            top = rect.top() + line * self.LINE_HEIGHT
            text_rect = QRect(rect.left(), top, label_width, self.LINE_HEIGHT)
            painter.setPen(text_colour)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             f"{label}  {probability:.0%}")
            bar_rect = QRect(rect.left() + label_width + 4, top + 5, rect.width() - label_width - 4,
                             self.LINE_HEIGHT - 10)
            painter.setPen(text_colour)
            painter.drawRect(bar_rect)
            painter.fillRect(QRect(bar_rect.left(), bar_rect.top(), int(bar_rect.width() * probability),
                                   bar_rect.height()), bar_colour)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt API
        return QSize(260, self.LINE_HEIGHT * 3 + 4)


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return tr("{n} s").format(n=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return tr("{m} min {s} s").format(m=minutes, s=seconds)
    hours, minutes = divmod(minutes, 60)
    return tr("{h} h {m} min").format(h=hours, m=minutes)


class StallMeter(QObject):
    """Measures how long the event loop goes without running a timer: the window's worst "freeze", and when
    each gap over ``LONG_MS`` happened (ms since start, gap in ms)."""

    LONG_MS = 100

    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QElapsedTimer, QTimer

        self._interval = interval_ms
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0
        self.max_stall_ms = 0.0
        self.ticks = 0
        self.long_gaps: list[tuple[int, float]] = []

    def start(self) -> None:
        self.max_stall_ms = 0.0
        self.ticks = 0
        self.long_gaps: list[tuple[int, float]] = []
        self._clock.start()
        self._last = 0
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.max_stall_ms

    @Slot()
    def _tick(self) -> None:
        now = self._clock.elapsed()
        stall = float(now - self._last - self._interval)
        self.max_stall_ms = max(self.max_stall_ms, stall)
        if stall > self.LONG_MS:
            self.long_gaps.append((int(now), stall))
        self._last = now
        self.ticks += 1


def pictures_text(n: int) -> str:
    """"1 picture", "2,345 pictures"."""
    return tr("1 picture") if n == 1 else tr("{n} pictures").format(n=f"{n:,}")
