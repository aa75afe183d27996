"""How pictures reach the Predict tab: dropped (files, folders or a picture), chosen in a dialog, or pasted; each
queued for prediction in the order they came. Mixed into ``PredictTab``, whose runner, model and widgets it uses."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop_app.core.events import Phase
from desktop_app.gui import settings

IMAGE_FILE_FILTER = QT_TRANSLATE_NOOP("FileFilters",
                                      "Pictures (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;All files (*)")


def _qimage_to_pil(image: QImage):
    from PIL import Image

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = rgb.width(), rgb.height()
    stride = rgb.bytesPerLine()
    buffer = bytes(rgb.constBits())[: stride * height]
    return Image.frombuffer("RGB", (width, height), buffer, "raw", "RGB", stride, 1).copy()


class PredictionInput:
    """Needs from the tab: model, session, thumbnails, runner, progress_label, _queue, _pasted, _start(),
    _start_next()."""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self.model is not None and (event.mimeData().hasUrls() or event.mimeData().hasImage()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        mime = event.mimeData()
        paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if paths:
            self.predict_paths(paths)
            event.acceptProposedAction()
        elif mime.hasImage():
            self.predict_image(QImage(mime.imageData()))
            event.acceptProposedAction()
        else:
            event.ignore()

    @Slot()
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose pictures"), settings.last_folder("predict"),
                                                QCoreApplication.translate("FileFilters", IMAGE_FILE_FILTER))
        if files:
            settings.remember_folder("predict", files[0])
            self.predict_paths(files)

    @Slot()
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of pictures"),
                                                  settings.last_folder("predict"))
        if folder:
            settings.remember_folder("predict", folder)
            self.predict_paths([folder])

    @Slot()
    def paste_image(self) -> bool:
        image = QApplication.clipboard().image()
        if image.isNull():
            files = [url.toLocalFile() for url in QApplication.clipboard().mimeData().urls() if url.isLocalFile()]
            if files:
                return self.predict_paths(files)
            self.progress_label.setText(self.tr("The clipboard holds no picture. Copy a picture first."))
            return False
        return self.predict_image(image)

    def predict_paths(self, paths: Sequence[str | Path]) -> bool:
        """Queue files and folders for prediction; they are processed in the background in order."""
        if self.model is None:
            return False
        self._queue.extend(str(p) for p in paths)
        self._start_next()
        return True

    def predict_image(self, image: QImage) -> bool:
        if self.model is None or image.isNull():
            return False
        self._pasted += 1
        name = self.tr("pasted picture {n}").format(n=self._pasted)
        self.thumbnails.put(name, image)
        picture = _qimage_to_pil(image)
        model, device = self.model, self.session.compute_device()

        def step(cancel):
            yield Phase("predict", QCoreApplication.translate("PredictTab", "Looking at the pasted picture"))
            return model.predict_images([picture], names=[name], device=device)

        if self.runner.running:
            self._queue.append(("image", step))  # type: ignore[arg-type]
            return True
        return self._start(step)
