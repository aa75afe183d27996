"""The Train tab's result panel: what matters in sentences (the result, what was chosen and why), the numbers
behind it (every setting, the calibration, the selection rule) under "Details", and the Save buttons."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QStyle, QWidget

from desktop_app.core.classifiers import registry
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import (accuracy_text, accuracy_uncertainty_text, duration_text, setting_text,
                                            settings_phrase)
from desktop_app.gui.expander import Expander


class ResultPanel(QGroupBox):
    """Sentences about the model in use; the Train tab says when to show which."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Result"))
        layout = QGridLayout(self)
        self.result_label = QLabel(self.tr("Not trained yet."))
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = Expander(self.tr("Details"), self.details_label)
        self.details.button.toggled.connect(self._make_room)
        self.save_button = QPushButton(self.tr("Sa&ve model..."))
        self.save_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.save_button.setEnabled(False)
        self.save_plots_button = QPushButton(self.tr("Save &plots as PNG..."))
        # no inner scrolling: the sentences get the height they need (the plots above give way)
        layout.addWidget(self.result_label, 0, 0, 1, 2)
        layout.addWidget(self.details, 1, 0, 1, 2)
        layout.setRowStretch(2, 1)
        layout.addWidget(self.save_button, 3, 0)
        layout.addWidget(self.save_plots_button, 3, 1)
        self.set_text(self.tr("Not trained yet."))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._make_room()

    def _make_room(self, *_args) -> None:
        """At least the height the wrapped sentences (and open details) need at this width: the splitter above
        then takes the room from the plots, and nothing in here is cut or scrolls."""
        if self.width() <= 0:
            return
        needed = self.heightForWidth(self.width())
        needed = needed if needed > 0 else self.sizeHint().height()
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def set_text(self, text: str) -> None:
        """A plain state ("Training...", "Stopped before the end. ..."): no details."""
        self.result_label.setText(text)
        self.set_details([])  # makes room

    def set_details(self, lines: list[str]) -> None:
        self.details_label.setText("\n".join(lines))
        self.details.set_expanded(False)
        self.details.setEnabled(bool(lines))
        self._make_room()

    def show_model(self, model, chosen_reason: str = "") -> None:
        """The result of a model trained on the pictures shown; ``chosen_reason`` says how its settings were chosen
        (the run's ``HyperparametersChosen``; empty when not known)."""
        info = getattr(model, "training_info", {}) or {}
        metrics = getattr(model, "metrics", {}) or {}
        hyper = getattr(model, "hyperparameters", None) or {}
        sentences = [self.accuracy_sentence(metrics, info)]
        val = metrics.get("val_accuracy")
        sentences.append(self.tr("{title}: {value}.").format(
            title=registry.held_out_title(metrics),
            value=share_text(val) if isinstance(val, (int, float)) else self.tr("not measured")))
        spec = registry.registered(getattr(model, "classifier_name", ""))
        searched = {key: hyper[key] for key in (spec.searched if spec else ()) if key in hyper}
        if searched and info.get("auto_tune", True):
            sentences.append(self.tr("It uses {settings}, chosen because they did as well as any setting tried "
                                            "on pictures held out from training.").format(
                settings=settings_phrase(searched)))
        elif searched:
            sentences.append(self.tr("It uses your settings: {settings}.").format(settings=settings_phrase(searched)))
        if isinstance(info.get("seconds"), (int, float)):
            sentences.append(self.tr("Trained in {time} on {device}.").format(
                time=duration_text(info["seconds"]), device=info.get("device", "?")))
        self.result_label.setText("\n".join(sentences))
        details = []
        if chosen_reason:
            details.append(self.tr("How the settings were chosen: {reason}").format(reason=chosen_reason))
        if hyper:
            # one setting a line (a long list in one line was cut off in a narrow window), as the CLI writes them
            details.append(self.tr("Settings:"))
            details += ["  " + setting_text(key, value) for key, value in hyper.items()]
        self.set_details(details)

    def accuracy_sentence(self, metrics: dict, info: dict) -> str:
        """How well the model did on its test pictures, in one sentence."""
        test = metrics.get("test_accuracy")
        if not isinstance(test, (int, float)):
            return self.tr("Test accuracy: no test pictures, so how well it does on new pictures is not known.")
        n_test = (info.get("counts") or {}).get("test")
        if not isinstance(n_test, int):
            return self.tr("Test accuracy: {value}.").format(value=share_text(test))
        sentence = accuracy_text(test, n_test, metrics.get("test_copies")) + "."
        wide = accuracy_uncertainty_text(test, n_test)  # "" when the range is narrow
        return f"{sentence} {wide}" if wide else sentence
