"""Model tab: which classifier, which features, and its settings (chosen automatically by default)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox,
                               QLabel, QRadioButton, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from desktop_app.core.registry import CLASSIFIER_NAMES as CLASSIFIERS
from desktop_app.core.registry import FEATURE_KINDS
from desktop_app.gui import settings
from desktop_app.gui.readable_text import SecondaryLabel
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.widgets import HintLabel, PrerequisiteGate
from desktop_app.session import ClassifierChoice


class _ScientificSpinBox(QDoubleSpinBox):
    """Learning rates and regularisation strengths span many powers of ten: step by factors of ten."""

    def __init__(self, minimum: float, maximum: float, value: float) -> None:
        super().__init__()
        self.setDecimals(8)
        self.setRange(minimum, maximum)
        self.setValue(value)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt API
        return f"{value:g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt API
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        from PySide6.QtGui import QValidator

        try:
            float(text)
            return QValidator.State.Acceptable, text, pos
        except ValueError:
            return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt API
        value = self.value() or self.minimum() or 1e-6
        self.setValue(value * (10.0 ** steps))


def describe_choice(choice: ClassifierChoice) -> str:
    """One line for the Train tab, e.g. "softmax, raw pixels, settings chosen automatically"."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("ModelTab", text)

    names = {"knn": tr("k-nearest neighbours"), "svm": tr("linear SVM"), "softmax": tr("softmax")}
    kinds = {"pretrained": tr("pretrained-network features"), "pixels": tr("raw pixels")}
    how = tr("settings chosen automatically") if choice.auto_tune else tr("your settings")
    return f"{names[choice.classifier]}, {kinds[choice.features]}, {how}"


class ModelTab(QWidget):
    """Writes the session's classifier choice and settings."""

    go_to_dataset = Signal()

    def __init__(self, signals: SessionSignals | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signals = signals if signals is not None else SessionSignals(parent=self)
        self.session = self.signals.session
        content = QWidget()
        self._build(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.gate = PrerequisiteGate(content)
        self.gate.go_requested.connect(self.go_to_dataset)
        outer.addWidget(self.gate)
        self._restore()
        self._changed()
        self.signals.dataset_changed.connect(self._on_dataset_changed)
        self.set_dataset_ready(False)

    def _build(self, content: QWidget) -> None:
        layout = QVBoxLayout(content)
        self.hint = HintLabel(self.tr("Pick a classifier and the kind of features, then go to the Train tab. "
                                      "The defaults work well."))
        layout.addWidget(self.hint)

        classifier_box = QGroupBox(self.tr("Classifier"))
        classifier_layout = QVBoxLayout(classifier_box)
        self.classifier_group = QButtonGroup(self)
        explanations = {
            "knn": (self.tr("&k-nearest neighbours (kNN)"),
                    self.tr("Finds the most similar training pictures and lets them vote.\n"
                            "Nothing to learn, so training is instant; predicting gets slower with more pictures.")),
            "svm": (self.tr("Linear &SVM"),
                    self.tr("Learns one score per class from the features and picks the highest.\n"
                            "Trained to keep the right class ahead of the others by a safety margin.")),
            "softmax": (self.tr("Soft&max (linear, with probabilities)"),
                        self.tr("Also learns one score per class, turned into probabilities.\n"
                                "Its confidences are the most meaningful of the three; a good first choice.")),
        }
        self.classifier_buttons: dict[str, QRadioButton] = {}
        for index, name in enumerate(CLASSIFIERS):
            title, text = explanations[name]
            button = QRadioButton(title)
            button.setToolTip(text)
            self.classifier_group.addButton(button, index)
            self.classifier_buttons[name] = button
            classifier_layout.addWidget(button)
            explanation = SecondaryLabel(text)
            explanation.setIndent(24)
            classifier_layout.addWidget(explanation)
        self.classifier_group.idToggled.connect(self._on_classifier_toggled)
        layout.addWidget(classifier_box)

        features_box = QGroupBox(self.tr("Features (what the classifier looks at)"))
        features_layout = QVBoxLayout(features_box)
        self.features_group = QButtonGroup(self)
        self.feature_buttons: dict[str, QRadioButton] = {}
        for index, (kind, title, text) in enumerate((
            ("pretrained", self.tr("&Pretrained network (recommended for photos)"),
             self.tr("A network trained on a million photos describes each picture with 1,280 numbers.")),
            ("pixels", self.tr("&Raw pixels (as in the lecture)"),
             self.tr("The picture shrunk to 32 x 32 and its colour values used directly. Fast, but weak on "
                     "photos.")),
        )):
            button = QRadioButton(title)
            button.setToolTip(text)
            self.features_group.addButton(button, index)
            self.feature_buttons[kind] = button
            features_layout.addWidget(button)
            explanation = SecondaryLabel(text)
            explanation.setIndent(24)
            features_layout.addWidget(explanation)
        self.features_group.idToggled.connect(lambda *_: self._changed())
        layout.addWidget(features_box)

        settings_box = QGroupBox(self.tr("Settings"))
        settings_layout = QVBoxLayout(settings_box)
        self.auto_check = QCheckBox(self.tr("Choose &automatically (recommended)"))
        self.auto_check.setToolTip(self.tr("kNN: tries several k and distances with 5-fold cross-validation.\n"
                                           "SVM / softmax: tries learning rates and regularisation strengths on "
                                           "the validation pictures."))
        self.auto_check.toggled.connect(self._on_auto_toggled)
        settings_layout.addWidget(self.auto_check)
        self.parameter_stack = QStackedWidget()

        knn_page = QWidget()
        knn_form = QFormLayout(knn_page)
        self.k_spin = QSpinBox()
        self.k_spin.setRange(1, 100)
        self.k_spin.setValue(5)
        self.k_spin.setToolTip(self.tr("How many of the most similar training pictures vote (1-100)."))
        self.distance_combo = QComboBox()
        for key, text in (("l2", self.tr("L2 (straight-line)")), ("l1", self.tr("L1 (sum of differences)")),
                          ("cosine", self.tr("Cosine (angle)"))):
            self.distance_combo.addItem(text, key)
        self.distance_combo.setToolTip(self.tr("How the difference between two pictures is measured."))
        self.weighting_combo = QComboBox()
        self.weighting_combo.addItem(self.tr("Each neighbour one vote"), "majority")
        self.weighting_combo.addItem(self.tr("Closer neighbours count more"), "distance")
        self.weighting_combo.setToolTip(self.tr("How the neighbours' votes are counted. Always applies."))
        knn_form.addRow(self.tr("k (&neighbours):"), self.k_spin)
        knn_form.addRow(self.tr("&Distance:"), self.distance_combo)
        knn_form.addRow(self.tr("&Votes:"), self.weighting_combo)
        self.parameter_stack.addWidget(knn_page)

        linear_page = QWidget()
        linear_form = QFormLayout(linear_page)
        self.learning_rate_spin = _ScientificSpinBox(1e-6, 10.0, 1e-3)
        self.learning_rate_spin.setToolTip(self.tr("Step size of each update (0.000001-10). Too large: the loss "
                                                   "jumps around; too small: it learns slowly."))
        self.regularization_spin = _ScientificSpinBox(0.0, 10.0, 1e-3)
        self.regularization_spin.setToolTip(self.tr("Keeps the weights small so the model does not memorise the "
                                                    "training pictures (0-10)."))
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 1000)
        self.epochs_spin.setValue(60)
        self.epochs_spin.setToolTip(self.tr("Passes over the training pictures (1-1000); training stops early "
                                            "when the validation accuracy stops improving."))
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, 4096)
        self.batch_spin.setValue(256)
        self.batch_spin.setToolTip(self.tr("Pictures per update step (1-4096)."))
        self.rate_label = QLabel(self.tr("&Learning rate:"))
        self.rate_label.setBuddy(self.learning_rate_spin)
        self.reg_label = QLabel(self.tr("Re&gularisation:"))
        self.reg_label.setBuddy(self.regularization_spin)
        linear_form.addRow(self.rate_label, self.learning_rate_spin)
        linear_form.addRow(self.reg_label, self.regularization_spin)
        linear_form.addRow(self.tr("&Epochs:"), self.epochs_spin)
        linear_form.addRow(self.tr("&Batch size:"), self.batch_spin)
        self.parameter_stack.addWidget(linear_page)
        settings_layout.addWidget(self.parameter_stack)
        layout.addWidget(settings_box)
        layout.addStretch(1)

        for widget in (self.k_spin, self.epochs_spin, self.batch_spin):
            widget.valueChanged.connect(self._changed)
        for widget in (self.learning_rate_spin, self.regularization_spin):
            widget.valueChanged.connect(self._changed)
        for widget in (self.distance_combo, self.weighting_combo):
            widget.currentIndexChanged.connect(self._changed)

    # -- public ------------------------------------------------------------------------------------------------
    @property
    def classifier(self) -> str:
        return CLASSIFIERS[max(0, self.classifier_group.checkedId())]

    @property
    def features(self) -> str:
        return FEATURE_KINDS[max(0, self.features_group.checkedId())]

    @property
    def auto_tune(self) -> bool:
        return self.auto_check.isChecked()

    def set_choice(self, classifier: str | None = None, features: str | None = None,
                   auto_tune: bool | None = None) -> None:
        if classifier is not None:
            self.classifier_buttons[classifier].setChecked(True)
        if features is not None:
            self.feature_buttons[features].setChecked(True)
        if auto_tune is not None:
            self.auto_check.setChecked(auto_tune)

    def hyperparameters(self) -> dict[str, Any]:
        """The settings that apply; with automatic choice the searched ones are left to the search."""
        if self.classifier == "knn":
            values: dict[str, Any] = {"weighting": self.weighting_combo.currentData()}
            if not self.auto_tune:
                values.update(k=self.k_spin.value(), distance=self.distance_combo.currentData())
            return values
        values = {"epochs": self.epochs_spin.value(), "batch_size": self.batch_spin.value()}
        if not self.auto_tune:
            values.update(learning_rate=self.learning_rate_spin.value(),
                          regularization=self.regularization_spin.value())
        return values

    def summary(self) -> str:
        return describe_choice(self.session.choice)

    @Slot(object)
    def _on_dataset_changed(self, dataset) -> None:
        self.set_dataset_ready(dataset is not None)

    def set_dataset_ready(self, ready: bool) -> None:
        if ready:
            self.gate.set_ready()
        else:
            self.gate.set_missing(self.tr("First choose the pictures to learn from on the Dataset tab."),
                                  self.tr("Go to the Dataset tab"))

    # -- internals ---------------------------------------------------------------------------------------------
    @Slot(int, bool)
    def _on_classifier_toggled(self, index: int, checked: bool) -> None:
        if checked:
            self.parameter_stack.setCurrentIndex(0 if CLASSIFIERS[index] == "knn" else 1)
            self._changed()

    @Slot(bool)
    def _on_auto_toggled(self, checked: bool) -> None:
        for widget in (self.k_spin, self.distance_combo, self.learning_rate_spin, self.regularization_spin,
                       self.rate_label, self.reg_label):
            widget.setEnabled(not checked)
        self._changed()

    def _changed(self, *_args) -> None:
        settings.set_value("model/classifier", self.classifier)
        settings.set_value("model/features", self.features)
        settings.set_value("model/auto_tune", self.auto_tune)
        self.session.set_choice(ClassifierChoice(self.classifier, self.features, self.auto_tune,
                                                 self.hyperparameters()))

    def _restore(self) -> None:
        classifier = settings.read("model/classifier", "softmax", choices=self.classifier_buttons)
        features = settings.read("model/features", "pretrained", choices=self.feature_buttons)
        auto = settings.read("model/auto_tune", True)
        self.classifier_buttons.get(classifier, self.classifier_buttons["softmax"]).setChecked(True)
        self.feature_buttons.get(features, self.feature_buttons["pretrained"]).setChecked(True)
        self.auto_check.setChecked(bool(auto))
        self._on_auto_toggled(self.auto_check.isChecked())
