"""Test pictures on the Evaluate tab: how one is captioned, the grid they are shown in, and the "Mistakes" page."""
from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QGroupBox, QSplitter, QVBoxLayout, QWidget

from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import probability_text
from desktop_app.gui.picture_viewer import ViewableThumbnailView
from desktop_app.gui.thumbnails import ThumbnailItem, ThumbnailModel

MAX_MISTAKES_SHOWN = 60


class EvaluatedPicture(NamedTuple):
    """One test picture as a thumbnail shows it (made only for the pictures shown)."""

    path: str
    true: int
    predicted: int
    confidence: float



def thumbnail_item(picture: EvaluatedPicture, class_names: list[str]) -> ThumbnailItem:
    """Caption "true -> predicted 87%" (cut at its end when narrow); the tooltip holds all of it."""
    true, predicted = display_text(class_names[picture.true]), display_text(class_names[picture.predicted])
    confidence = probability_text(picture.confidence)
    caption = f"{true} -> {predicted} {confidence}"
    tooltip = QCoreApplication.translate(
        "EvaluatePictures", "{caption}\n{path}\ntrue: {true}\npredicted: {predicted} ({confidence})").format(
        caption=caption, path=display_text(picture.path), true=true, predicted=predicted, confidence=confidence)
    return ThumbnailItem(picture.path, caption, tooltip)


class PictureGrid(ViewableThumbnailView):
    """Thumbnails whose captions are cut at the end ("sunflowers -> da..."), never in the middle: the start,
    the true class, is what tells the pictures apart; the tooltip and the large view say the rest."""

    def __init__(self, model: ThumbnailModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._base_grid = self.gridSize()

    def widen_for(self, captions: list[str], most: int = 260) -> None:
        """Cells wide enough for these captions whole (up to ``most`` pixels): short captions that must not be
        cut, such as a neighbour's class and distance."""
        needed = max((self.fontMetrics().horizontalAdvance(caption) for caption in captions), default=0) + 12
        self.setGridSize(QSize(min(most, max(self._base_grid.width(), needed)), self._base_grid.height()))


class MistakesPage(QWidget):
    """The most confident mistakes; the selected picture's panel (nearest training pictures) sits beside them."""

    def __init__(self, cache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.shown: dict[str, EvaluatedPicture] = {}  # the mistakes shown, by path
        self.mistakes_box = QGroupBox(self.tr("Most confident mistakes (the wrong answers it was surest of)"))
        box_layout = QVBoxLayout(self.mistakes_box)
        self.mistakes_model = ThumbnailModel(cache=cache, parent=self)
        self.mistakes_view = PictureGrid(self.mistakes_model)
        box_layout.addWidget(self.mistakes_view)
        self.splitter.addWidget(self.mistakes_box)
        layout.addWidget(self.splitter)

    def show_mistakes(self, evaluation) -> None:
        index = {name: i for i, name in enumerate(evaluation.class_names)}
        pictures = [EvaluatedPicture(m["path"], index[m["true"]], index[m["predicted"]], float(m["confidence"]))
                    for m in evaluation.mistakes[:MAX_MISTAKES_SHOWN] if m.get("path")]
        self.shown = {p.path: p for p in pictures}
        self.mistakes_model.set_items([thumbnail_item(p, evaluation.class_names) for p in pictures])
        self.mistakes_box.setTitle(
            self.tr("Most confident mistakes (the wrong answers it was surest of)") if evaluation.mistakes else
            self.tr("No mistakes on these test pictures."))
