"""The templates view: what each class of the model looks for (the lecture's "visual viewpoint").

A linear model on pixel features: each class's row of W as a picture (core/templates.py). On pretrained
features W has no picture form: the training pictures that score highest for each class instead (worked out on
the worker, from the dataset the model was trained on). A kNN model has no templates, and says so. Either view
is exported as one PNG.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QFileDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from desktop_app.core.output.translation import translate as core_text  # the registry's words
from desktop_app.core.analysis import templates as core_templates
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.events import Phase
from desktop_app.core.analysis.explain import number_text
from desktop_app.core.output.names import display_text
from desktop_app.gui import settings
from desktop_app.gui.background_dialog import BackgroundDialog
from desktop_app.gui.thumbnails import ThumbnailCache

TILE = 96  # pixels a template or picture is shown at
PER_CLASS = 5  # highest-scoring pictures shown per class


class TemplatesView(BackgroundDialog):
    def __init__(self, signals, parent: QWidget | None = None) -> None:
        super().__init__(signals, parent)
        self.setWindowTitle(self.tr("Templates: what each class looks for"))
        self.templates: core_templates.Templates | None = None  # pixel features
        self.top_pictures: list | None = None  # pretrained features: [class][ScoredPicture]
        self._labels: dict[str, list[QLabel]] = {}  # picture path -> the labels showing it
        self.tiles: list[QLabel] = []  # every template or picture shown
        self.shown_model = None  # the model the view is about
        self.cache = ThumbnailCache(TILE, self)
        self.cache.ready.connect(self._on_thumbnail)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.done.connect(self._show_again)
        self._again = False  # asked for while the last job was still ending
        layout = QVBoxLayout(self)
        self.explanation_label = QLabel()
        self.explanation_label.setWordWrap(True)
        layout.addWidget(self.explanation_label)
        self.grid_page = QWidget()
        self.grid = QGridLayout(self.grid_page)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_page)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("&Export PNG..."))
        self.export_button.clicked.connect(self.choose_png_path)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.export_button)
        layout.addLayout(row)

    # -- showing -----------------------------------------------------------------------------------------------
    def show_model(self) -> None:
        """What the session's model has: templates, highest-scoring pictures, or (kNN) a plain word."""
        if self.runner.running:  # the last job (an export, or scoring stopped by closing) ends first; then this
            self._again = True
            return
        model = self.shown_model = self.session.model
        self.templates, self.top_pictures = None, None
        self._clear_grid()
        self.export_button.setEnabled(False)
        self.status_label.setText("")
        if model is None:
            self.explanation_label.setText(self.tr("There is no model yet. Train one on the Train tab."))
            return
        spec = registry.get(model.classifier_name)
        if core_templates.has_templates(model):
            self.templates = core_templates.templates(model)
            self.explanation_label.setText(self.tr(
                "Each class's row of the weights W shown as a picture of {size} x {size} pixels: the weight the "
                "model gives each pixel's red, green and blue value (the standardisation undone, so it is the "
                "weight on the picture itself), stretched from black to white for each class on its own. Bright: "
                "pixels that raise the class's score; dark: pixels that lower it.").format(
                size=model.feature_settings.image_size))
            for index, (name, image) in enumerate(zip(self.templates.class_names, self.templates.images)):
                self._add_tile(*divmod(index, core_templates.TEMPLATES_PER_ROW), _pixmap(image), display_text(name))
            self.export_button.setEnabled(True)
        elif core_templates.has_top_pictures(model):
            self.explanation_label.setText(self.tr(
                "On pretrained features the weights W work on the network's 1,280 numbers, not on pixels, so "
                "they have no picture form. Shown instead: for each class, the training pictures the model "
                "scores highest for it (their own class in brackets)."))
            self._find_top_pictures(model)
        else:
            self.explanation_label.setText(self.tr(
                "The {classifier} has no templates: it learns no weights, it keeps its training pictures and "
                "compares each new picture with them. \"Why?\" on the Predict or Evaluate tab shows the training "
                "pictures that voted.").format(classifier=core_text(spec.title)))

    @Slot(object, object)
    def on_model_changed(self, model, evaluation) -> None:
        if self.isVisible():  # an open view shows the model now in use
            self.show_model()

    @Slot()
    def _show_again(self) -> None:
        if self._again:
            self._again = False
            self.show_model()

    def _find_top_pictures(self, model) -> None:
        session = self.session
        if not session.model_fits_dataset or session.dataset is None:
            self.status_label.setText(self.tr("Open the folder this model was trained on (Dataset tab) and train "
                                              "again to see its highest-scoring training pictures."))
            return
        from desktop_app.session import dataset_snapshot

        dataset, split, device = dataset_snapshot(session.dataset), session.split, session.compute_device()
        self.status_label.setText(self.tr("Scoring the training pictures..."))

        def step(cancel):
            from desktop_app.core.data.splitting import split_for_training

            yield Phase("templates", QCoreApplication.translate("TemplatesView", "Scoring the training pictures"))
            shared = split_for_training(dataset, split.val_fraction, split.test_fraction, split.seed)
            samples = [s for s in shared.samples if s.split != "test"]
            found = yield from core_templates.top_scoring_pictures(
                model, [str(s.path) for s in samples], [s.digest for s in samples], PER_CLASS, device, cancel)
            return model, found

        self.runner.start(step)

    @Slot(object)
    def _on_finished(self, result) -> None:
        if isinstance(result, Path):  # an export
            self.status_label.setText(self.tr("Saved {path}").format(path=display_text(result)))
            return
        model, found = result
        if model is not self.shown_model:
            return
        self.top_pictures = found
        self.status_label.setText("")
        for row, (name, pictures) in enumerate(zip(model.class_names, found)):
            title = QLabel(display_text(name))
            self.grid.addWidget(title, row, 0)
            for column, picture in enumerate(pictures, start=1):
                label = self._add_tile(row, column, self.cache.pixmap(picture.path) or self.cache.placeholder,
                                       f"{number_text(picture.score)} ({display_text(picture.class_name)})")
                label.setToolTip(display_text(picture.path))
                self._labels.setdefault(picture.path, []).append(label)
        self.export_button.setEnabled(any(found))

    @Slot(str, str)
    def _on_failed(self, message: str, _details: str) -> None:
        self.status_label.setText(message)

    def _add_tile(self, row: int, column: int, pixmap: QPixmap, caption: str) -> QLabel:
        tile = QWidget()
        tile_layout = QVBoxLayout(tile)
        tile_layout.setSpacing(2)
        picture = QLabel()
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setPixmap(pixmap.scaled(TILE, TILE, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.FastTransformation))
        text = QLabel(caption)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        tile_layout.addWidget(picture)
        tile_layout.addWidget(text)
        self.grid.addWidget(tile, row, column)
        self.tiles.append(picture)
        return picture

    def _clear_grid(self) -> None:
        self._labels, self.tiles = {}, []
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    @Slot(str)
    def _on_thumbnail(self, path: str) -> None:
        pixmap = self.cache.pixmap(path)
        for label in self._labels.get(path, []):
            if pixmap is not None:
                label.setPixmap(pixmap)

    # -- export ------------------------------------------------------------------------------------------------
    @Slot()
    def choose_png_path(self) -> None:
        start = Path(settings.last_folder("export")) / "templates.png"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the templates"), str(start),
                                              self.tr("PNG pictures (*.png)"))
        if path:
            self.export_png(path)

    def export_png(self, path: str | Path) -> bool:
        """The view as one PNG (written atomically); the pictures are read on the worker."""
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        model = self.shown_model
        title = model.describe() if model is not None else ""
        if self.templates is not None:
            rows = core_templates.template_rows(self.templates)
        elif self.top_pictures is not None and model is not None:
            rows = [(name, [(number_text(p.score), p.path) for p in pictures])
                    for name, pictures in zip(model.class_names, self.top_pictures)]
        else:
            return False
        size = model.feature_settings.image_size
        dataset = self.session.dataset
        folders = [folder for folder in (model.training_info.get("data_dir"), model.training_info.get("test_dir"),
                                         dataset.root if dataset is not None else None) if folder]

        def step(cancel):
            from desktop_app.core.data.images import load_rgb

            yield Phase("export", QCoreApplication.translate("TemplatesView", "Writing the PNG"))
            loaded = [(name, [(caption, load_rgb(picture, min_size=size) if isinstance(picture, str) else picture)
                              for caption, picture in tiles]) for name, tiles in rows]
            try:
                return core_templates.write_sheet_png(loaded, path, title, folders)
            except OSError as exc:
                raise UserError(QCoreApplication.translate("TemplatesView", "The PNG could not be written: {error}.")
                                .format(error=exc.strerror or exc)) from exc

        if not self.runner.start(step):
            return False
        settings.remember_folder("export", path)
        self.status_label.setText(self.tr("Writing {path}...").format(path=display_text(path)))
        return True


def _pixmap(image) -> QPixmap:
    """A uint8 [h, w, 3] array as a pixmap."""
    height, width = image.shape[:2]
    data = image.copy(order="C").tobytes()
    return QPixmap.fromImage(QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888).copy())


def add_templates_button(widget: QWidget, signals) -> QPushButton:
    """A "Templates..." button that opens the window's templates view for the session's model."""
    button = QPushButton(QCoreApplication.translate("TemplatesView", "&Templates..."))
    button.setToolTip(QCoreApplication.translate(
        "TemplatesView", "What each class looks for: its weights as a picture (pixel features), or the "
        "training pictures it scores highest."))
    button.setEnabled(signals.session.model is not None)

    signals.model_changed.connect(lambda model, _evaluation: button.setEnabled(model is not None))

    def open_view() -> None:
        view = TemplatesView.for_window(widget, signals)
        view.show_model()
        view.bring_up()

    button.clicked.connect(open_view)
    return button
