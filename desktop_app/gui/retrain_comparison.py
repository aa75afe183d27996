"""One line on the Evaluate tab after "Retrain with N new pictures": the accuracy before and after, on the same
test pictures (the core measures the model before on the new model's test pictures)."""
from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.core.data.corrections import BEFORE_RETRAINING
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import pictures_text
from desktop_app.gui.session_signals import SessionSignals


class RetrainComparison(QLabel):
    def __init__(self, signals: SessionSignals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        signals.model_changed.connect(self._on_model_changed)
        self._on_model_changed(signals.session.model, None)

    @Slot(object, object)
    def _on_model_changed(self, model, _evaluation) -> None:
        facts = (getattr(model, "metrics", None) or {}).get(BEFORE_RETRAINING) if model is not None else None
        if not facts or facts.get("accuracy") is None or facts.get("after") is None:
            self.setText("")
            self.setVisible(False)
            return
        self.setText(self.tr("After retraining with {added}: accuracy on the same {tested}: {before} before, "
                             "{after} after.").format(added=pictures_text(int(facts.get("added", 0)), "new"),
                                                      tested=pictures_text(int(facts["test_pictures"]), "test"),
                                                      before=share_text(facts["accuracy"]),
                                                      after=share_text(facts["after"])))
        self.setVisible(True)
