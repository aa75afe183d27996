"""The classifier registry: each classifier is declared once, beside its code, and the rest of the app asks it."""
from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from sklearn.base import clone

from desktop_app.core.classifiers import registry
from desktop_app.core.classifiers.classifier_base import NOT_TRAINED, Hyperparameters, check_rules
from desktop_app.core.events import run_to_completion
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.training import TrainingConfig, run_training
from tests.conftest import write_class_folders

ROOT = Path(__file__).resolve().parents[1]
NAMES = registry.names()


def test_the_light_names_are_the_registered_classifiers_declared_beside_their_code():
    assert NAMES == registry.CLASSIFIER_NAMES and registry.DEFAULT_CLASSIFIER in NAMES
    for spec in registry.specs():
        assert spec.classifier.__module__ in registry.CLASSIFIER_MODULES
        assert spec.classifier.kind == spec.name and spec.title and spec.description and spec.settings


def test_the_command_line_lists_the_classifiers_without_importing_torch():
    script = ("import sys\n"
              "from desktop_app import cli\n"
              "args = cli.build_parser().parse_args(['train', 'pics', '--out', 'm.psmodel', '--classifier', 'knn'])\n"
              "print(args.classifier, sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'sklearn')))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["knn", "[]"]


def test_no_classifier_is_named_outside_its_own_module():
    """Adding a classifier touches its module only: nobody else compares with or lists a classifier's name."""
    own = {Path(*module.split(".")).with_suffix(".py") for module in registry.CLASSIFIER_MODULES}
    quoted = re.compile("[\"'](" + "|".join(NAMES) + ")[\"']")
    found = [f"{path}:{number}: {line.strip()}"
             for path in sorted((ROOT / "desktop_app").rglob("*.py")) if path.relative_to(ROOT) not in own
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if quoted.search(line) and not line.lstrip().startswith(("CLASSIFIER_NAMES", "DEFAULT_CLASSIFIER"))]
    assert found == []


@pytest.mark.parametrize("name", NAMES)
def test_get_params_follows_the_constructor_so_sklearn_clone_works(name):
    spec = registry.get(name)
    model = spec.make(device="cpu", seed=3)
    signature = [p for p in inspect.signature(type(model).__init__).parameters if p != "self"]
    assert sorted(model.get_params()) == sorted(signature)  # every argument, device and chunk sizes included
    X = np.random.default_rng(0).normal(size=(30, 4)).astype(np.float32)
    y = np.arange(30) % 3
    model.fit(X, y, X, y)
    copy = clone(model)
    assert copy is not model and copy.get_params() == model.get_params()
    with pytest.raises(RuntimeError, match=re.escape(NOT_TRAINED)):  # a clone is untrained
        copy.predict_proba(X)
    assert copy.set_params(seed=4).get_params() == {**model.get_params(), "seed": 4}


@pytest.mark.parametrize("name", NAMES)
def test_settings_are_checked_when_fitting_not_when_made(name):
    spec = registry.get(name)
    X, y = np.zeros((6, 2), np.float32), np.arange(6) % 2
    for setting in spec.settings:
        bad = "nowhere" if setting.choices else type(setting.default)(setting.low - 1)
        model = spec.make(**{setting.key: bad})  # scikit-learn's rule: __init__ only stores
        with pytest.raises(ValueError, match=setting.key):
            model.fit(X, y, X, y)
        with pytest.raises(ValueError, match=setting.key):  # the model file refuses it by the same rule
            check_rules({setting.key: bad}, spec.hyperparameter_rules)


@pytest.mark.parametrize("name", NAMES)
def test_an_untrained_classifier_says_so_in_one_wording(name):
    model = registry.get(name).make()
    for call in (lambda: model.predict_proba(np.zeros((1, 2), np.float32)), model.get_state):
        with pytest.raises(RuntimeError) as caught:
            call()
        assert str(caught.value) == NOT_TRAINED


def test_a_name_is_registered_once():
    spec = registry.get("knn")
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.ClassifierSpec(**{**spec.__dict__, "title": "another"}))
    assert registry.get("knn") is spec


# -- a fourth classifier, declared here only -----------------------------------------------------------------

class NearestMeanClassifier(Hyperparameters):
    """Each class's mean feature vector; probabilities from the negative squared distances to the means."""

    kind = "nearest_mean"

    def __init__(self, temperature: float = 1.0, device="cpu", seed=None) -> None:
        self.temperature, self.device, self.seed = temperature, device, seed

    def check_hyperparameters(self) -> None:
        check_rules(self.get_params(), RULES)

    def fit(self, X, y, X_val=None, y_val=None, n_classes=None, cancel=None):
        self.check_hyperparameters()
        X, y = np.asarray(X, np.float32), np.asarray(y)
        self.n_classes_ = int(n_classes or y.max() + 1)
        self.means_ = np.stack([X[y == c].mean(axis=0) for c in range(self.n_classes_)])
        return self

    def predict_proba(self, X, cancel=None) -> np.ndarray:
        self.check_fitted("means_")
        distances = ((np.asarray(X, np.float32)[:, None, :] - self.means_[None]) ** 2).mean(axis=2)
        scores = -distances / self.temperature
        shares = np.exp(scores - scores.max(axis=1, keepdims=True))
        return (shares / shares.sum(axis=1, keepdims=True)).astype(np.float32)

    def predict(self, X, cancel=None) -> np.ndarray:
        return self.predict_proba(X).argmax(axis=1)

    def to(self, device):
        return self

    def get_state(self):
        self.check_fitted("means_")
        params = {"type": self.kind, "hyperparameters": self.saved_params(), "n_classes": self.n_classes_,
                  "n_features": int(self.means_.shape[1])}
        return params, {"means": torch.from_numpy(np.ascontiguousarray(self.means_))}

    @classmethod
    def from_state(cls, params, tensors, device="cpu"):
        model = cls(**params["hyperparameters"], device=device)
        model.means_, model.n_classes_ = tensors["means"].numpy(), params["n_classes"]
        return model


RULES = {"temperature": lambda v: isinstance(v, (int, float)) and v > 0}


def _check_means(params, tensors):
    if tuple(tensors["means"].shape) != (params["n_classes"], params["n_features"]):
        raise ValueError("its classifier.means has the wrong shape")


NEAREST_MEAN = registry.ClassifierSpec(
    name="nearest_mean", title="nearest class mean", label="&Nearest class mean",
    description="Compares each picture with the average picture of every class.",
    classifier=NearestMeanClassifier,
    settings=(registry.Setting("temperature", "&Temperature:", "How sure the answers are.", 1.0, 0.01, 100.0),),
    settings_search=None, state_tensors={"means": (torch.float32,)}, hyperparameter_rules=RULES,
    check_state=_check_means)


@pytest.fixture
def nearest_mean(monkeypatch):
    """Registered for this test only: the registry is as before afterwards."""
    monkeypatch.setattr(registry, "_SPECS", dict(registry._SPECS))
    registry.register(NEAREST_MEAN)
    return NEAREST_MEAN


def test_a_fourth_classifier_registered_in_a_test_trains_saves_loads_and_predicts(nearest_mean, tmp_path):
    folder = write_class_folders(tmp_path / "data", per_class=8, size=24)
    config = TrainingConfig(data_dir=folder, classifier="nearest_mean", features="pixels", image_size=16,
                            device="cpu", hyperparameters={"temperature": 0.5})
    result = run_to_completion(run_training(config))
    assert result.model.classifier_name == "nearest_mean" and result.evaluation.accuracy >= 0.8
    assert result.model.training_paths is None  # it keeps no training pictures
    path = save_model(result.model, tmp_path / "means.psmodel")
    loaded = load_model(path)
    assert isinstance(loaded.classifier, NearestMeanClassifier) and loaded.classifier.temperature == 0.5
    pictures = sorted((folder / "circles").glob("*.png"))[:3]
    predictions = run_to_completion(loaded.predict_paths(pictures))
    assert [p.label for p in predictions] == ["circles"] * 3
    assert "nearest_mean" in registry.names()


def test_the_fourth_classifier_is_gone_after_its_test():
    assert registry.names() == registry.CLASSIFIER_NAMES and registry.registered("nearest_mean") is None


def test_a_setting_of_another_classifier_is_refused_in_one_plain_line(tmp_path, capsys):
    """`train --classifier knn --epochs 30` ended in a TypeError traceback after the features were computed."""
    from desktop_app import cli
    from desktop_app.core.errors import UserError
    from desktop_app.core.training import TrainingConfig

    all_keys = {setting.key for spec in registry.specs() for setting in spec.settings}
    for spec in registry.specs():
        foreign = sorted(all_keys - {setting.key for setting in spec.settings})
        for key in foreign:
            config = TrainingConfig(data_dir=tmp_path, classifier=spec.name, hyperparameters={key: 1})
            with pytest.raises(UserError, match=f"no setting {key}"):
                config.validate()
    assert "epochs" not in {setting.key for setting in registry.get("knn").settings}
    (tmp_path / "pictures").mkdir()
    code = cli.main(["train", str(tmp_path / "pictures"), "--classifier", "knn", "--epochs", "30", "--out",
                     str(tmp_path / "m.psmodel")])
    err = capsys.readouterr().err
    assert code == 1 and "no setting epochs" in err and "Traceback" not in err
    assert not (tmp_path / "m.psmodel").exists()
