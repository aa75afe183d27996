"""The map of the pictures (Dataset tab, "Map of the pictures..."): every picture's features in two dimensions,
one colour per class, and the pictures possibly in the wrong folder ringed and listed for review.

Hovering over a point shows its picture beside the map, clicking it (or a listed suspect) opens it large. The
features, the suspects and the layout are computed on the worker thread (``core.analysis.dataset_map``); the
window only draws: one scatter item per class (pyqtgraph draws 10,000 points of one style as one batch), and
the point under the mouse is found with one NumPy pass over the coordinates. Nothing is ever moved.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QProgressBar,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from desktop_app.core.events import Phase, Progress
from desktop_app.core.output.names import display_text
from desktop_app.core.output.wording import pictures_text, progress_time_left
from desktop_app.gui.picture_viewer import PictureViewer
from desktop_app.gui.plots import themed_plot
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.thumbnails import ThumbnailCache
from desktop_app.gui.widgets import HintLabel
from desktop_app.gui.worker import TaskRunner
from desktop_app.session import dataset_snapshot

PREVIEW_SIZE = 160
POINT_SIZE = 6
RING_SIZE = 13
HOVER_RADIUS_PX = 8
LAYOUTS = (("pca", "PCA"), ("tsne", "t-SNE"))


def map_step(dataset, feature_kind: str, method: str, device: str):
    """The worker's step: features, suspects and layout (the core modules are in once the engine is ready)."""
    def factory(cancel):
        from desktop_app.core.analysis import dataset_map, suspects

        return dataset_map.map_dataset(dataset, suspects.feature_settings(feature_kind), method, device, cancel)
    return factory


class MapWindow(QDialog):
    """Not modal: the user can look at the map and fix folders side by side."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Map of the pictures"))
        self.session = signals.session
        self.result = None  # core.analysis.dataset_map.DatasetMap once drawn
        self._xy = np.zeros((0, 2), np.float32)
        self._rows = np.zeros(0, np.int64)
        self._class_items: list[pg.ScatterPlotItem] = []
        self._hovered: int | None = None
        self.viewer: PictureViewer | None = None
        self.runner = TaskRunner(self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self.show_map)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(lambda: self.status_label.setText(self.tr("Stopped. Nothing was changed.")))
        self.runner.done.connect(self._on_done)
        self.thumbnails = ThumbnailCache(PREVIEW_SIZE, self, cache_size=200)
        self.thumbnails.ready.connect(self._on_thumbnail_ready)
        self._build()
        signals.dataset_changed.connect(self._on_dataset_changed)

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.hint = HintLabel(self.tr("Each point is a picture, placed by its features: pictures that look alike "
                                      "lie close together. Ringed points are possibly in the wrong folder."))
        layout.addWidget(self.hint)
        controls = QHBoxLayout()
        self.features_box = QComboBox()
        self.features_box.addItem(self.tr("pretrained network"), "pretrained")
        self.features_box.addItem(self.tr("pixels"), "pixels")
        self.layout_box = QComboBox()
        for method, title in LAYOUTS:
            self.layout_box.addItem(title, method)
        self.layout_box.setToolTip(self.tr("PCA places every picture at once. t-SNE shows groups better but takes "
                                           "longer: with many pictures it places a random sample of them."))
        self.draw_button = QPushButton(self.tr("&Draw the map"))
        self.draw_button.clicked.connect(self.compute)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.runner.cancel)
        self.stop_button.setVisible(False)
        for label, widget in ((self.tr("Features:"), self.features_box), (self.tr("Layout:"), self.layout_box)):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addWidget(self.draw_button)
        controls.addWidget(self.stop_button)
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        controls.addWidget(self.progress_bar, 1)
        layout.addLayout(controls)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.plot = themed_plot(self.tr("Pictures by their features"), self.tr("first direction"),
                                self.tr("second direction"))
        self.plot.setMinimumSize(420, 360)
        backdrop = self.palette().color(self.backgroundRole())
        backdrop.setAlpha(200)
        self.plot.getPlotItem().legend.setBrush(pg.mkBrush(backdrop))  # readable over the points
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        splitter.addWidget(self.plot)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side.setFixedWidth(PREVIEW_SIZE + 140)
        self.preview_label = QLabel(self.tr("Point at a picture to see it here."))
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setFixedSize(PREVIEW_SIZE + 8, PREVIEW_SIZE + 8)  # the map never jumps while hovering
        self.preview_text = QLabel()
        self.preview_text.setWordWrap(True)
        side_layout.addWidget(self.preview_label)
        side_layout.addWidget(self.preview_text)
        self.suspects_title = QLabel(self.tr("Possibly in the wrong folder"))
        side_layout.addWidget(self.suspects_title)
        self.suspects_list = QListWidget()
        self.suspects_list.setWordWrap(True)
        self.suspects_list.setToolTip(self.tr("Click a picture to see it large. Nothing is moved: move a picture "
                                              "to its right folder yourself, then open the folder again."))
        self.suspects_list.itemClicked.connect(self._open_suspect)
        self.suspects_list.itemActivated.connect(self._open_suspect)
        side_layout.addWidget(self.suspects_list, 1)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.resize(980, 640)

    # -- computing ---------------------------------------------------------------------------------------------
    def show_and_draw(self) -> None:
        """Show the window; draw the map the first time (the features the Model tab has chosen)."""
        self.show()
        self.raise_()
        if self.result is None and not self.runner.running:
            index = self.features_box.findData(self.session.choice.features)
            self.features_box.setCurrentIndex(max(0, index))
            self.compute()

    @Slot()
    def compute(self) -> bool:
        dataset = self.session.dataset
        if dataset is None or len(dataset.class_names) < 2:
            self.status_label.setText(self.tr("Open a dataset with at least two classes first (Dataset tab)."))
            return False
        factory = map_step(dataset_snapshot(dataset), self.features_box.currentData(),
                           self.layout_box.currentData(), self.session.compute_device())
        if not self.runner.start(factory):
            return False
        self.status_label.setText(self.tr("Getting ready..."))
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(True)
        self.stop_button.setVisible(True)
        self.draw_button.setEnabled(False)
        return True

    @Slot(object)
    def _on_event(self, event) -> None:
        if isinstance(event, Phase):
            self.status_label.setText(event.message)
            self.progress_bar.setRange(0, 0)
        elif isinstance(event, Progress) and event.total > 0:
            self.progress_bar.setRange(0, event.total)
            self.progress_bar.setValue(event.done)
            left = progress_time_left(event)
            self.status_label.setText(event.message + (" - " + left if left else ""))

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        from desktop_app.gui.widgets import show_error

        self.status_label.setText(message)
        show_error(self, self.tr("Map of the pictures"), message, details)

    @Slot()
    def _on_done(self) -> None:
        self.progress_bar.setVisible(False)
        self.stop_button.setVisible(False)
        self.draw_button.setEnabled(True)

    @Slot(object)
    def _on_dataset_changed(self, _dataset) -> None:
        if self.result is not None:
            self.status_label.setText(self.tr("The pictures have changed since this map was drawn: draw it again."))

    # -- drawing -----------------------------------------------------------------------------------------------
    @Slot(object)
    def show_map(self, result) -> None:
        self.result = result
        search = result.search
        self._xy, self._rows = np.asarray(result.xy, np.float32), np.asarray(result.rows, np.int64)
        item = self.plot.getPlotItem()
        item.clear()
        self._class_items = []
        labels = search.labels[self._rows]
        n_classes = len(search.class_names)
        for label, name in enumerate(search.class_names):
            mask = labels == label
            scatter = pg.ScatterPlotItem(x=self._xy[mask, 0], y=self._xy[mask, 1], size=POINT_SIZE, pen=None,
                                         brush=pg.intColor(label, hues=max(n_classes, 1), alpha=200),
                                         name=display_text(name))
            item.addItem(scatter)
            self._class_items.append(scatter)
        placed = {int(row): i for i, row in enumerate(self._rows)}
        ringed = [placed[s.index] for s in search.suspects if s.index in placed]
        self.ring_item = pg.ScatterPlotItem(x=self._xy[ringed, 0], y=self._xy[ringed, 1], size=RING_SIZE,
                                            brush=None, pen=pg.mkPen("#d62728", width=2),
                                            name=self.tr("possibly in the wrong folder"))
        item.addItem(self.ring_item)
        item.autoRange()
        self._fill_suspects()
        self._say_what_is_shown()

    def point_count(self) -> int:
        """Points drawn for pictures (the rings of the suspects not counted)."""
        return sum(len(scatter.data) for scatter in self._class_items)

    def _fill_suspects(self) -> None:
        self.suspects_list.clear()
        found = self.result.suspects
        self.suspects_title.setText(self.tr("Possibly in the wrong folder ({n})").format(n=f"{len(found):,}"))
        for suspect in found:
            text = self.tr("{name}: in {folder}, looks like {suggested} (score {score:.2f})").format(
                name=display_text(Path(suspect.path).name), folder=display_text(suspect.folder_class),
                suggested=display_text(suspect.suggested_class), score=suspect.score)
            row = QListWidgetItem(text)
            row.setToolTip(display_text(suspect.path))
            row.setData(Qt.ItemDataRole.UserRole, suspect.index)
            self.suspects_list.addItem(row)
        if not found:
            self.suspects_list.addItem(self.tr("None: every picture's nearest neighbours are mostly of its own "
                                               "class."))

    def _say_what_is_shown(self) -> None:
        result = self.result
        total = len(result.search.paths)
        shown = pictures_text(total) if not result.sampled else self.tr("{n} of {total} chosen at random").format(
            n=pictures_text(len(result.rows)), total=f"{total:,}")
        self.status_label.setText(self.tr("{shown}; {suspects} possibly in the wrong folder (judged by each "
                                          "picture's {k} nearest neighbours). Nothing was moved.").format(
            shown=shown, suspects=f"{len(result.suspects):,}", k=result.search.neighbours))

    # -- pointing ----------------------------------------------------------------------------------------------
    def picture_at(self, scene_pos: QPointF) -> int | None:
        """The picture (index into the search's paths) drawn nearest to a scene position, within a few pixels."""
        if not len(self._xy):
            return None
        box = self.plot.getPlotItem().getViewBox()
        if not box.sceneBoundingRect().contains(scene_pos):
            return None
        point = box.mapSceneToView(scene_pos)
        pixel_w, pixel_h = box.viewPixelSize()
        if not pixel_w or not pixel_h:
            return None
        distance = ((self._xy[:, 0] - point.x()) / pixel_w) ** 2 + ((self._xy[:, 1] - point.y()) / pixel_h) ** 2
        nearest = int(np.argmin(distance))
        return int(self._rows[nearest]) if distance[nearest] <= HOVER_RADIUS_PX ** 2 else None

    def scene_position(self, index: int) -> QPointF:
        """Where picture ``index`` is drawn, in scene coordinates (for tests and the keyboard)."""
        row = int(np.flatnonzero(self._rows == index)[0])
        box = self.plot.getPlotItem().getViewBox()
        return box.mapViewToScene(QPointF(float(self._xy[row, 0]), float(self._xy[row, 1])))

    @Slot(object)
    def _on_mouse_moved(self, scene_pos) -> None:
        index = self.picture_at(scene_pos)
        if index is not None and index != self._hovered:
            self.preview(index)

    @Slot(object)
    def _on_mouse_clicked(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.picture_at(event.scenePos())
            if index is not None:
                self.open_picture(index)

    def describe(self, index: int) -> str:
        """The picture's path, folder and, for a suspect, the class its neighbours suggest (one line each)."""
        search = self.result.search
        lines = [display_text(search.paths[index]), self.tr("Folder: {name}").format(name=display_text(
            search.class_names[search.labels[index]]))]
        suspect = next((s for s in search.suspects if s.index == index), None)
        if suspect is not None:
            lines.append(self.tr("Its neighbours suggest: {name} (score {score:.2f})").format(
                name=display_text(suspect.suggested_class), score=suspect.score))
        return "\n".join(lines)

    def preview(self, index: int) -> None:
        self._hovered = index
        self.preview_text.setText(self.describe(index))
        self._show_preview()

    def _show_preview(self) -> None:
        path = self.result.search.paths[self._hovered]
        pixmap = self.thumbnails.pixmap(path)
        if pixmap is None:
            self.preview_label.setText(self.tr("Loading the picture..."))
        else:
            self.preview_label.setPixmap(pixmap)

    @Slot(str)
    def _on_thumbnail_ready(self, path: str) -> None:
        if self._hovered is not None and self.result is not None and self.result.search.paths[self._hovered] == path:
            self._show_preview()

    def open_picture(self, index: int) -> PictureViewer:
        if self.viewer is None:
            self.viewer = PictureViewer(self)
        self.viewer.show_picture(self.result.search.paths[index], self.describe(index))
        return self.viewer

    @Slot(QListWidgetItem)
    def _open_suspect(self, row: QListWidgetItem) -> None:
        index = row.data(Qt.ItemDataRole.UserRole)
        if index is not None:
            self.open_picture(int(index))
