"""Issue 18 item 3 (issue 17 failure 6) in the window: a probability of 0.996 never reads "100%" in the Predict
table, and an answer that reads at or above the "unsure" threshold is never marked unsure."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QStyleOptionViewItem  # noqa: E402

from desktop_app.core.modelfile.model_file import Prediction  # noqa: E402


class RecordingPainter(QPainter):
    """A painter that keeps every text drawn."""

    def __init__(self, device) -> None:
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args) -> None:  # noqa: N802 - Qt API
        self.texts.append(next(a for a in args if isinstance(a, str)))
        super().drawText(*args)


def _painted_texts(table, index) -> list[str]:
    image = QImage(400, 80, QImage.Format.Format_ARGB32)
    painter = RecordingPainter(image)
    option = QStyleOptionViewItem()
    option.rect = image.rect()
    option.widget = table
    try:
        table.itemDelegateForColumn(index.column()).paint(painter, option, index)
    finally:
        painter.end()
    return painter.texts


def test_predict_table_never_shows_100_percent_and_unsure_follows_what_it_reads(qtbot, window):
    predict = window.predict_tab
    model = predict.table_model
    sure = Prediction("/pictures/a.png", "cats", 0.996, [("cats", 0.996), ("dogs", 0.004)])
    borderline = Prediction("/pictures/b.png", "dogs", 0.926, [("dogs", 0.926), ("cats", 0.074)])
    model.add([sure, borderline])
    top = model.COLUMNS.index("top")
    verdict = model.COLUMNS.index("verdict")

    tooltip = model.data(model.index(0, top), Qt.ItemDataRole.ToolTipRole)
    assert "99.6%" in tooltip and "100" not in tooltip
    painted = _painted_texts(predict.table, model.index(0, top))
    assert painted and any("99.6%" in text for text in painted) and not any("100" in t for t in painted)
    viewer = predict.show_large(model.index(0, 0))
    assert "99.6%" in viewer.details_label.text() and "100" not in viewer.details_label.text()
    viewer.close()

    # the box shows 92.7 %; the answer reads 93 %: not unsure (it was, when 0.926 was compared with 0.927)
    predict.threshold_spin.setValue(92.7)
    assert any("93%" in text for text in _painted_texts(predict.table, model.index(1, top)))
    assert model.data(model.index(1, verdict)) == "dogs"
    assert model.data(model.index(1, verdict), Qt.ItemDataRole.FontRole).bold()
    # at 99.6 % the first answer (reading 99.6 %) is still sure; at 99.7 % it is unsure, and so is the second
    predict.threshold_spin.setValue(99.6)
    assert model.data(model.index(0, verdict)) == "cats"
    predict.threshold_spin.setValue(99.7)
    assert model.data(model.index(0, verdict)).startswith("unsure")
    assert model.data(model.index(1, verdict)).startswith("unsure")
