"""The Predict tab's plain words about its answers: what the "unsure" setting buys on this model, with one click
to answer every picture, and the suggestion of a "none of these" class once pictures unlike the training ones
come."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core.output.percent import share_text, threshold_text
from desktop_app.core.unsure_facts import unsure_facts
from desktop_app.gui.session_signals import SessionSignals

NONE_OF_THESE = "none of these"


class UnsureSentence(QWidget):
    """One sentence on what the session's "unsure" threshold buys, and "Answer every picture" (threshold off;
    the same button then puts the model's own threshold back)."""

    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = signals.session
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self._toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        signals.model_changed.connect(self.refresh)
        signals.threshold_changed.connect(self.refresh)
        self.refresh()

    @property
    def answers_everything(self) -> bool:
        return self.session.unsure_threshold <= 0.0

    @Slot()
    def refresh(self, *_args) -> None:
        model = self.session.model
        self.setVisible(model is not None)
        if model is None:
            return
        own = float(model.unsure_threshold)
        self.label.setText(self.sentence())
        if self.answers_everything:
            self.button.setText(self.tr("Mark unsure answers again (below {threshold})").format(
                threshold=threshold_text(own if own > 0 else 0.5)))
        else:
            self.button.setText(self.tr("&Answer every picture"))
        self.button.setToolTip(self.tr("Answer every picture with the most likely class, however unsure, or "
                                       "go back to the model's own setting."))

    def sentence(self) -> str:
        model = self.session.model
        threshold = self.session.unsure_threshold
        facts = unsure_facts(self.session.evaluation, model.metrics, threshold, model.unsure_threshold)
        where = (self.tr("on the {n} test pictures") if facts.on_test
                 else self.tr("on the {n} pictures set aside to check it")).format(n=f"{facts.pictures:,}")
        if facts.pictures == 0:
            if self.answers_everything:
                return self.tr("Every picture gets an answer; there were no test pictures to say how often "
                               "they are right.")
            return self.tr("Answers below {threshold} are marked unsure; there were no test pictures to say "
                           "what that buys.").format(threshold=threshold_text(threshold))
        if self.answers_everything:
            return self.tr("Every picture gets an answer: {accuracy} of them were right {where}.").format(
                accuracy=share_text(facts.accuracy or 0.0, 0), where=where)
        if facts.accuracy is None:
            return self.tr("No answer reached {threshold} {where}: nearly every picture will be marked "
                           "unsure.").format(threshold=threshold_text(threshold), where=where)
        return self.tr("Answers at or above {threshold} were right {accuracy} of the time {where}; {below} of "
                       "pictures fall below and are marked unsure.").format(
            threshold=threshold_text(threshold), accuracy=share_text(facts.accuracy, 0), where=where,
            below=share_text(1.0 - facts.answered, 0))

    @Slot()
    def _toggle(self) -> None:
        model = self.session.model
        if model is None:
            return
        if self.answers_everything:
            own = float(model.unsure_threshold)
            self.session.set_threshold(own if own > 0 else 0.5)
        else:
            self.session.set_threshold(0.0)


class NoneOfTheseHint(QLabel):
    """Shown once a picture unlike the training pictures is among the answers: suggests a class for them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setText(self.tr("Some pictures are not like any of the training pictures: if such pictures will "
                             "come again, add a class folder named \"{name}\" with pictures like them and train "
                             "again.").format(name=NONE_OF_THESE))
        self.setVisible(False)

    def show_for(self, predictions: Sequence) -> None:
        self.setVisible(any(getattr(p, "unlike_training", None) for p in predictions))
