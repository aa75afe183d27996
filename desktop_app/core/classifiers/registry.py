"""The classifier registry: each classifier declares one ``ClassifierSpec`` in its own module (``knn.py``,
``linear.py``) with ``register``, as timm's ``@register_model`` does; training, the model file, the window, the
command line and the self-test ask here instead of naming classifiers.

This module stays light (no torch): the command line builds its choices from ``CLASSIFIER_NAMES`` without the
engine, and the window imports it before the engine loads. The specs themselves are registered when the classifier
modules are imported (``specs()`` and ``get()`` import them; ``registered()`` never imports, for the window
before the engine has loaded). ``tests/test_registry.py`` checks that the names here are the registered ones.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from desktop_app.core.output.translation import translate

# The built-in classifiers, in the order they are offered, and the modules that register them.
CLASSIFIER_NAMES = ("knn", "svm", "softmax")
CLASSIFIER_MODULES = ("desktop_app.core.classifiers.knn", "desktop_app.core.classifiers.linear")
DEFAULT_CLASSIFIER = "softmax"  # its confidences are the most meaningful: a good first choice

FEATURE_KINDS = ("pretrained", "pixels")  # the recommended one first

# How the searched settings are chosen (``ClassifierSpec.settings_search``), carried out by core/training.py
SEARCHES = {
    "cross_validation": "k-fold cross-validation on the training + validation pictures (always run: its "
                        "held-out answers also calibrate the percentages)",
    "validation": "tried on the validation pictures, then calibrated on held-out folds",
}
# What the window plots while a classifier trains (``ClassifierSpec.training_plot``)
TRAINING_PLOTS = ("loss_curves", "accuracy_by_k")
# What an answer is made of, as the "Why?" and templates views show it (``ClassifierSpec.explanation``):
# "scores": one linear score per class, f(x) = Wx + b (``decision_function``, weights ``W_`` [d, C]);
# "neighbours": the k nearest training pictures vote (``kneighbors``, ``vote_shares``, ``k``); "none": not shown.
EXPLANATIONS = ("scores", "neighbours", "none")
# The losses the step-by-step view works out (``ClassifierSpec.loss``: the one the classifier is trained with)
LOSSES = ("hinge", "cross_entropy")  # the multiclass SVM loss, the softmax (cross-entropy) loss


@dataclass(frozen=True)
class Setting:
    """One hyperparameter as the window offers it: a whole number, a number stepped by powers of ten (a float
    ``default``), or one of ``choices`` ((value, words) pairs). ``searched`` ones are chosen automatically
    unless the user fixes them."""

    key: str
    label: str  # with the window's keyboard shortcut (&)
    help: str
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[tuple[Any, str], ...] = ()
    searched: bool = False


@dataclass(frozen=True)
class ClassifierSpec:
    """Everything the rest of the app knows about one classifier."""

    name: str  # saved in model files and typed on the command line
    title: str  # in sentences: "Training the {title} on ..."
    label: str  # the window's choice, with its keyboard shortcut (&)
    description: str  # plain words for a newcomer
    classifier: Callable[..., Any]  # the class: classifier(device=..., **hyperparameters), .from_state(...)
    settings: tuple[Setting, ...]
    settings_search: str | None  # a key of SEARCHES, or None: the settings are used as given
    search_note: str = ""  # what "choose automatically" tries, in words
    training_plot: str = "loss_curves"  # one of TRAINING_PLOTS
    raw_feature_kinds: tuple[str, ...] = ()  # feature kinds compared as they are (not standardised)
    early_stopping: bool = False  # with fixed settings, fit on the training pictures and stop on validation
    # the model file: tensor names with their dtypes, rules for the saved hyperparameters, and a check of the
    # saved state against its numbers of classes and features (raises ValueError naming the part)
    state_tensors: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    hyperparameter_rules: dict[str, Callable[[Any], bool]] = field(default_factory=dict)
    check_state: Callable[[dict, dict], None] = lambda params, tensors: None
    training_rows_tensor: str | None = None  # a tensor with one row per training picture: their paths are kept
    # "module:function" building the torch module, standardised features -> probabilities, that the ONNX export
    # traces (core/export); a name, not the function, so this module stays light. None: cannot be exported
    export_graph: str | None = None
    explanation: str = "none"  # one of EXPLANATIONS
    loss: str | None = None  # one of LOSSES: the loss it is trained with, shown first step by step
    # seconds to choose the settings and train on (pictures, features per picture, classes, settings searched) on
    # a reference computer (2 CPU cores), features aside; core/estimates.py scales it by this computer's speed
    training_cost: Callable[[int, int, int, bool], float] = lambda n, d, c, searched: 0.0

    @property
    def has_templates(self) -> bool:
        """Whether each class has a weight row (a template: a picture on pixel features)."""
        return self.explanation == "scores"

    @property
    def searched(self) -> tuple[str, ...]:
        """The settings chosen on held-out pictures when the user does not fix them."""
        return tuple(setting.key for setting in self.settings if setting.searched)

    @property
    def keeps_training_paths(self) -> bool:
        return self.training_rows_tensor is not None

    def standardizes(self, feature_kind: str) -> bool:
        """Whether features are z-scored before this classifier (chosen by measurement, docs/architecture.md)."""
        return feature_kind not in self.raw_feature_kinds

    def make(self, device: Any = "cpu", **hyperparameters):
        """A new, untrained classifier; unknown hyperparameters are an error."""
        return self.classifier(device=device, **hyperparameters)

    def from_state(self, params: dict[str, Any], tensors: dict[str, Any], device: Any = "cpu"):
        """Rebuild a trained classifier from its ``get_state()``."""
        return self.classifier.from_state(params, tensors, device=device)


_SPECS: dict[str, ClassifierSpec] = {}


def register(spec: ClassifierSpec) -> ClassifierSpec:
    """Add a classifier (called in its own module, once). A second spec of the same name is an error."""
    if spec.name in _SPECS and _SPECS[spec.name] is not spec:
        raise ValueError(f"A classifier named {spec.name!r} is already registered.")
    if spec.settings_search not in (None, *SEARCHES) or spec.training_plot not in TRAINING_PLOTS:
        raise ValueError(f"Classifier {spec.name!r}: unknown settings_search or training_plot.")
    if spec.explanation not in EXPLANATIONS or spec.loss not in (None, *LOSSES):
        raise ValueError(f"Classifier {spec.name!r}: unknown explanation or loss.")
    _SPECS[spec.name] = spec
    return spec


def _load_built_ins() -> None:
    for module in CLASSIFIER_MODULES:
        importlib.import_module(module)  # registers its classifiers (nothing to do once imported)


def specs() -> list[ClassifierSpec]:
    """Every registered classifier, the built-in ones first, in the order they are offered."""
    _load_built_ins()
    built_in = [_SPECS[name] for name in CLASSIFIER_NAMES]
    return built_in + [spec for spec in _SPECS.values() if spec.name not in CLASSIFIER_NAMES]


def names() -> tuple[str, ...]:
    return tuple(spec.name for spec in specs())


def get(name: str) -> ClassifierSpec:
    """The spec of a classifier by name; ValueError names the choices when there is none."""
    _load_built_ins()
    if name not in _SPECS:
        raise ValueError(f"Unknown classifier {name!r}; choose one of {', '.join(_SPECS)}.")
    return _SPECS[name]


def make_classifier(name: str, device: Any = "cpu", **hyperparameters):
    """A new classifier by its registered name; unknown names and hyperparameters are an error."""
    return get(name).make(device=device, **hyperparameters)


def classifier_from_state(params: dict[str, Any], tensors: dict[str, Any], device: Any = "cpu"):
    """Rebuild a trained classifier from its ``get_state()`` (``params["type"]`` names it)."""
    kind = params.get("type")
    spec = registered(kind) if isinstance(kind, str) else None
    if spec is None:
        raise ValueError(f"Unknown classifier type {kind!r} in the saved state.")
    return spec.from_state(params, tensors, device=device)


def registered(name: str) -> ClassifierSpec | None:
    """The spec if its module is imported already, else None (never imports: for the window before the engine)."""
    return _SPECS.get(name)


def held_out_title(model_metrics: dict) -> str:
    """What a model's ``val_accuracy`` measured, in words: cross-validation when ``val_folds`` > 1 (the
    ``cross_validation`` search), else the validation pictures."""
    folds = model_metrics.get("val_folds")
    if isinstance(folds, int) and folds > 1:
        return translate("Cross-validation accuracy ({folds} folds)").format(folds=folds)
    return translate("Validation accuracy")
