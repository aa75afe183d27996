"""Model tab: which classifier, which features, and its settings (chosen automatically by default)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox,
                               QLabel, QRadioButton, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from desktop_app.core.output.translation import translate as core_text  # the registry's words
from desktop_app.core import preload
from desktop_app.core.classifiers import registry
from desktop_app.core.classifiers.registry import FEATURE_KINDS
from desktop_app.core.output.wording import duration_text, pictures_text
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
    translate = QCoreApplication.translate
    spec = registry.registered(choice.classifier)  # never imports: this may run before the engine has loaded
    kinds = {"pretrained": translate("ModelTab", "pretrained-network features"),
             "pixels": translate("ModelTab", "raw pixels")}
    how = (translate("ModelTab", "settings chosen automatically") if choice.auto_tune
           else translate("ModelTab", "your settings"))
    return translate("ModelTab", "{classifier}, {features}, {how}").format(
        classifier=core_text(spec.title) if spec else choice.classifier, features=kinds[choice.features], how=how)


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
        self.signals.model_changed.connect(self._on_model_changed)  # a run measured this computer's speed
        self.set_dataset_ready(False)
        self._add_classifiers_when_engine_ready()

    def _build(self, content: QWidget) -> None:
        self._searched_widgets: list[QWidget] = []  # disabled while settings are chosen automatically
        layout = QVBoxLayout(content)
        self.hint = HintLabel(self.tr("Pick a classifier and the kind of features, then go to the Train tab. "
                                      "The defaults work well."))
        layout.addWidget(self.hint)

        classifier_box = QGroupBox(self.tr("Classifier"))
        self._classifier_layout = QVBoxLayout(classifier_box)
        self.classifier_group = QButtonGroup(self)
        self.classifier_buttons: dict[str, QRadioButton] = {}
        self._classifier_names: list[str] = []  # in button order; filled from the registry (see _add_classifiers)
        self._cost_labels: dict[str, QLabel] = {}
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
        self.auto_check.toggled.connect(self._on_auto_toggled)
        settings_layout.addWidget(self.auto_check)
        self.parameter_stack = QStackedWidget()
        # one page per distinct list of settings (SVM and softmax share theirs): {settings: (index, widgets)}
        self._pages: dict[tuple, tuple[int, dict[str, QWidget]]] = {}
        settings_layout.addWidget(self.parameter_stack)
        layout.addWidget(settings_box)
        layout.addStretch(1)

    def _add_classifiers_when_engine_ready(self) -> None:
        """The classifiers register their specs when their modules are imported, on the engine thread after the
        window shows; the tab is hidden behind its gate until a dataset is open, which needs the engine too."""
        if preload.engine_loaded():
            self._add_classifiers()
        else:
            from desktop_app.gui.startup import Engine

            Engine.shared().ready.connect(self._add_classifiers)

    @Slot()
    def _add_classifiers(self) -> None:
        if self._classifier_names:
            return
        specs = registry.specs()  # imported already by the engine: nothing is imported here
        for index, spec in enumerate(specs):
            button = QRadioButton(core_text(spec.label))
            button.setToolTip(core_text(spec.description))
            self.classifier_group.addButton(button, index)
            self.classifier_buttons[spec.name] = button
            self._classifier_names.append(spec.name)
            self._classifier_layout.addWidget(button)
            explanation = SecondaryLabel(core_text(spec.description))
            explanation.setIndent(24)
            self._classifier_layout.addWidget(explanation)
            cost = SecondaryLabel("")  # what it costs on the pictures chosen (_show_costs)
            cost.setIndent(24)
            cost.setVisible(False)
            self._cost_labels[spec.name] = cost
            self._classifier_layout.addWidget(cost)
            if spec.settings not in self._pages:
                page, widgets = self._settings_page(spec.settings)
                self._pages[spec.settings] = (self.parameter_stack.addWidget(page), widgets)
        self.auto_check.setToolTip("\n".join(dict.fromkeys(core_text(spec.search_note) for spec in specs
                                                               if spec.search_note)))
        remembered = settings.read("model/classifier", registry.DEFAULT_CLASSIFIER, choices=self.classifier_buttons)
        self.classifier_buttons.get(remembered, self.classifier_buttons[registry.DEFAULT_CLASSIFIER]).setChecked(True)
        self._on_auto_toggled(self.auto_check.isChecked())
        self._changed()  # the session learns the settings of the chosen classifier

    def _settings_page(self, page_settings: tuple[registry.Setting, ...]) -> tuple[QWidget, dict[str, QWidget]]:
        """A form of the settings a classifier declares (its spec), with the spec's words and ranges."""
        page = QWidget()
        form = QFormLayout(page)
        widgets: dict[str, QWidget] = {}
        for setting in page_settings:
            if setting.choices:
                widget = QComboBox()
                for value, text in setting.choices:
                    widget.addItem(core_text(text), value)
                widget.setCurrentIndex(max(0, widget.findData(setting.default)))
                widget.currentIndexChanged.connect(self._changed)
            elif isinstance(setting.default, float):
                widget = _ScientificSpinBox(setting.low, setting.high, setting.default)
                widget.valueChanged.connect(self._changed)
            else:
                widget = QSpinBox()
                widget.setRange(int(setting.low), int(setting.high))
                widget.setValue(setting.default)
                widget.valueChanged.connect(self._changed)
            widget.setToolTip(core_text(setting.help))
            label = QLabel(core_text(setting.label))
            label.setBuddy(widget)
            form.addRow(label, widget)
            widgets[setting.key] = widget
            self._searched_widgets += [widget, label] if setting.searched else []
        return page, widgets

    # -- public ------------------------------------------------------------------------------------------------
    @property
    def classifier(self) -> str:
        """The chosen classifier's registered name (before the engine has loaded them: the remembered one)."""
        if not self._classifier_names:
            return settings.read("model/classifier", registry.DEFAULT_CLASSIFIER, choices=registry.CLASSIFIER_NAMES)
        return self._classifier_names[max(0, self.classifier_group.checkedId())]

    def setting_widget(self, key: str) -> QWidget:
        """The control of one setting (as the classifiers' specs name them)."""
        for _, widgets in self._pages.values():
            if key in widgets:
                return widgets[key]
        raise KeyError(f"No classifier has a setting {key!r}.")

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
        """The settings that apply; with automatic choice the searched ones are left to the search. Empty before the
        engine has loaded the classifiers (asking the registry then would import them on the GUI thread)."""
        if not self._classifier_names:
            return {}
        spec = registry.get(self.classifier)
        _, widgets = self._pages[spec.settings]
        return {setting.key: _value_of(widgets[setting.key]) for setting in spec.settings
                if not (setting.searched and self.auto_tune)}

    def summary(self) -> str:
        return describe_choice(self.session.choice)

    @Slot(object)
    def _on_dataset_changed(self, dataset) -> None:
        self.set_dataset_ready(dataset is not None)
        self._show_costs()

    @Slot(object, object)
    def _on_model_changed(self, _model, _evaluation) -> None:
        self._show_costs()

    def _show_costs(self) -> None:
        """Under each classifier, what choosing its settings and training costs on these pictures (the core's
        estimate: the classifier's cost for this many pictures and features, at this computer's measured speed)."""
        dataset = self.session.dataset
        if not self._cost_labels:
            return
        from desktop_app.core import estimates  # the engine has imported it (the classifiers are there)

        fit = round(len(dataset) * (1 - self.session.split.test_fraction)) if dataset is not None else 0
        for name, label in self._cost_labels.items():
            label.setVisible(fit > 0)
            if fit <= 0:
                continue
            seconds, measured = estimates.classifier_seconds(name, fit, len(dataset.class_names), self.features,
                                                             self.auto_tune, self.session.force_cpu)
            words = (self.tr("On these {n}: about {time} to choose its settings and train, after the features.")
                     if self.auto_tune else self.tr("On these {n}: about {time} to train, after the features."))
            text = words.format(n=pictures_text(len(dataset)), time=duration_text(seconds))
            label.setText(text if measured else text + " " + self.tr("(A first guess until it has run here.)"))

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
            self.parameter_stack.setCurrentIndex(self._pages[registry.get(self._classifier_names[index]).settings][0])
            self._changed()

    @Slot(bool)
    def _on_auto_toggled(self, checked: bool) -> None:
        for widget in self._searched_widgets:
            widget.setEnabled(not checked)
        self._changed()

    def _changed(self, *_args) -> None:
        settings.set_value("model/classifier", self.classifier)
        settings.set_value("model/features", self.features)
        settings.set_value("model/auto_tune", self.auto_tune)
        self.session.set_choice(ClassifierChoice(self.classifier, self.features, self.auto_tune,
                                                 self.hyperparameters()))
        self._show_costs()

    def _restore(self) -> None:
        """The features and automatic choice (the classifier once the classifiers are there: _add_classifiers)."""
        features = settings.read("model/features", "pretrained", choices=self.feature_buttons)
        auto = settings.read("model/auto_tune", True)
        self.feature_buttons.get(features, self.feature_buttons["pretrained"]).setChecked(True)
        self.auto_check.setChecked(bool(auto))
        self._on_auto_toggled(self.auto_check.isChecked())


def _value_of(widget: QWidget) -> Any:
    return widget.currentData() if isinstance(widget, QComboBox) else widget.value()
