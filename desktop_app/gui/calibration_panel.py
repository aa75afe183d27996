"""How far the percentages can be trusted: the reliability diagram and the answered-vs-right trade.

Everything shown is computed in ``core.reliability``; this panel only draws it and moves a threshold.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from desktop_app.core.classifiers import reliability
from desktop_app.core.output.percent import share_text, threshold_text
from desktop_app.gui.plots import themed_plot

SLIDER_STEPS = 1000  # tenths of a percent: the slider shows the same value as the Predict tab's box


class CalibrationPanel(QGroupBox):
    """Reliability diagram (left) and the "unsure" threshold with what it means (right)."""

    threshold_moved = Signal(float)  # the user moved the slider (0..1)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Can you trust the percentages?"), parent)
        self.confidence = np.zeros(0)
        self.correct = np.zeros(0, dtype=bool)
        self.model_threshold: float | None = None
        layout = QHBoxLayout(self)
        self.plot = themed_plot(self.tr("Reliability"), self.tr("confidence given"), self.tr("share right"))
        self.plot.setXRange(0, 1, padding=0.02)
        self.plot.setYRange(0, 1, padding=0.02)
        self.plot.plot([0, 1], [0, 1], pen=pg.mkPen("#7f7f7f", width=1, style=Qt.PenStyle.DashLine),
                       name=self.tr("perfectly honest"))
        self.bars = pg.BarGraphItem(x=[], height=[], width=1.0 / reliability.N_BINS * 0.85,
                                    brush=QColor(31, 119, 180, 170), pen=None)
        self.plot.addItem(self.bars)
        layout.addWidget(self.plot, 3)

        right = QVBoxLayout()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        right.addWidget(self.explanation)
        self.threshold_title = QLabel(self.tr("Mark as \"unsure\" below:"))
        right.addWidget(self.threshold_title)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setToolTip(self.tr("Answers with a lower confidence are marked \"unsure\". Move it to see how "
                                       "many pictures get an answer and how often those answers are right."))
        self.slider.valueChanged.connect(self._on_threshold_changed)
        self.threshold_title.setBuddy(self.slider)
        right.addWidget(self.slider)
        self.tradeoff_label = QLabel()
        self.tradeoff_label.setWordWrap(True)
        right.addWidget(self.tradeoff_label)
        right.addStretch(1)
        layout.addLayout(right, 2)

    def set_data(self, confidence, correct, model_threshold: float | None, threshold: float | None = None) -> None:
        """Confidence and correctness of each test picture; the model's own "unsure" threshold if it has one, and
        the threshold in use (the model's when not given)."""
        self.confidence = np.asarray(confidence, dtype=np.float64)
        self.correct = np.asarray(correct, dtype=bool)
        self.model_threshold = model_threshold
        table = reliability.reliability_table(self.confidence, self.correct)
        filled = [b for b in table if b.count]
        self.bars.setOpts(x=[(b.low + b.high) / 2 for b in filled], height=[b.accuracy for b in filled])
        ece = reliability.expected_calibration_error(self.confidence, self.correct)
        self.explanation.setText(self.tr(
            "Each bar shows how often the answers given with that confidence were right; on the dashed line, "
            "\"80 %\" means right 8 times in 10. Here the percentages are off by {gap:.1f} points on average."
        ).format(gap=ece * 100))
        if threshold is None:
            threshold = model_threshold if model_threshold is not None else reliability.DEFAULT_UNSURE_THRESHOLD
        self.set_threshold(threshold)

    def set_threshold(self, threshold: float) -> None:
        """Show the threshold in use (moved elsewhere, e.g. on the Predict tab) without announcing it back."""
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(threshold * SLIDER_STEPS)))
        self.slider.blockSignals(False)
        self._show_tradeoff(threshold)

    @property
    def threshold(self) -> float:
        return self.slider.value() / SLIDER_STEPS

    @Slot(int)
    def _on_threshold_changed(self, steps: int) -> None:
        self._show_tradeoff(steps / SLIDER_STEPS)
        self.threshold_moved.emit(steps / SLIDER_STEPS)

    def _show_tradeoff(self, threshold: float) -> None:
        answered, right = reliability.answered_at(self.confidence, self.correct, threshold)
        if right is None:
            text = self.tr("At {t} it answers none of the test pictures: every answer is \"unsure\".").format(
                t=threshold_text(threshold))
        else:
            text = self.tr("At this setting ({t}) it answers {a} of the pictures, and {r} of those "
                           "answers are right.").format(t=threshold_text(threshold), a=share_text(answered, 0),
                                                        r=share_text(right, 0))
        if self.model_threshold is not None:
            text += " " + self.tr("The model's own setting, chosen on validation pictures, is {m}.").format(
                m=threshold_text(self.model_threshold))
        self.tradeoff_label.setText(text)
