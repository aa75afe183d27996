"""ONNX export (issue 21, item 2): one graph from RGB uint8 pictures to the app's percentages, checked with
onnxruntime against ``TrainedModel`` on pictures of the sample dataset, for every classifier."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

onnxruntime = pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from desktop_app.core.data.decoding import decode_square  # noqa: E402
from desktop_app.core.data.sample_data import sample_dataset_path  # noqa: E402
from desktop_app.core.events import run_to_completion  # noqa: E402
from desktop_app.core.export import onnx_export  # noqa: E402
from desktop_app.core.training import TrainingConfig, run_training  # noqa: E402

TOLERANCE = 1e-4  # the bar


@pytest.fixture(scope="module")
def digits(tmp_path_factory) -> Path:
    """Four classes of the sample dataset, 30 pictures each (small: training takes a second)."""
    root = tmp_path_factory.mktemp("digits") / "digits"
    for name in ("1", "3", "7", "8"):
        (root / name).mkdir(parents=True)
        for picture in sorted((sample_dataset_path() / name).glob("*.png"))[:30]:
            shutil.copy(picture, root / name / picture.name)
    return root


def sample_pictures(size: int, count: int = 100) -> np.ndarray:
    """``count`` pictures of the whole sample dataset (every class), cropped and resized as the app does."""
    paths = sorted(sample_dataset_path().rglob("*.png"))
    chosen = [paths[i] for i in np.linspace(0, len(paths) - 1, count).round().astype(int)]
    return np.stack([decode_square(str(p), size) for p in chosen])


def train(folder: Path, classifier: str, features: str, size: int, **hyperparameters):
    config = TrainingConfig(data_dir=folder, classifier=classifier, features=features, image_size=size,
                            device="cpu", auto_tune=not hyperparameters, hyperparameters=hyperparameters)
    return run_to_completion(run_training(config)).model


@pytest.mark.parametrize("classifier, settings", [
    ("softmax", {}),
    ("svm", {}),
    ("knn", {"k": 4, "distance": "l2"}),  # an even k: ties between two classes, broken by the app's rule
    ("knn", {"k": 3, "distance": "l1", "weighting": "distance"}),
    ("knn", {"k": 6, "distance": "cosine"}),
])
def test_the_exported_graph_gives_the_apps_percentages(digits, tmp_path, classifier, settings):
    model = train(digits, classifier, "pixels", 8, **settings)
    assert model.classifier.confidence_map, "the calibration map is part of what is checked"
    result = run_to_completion(onnx_export.export_steps(model, tmp_path / "digits.onnx"))
    assert result.max_difference is not None and result.max_difference < TOLERANCE

    pictures = sample_pictures(8)
    session = onnxruntime.InferenceSession(str(tmp_path / "digits.onnx"), providers=["CPUExecutionProvider"])
    got = session.run(["probabilities"], {"pictures": pictures})[0]
    want = np.stack([[p for _, p in sorted(((model.class_names.index(name), prob) for name, prob in row.top))]
                     for row in model.predict_images([_image(p) for p in pictures], top=len(model.class_names))])
    assert got.shape == (100, 4) and got.dtype == np.float32
    assert np.abs(got - want).max() < TOLERANCE
    assert (got.argmax(axis=1) == want.argmax(axis=1)).all()  # the same answers, ties included
    one = session.run(["probabilities"], {"pictures": pictures[:1]})[0]  # any number of pictures
    assert np.abs(one - got[:1]).max() < TOLERANCE

    description = json.loads((tmp_path / "digits.json").read_text())
    assert description["class_names"] == ["1", "3", "7", "8"] and description["onnx_file"] == "digits.onnx"
    assert description["input"] == {**description["input"], "shape": ["n", 8, 8, 3], "layout": "NHWC",
                                    "dtype": "uint8", "colors": "RGB"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digits.json", "digits.onnx"]  # no temporary left


def _image(pixels: np.ndarray):
    from PIL import Image

    return Image.fromarray(pixels)


def test_the_pretrained_network_is_inside_the_graph(digits, tmp_path):
    model = train(digits, "softmax", "pretrained", 32)
    result = run_to_completion(onnx_export.export_steps(model, tmp_path / "net.onnx", check=False))
    pictures = sample_pictures(32, count=8)
    session = onnxruntime.InferenceSession(str(result.onnx_path), providers=["CPUExecutionProvider"])
    got = session.run(["probabilities"], {"pictures": pictures})[0]
    want = onnx_export.app_probabilities(model, pictures)
    assert np.abs(got - want).max() < TOLERANCE
    assert result.bytes_written > 10_000_000  # the network's weights travel with it


EXPORT_AFTER_PRELOAD = r'''
import json, sys
from pathlib import Path
from desktop_app.core import preload
preload.load_export()
before = set(sys.modules)
from desktop_app.core.data import sample_data
from desktop_app.core.events import run_to_completion
from desktop_app.core.export import onnx_export
from desktop_app.core.training import TrainingConfig, run_training
root = Path(sys.argv[1])
sample_data.write_digits(root / "digits", per_class=6, size=16)
for features, size in (("pixels", 8), ("pretrained", 32)):
    config = TrainingConfig(data_dir=root / "digits", classifier="knn", features=features, image_size=size,
                            device="cpu", auto_tune=False)
    model = run_to_completion(run_training(config)).model
    run_to_completion(onnx_export.export_steps(model, root / f"{features}.onnx"))
print("LATE", json.dumps(sorted(set(sys.modules) - before)))
'''


@pytest.mark.slow
def test_the_export_imports_nothing_after_preload_load_export(tmp_path):
    """The window's export runs on a worker: everything it needs is imported by ``preload.load_export`` (under
    the engine's import lock) before it builds anything, so no module is imported while the graph is made."""
    from tests.test_preload import _late_imports

    late = _late_imports(EXPORT_AFTER_PRELOAD, tmp_path)
    assert late == [], f"imported after preload.load_export (add to core/preload.py EXPORT_STEP): {late}"
