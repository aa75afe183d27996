"""A trained model as one ONNX file, for other programs: RGB pictures in, the app's percentages out.

The graph takes ``pictures``: uint8 ``[n, H, W, 3]`` (NHWC, RGB, H = W = the model's picture size, each picture
already cropped to a centred square and resized as the app does: ``decoding.square_pixels``, bicubic) and gives
``probabilities``: float32 ``[n, C]``, the same numbers as ``TrainedModel.predict_*`` (within 1e-4: the network
is the same, only the order of its sums differs). Inside: the pixel scaling (pixels: /255; pretrained: to [-1, 1]
and EfficientNet-Lite0 with its BatchNorms folded), the standardiser, the classifier and its calibration
(``export/classifier_graphs.py``). Beside it, ``<name>.json`` names the classes and describes the input.

Made with PyTorch's TorchScript exporter (``dynamo=False``: the newer exporter needs onnxscript), opset 17. The
``onnx`` package it needs is optional (the ``export`` extra): without it the export says how to get it.
Both files are written atomically, and never over a picture, a model or any file that is not an earlier export.
"""
from __future__ import annotations

import importlib
import io
import json
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Generator

import numpy as np
import torch

from desktop_app import APP_NAME, __version__
from desktop_app.core import preload
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.events import Event, Phase, check_cancel
from desktop_app.core.extraction import features, network
from desktop_app.core.extraction.feature_cache import PIXEL_SCALE
from desktop_app.core.modelfile.model_file import TrainedModel
from desktop_app.core.output.names import display_path
from desktop_app.core.output.safe_write import OutputPathError, atomic_write, check_output_path
from desktop_app.core.output.translation import translatable, translate

ONNX_SUFFIX = ".onnx"
DESCRIPTION_FORMAT = "picture-sorter-onnx"  # the "format" of the JSON beside the graph; also in its metadata
FORMAT_VERSION = 1
OPSET = 17
INPUT_NAME, OUTPUT_NAME = "pictures", "probabilities"
SAME_PERCENTAGES = 1e-4  # the largest difference from the app's probabilities that counts as the same
MAX_ONNX_BYTES = 2 ** 31 - 1  # one protobuf message: larger models would need external data files
NETWORK_BYTES = 14_000_000  # EfficientNet-Lite0's weights in the graph (13.6 MB measured)
INSTALL_HINT = translatable('Exporting needs the "onnx" package, which is not installed. Install it with: '
                            'pip install "picture-sorter[export]" (or: pip install onnx), then export again.')
FROZEN_HINT = translatable('This copy of the app was built without the "onnx" package, which exporting needs. '
                           'Export with the app installed from source (pip install "picture-sorter[export]"), or '
                           'build the app with it.')  # both English: shown through translate()


class ExportError(UserError):
    """The model cannot be exported as asked; the message says why and what to do."""


@dataclass(frozen=True)
class ExportResult:
    onnx_path: Path
    description_path: Path
    class_names: list[str]
    image_size: int
    bytes_written: int
    max_difference: float | None  # against the app on test pictures (onnxruntime); None when it is not installed
    seconds: float

    def to_dict(self) -> dict:
        return {"onnx": str(self.onnx_path), "description": str(self.description_path),
                "classes": list(self.class_names), "image_size": self.image_size, "bytes": self.bytes_written,
                "max_difference": self.max_difference, "seconds": round(self.seconds, 3)}


# -- the graph ---------------------------------------------------------------------------------------------------

class PictureGraph(torch.nn.Module):
    """uint8 NHWC pictures -> features (as ``features._features_of_batch``) -> standardised -> probabilities."""

    def __init__(self, model: TrainedModel, backbone: torch.nn.Module | None, classifier: torch.nn.Module):
        super().__init__()
        self.backbone = backbone
        self.classifier = classifier
        self.register_buffer("mean", torch.from_numpy(model.standardizer.mean.copy()))
        self.register_buffer("std", torch.from_numpy(model.standardizer.std.copy()))

    def forward(self, pictures: torch.Tensor) -> torch.Tensor:
        values = pictures.float()
        if self.backbone is not None:  # network.to_network_input: [-1, 1], channels first
            raw = self.backbone(values.permute(0, 3, 1, 2) * (2.0 / 255.0) - 1.0)
        else:  # pixel features: channel-last order, in [0, 1]
            raw = values.reshape(values.shape[0], -1) * np.float32(PIXEL_SCALE)
        return self.classifier((raw - self.mean) / self.std)


def classifier_graph(model: TrainedModel) -> torch.nn.Module:
    """The classifier's exportable module, named by its registry spec."""
    spec = registry.get(model.classifier_name)
    if spec.export_graph is None:
        raise ExportError(translate("Models of the {classifier} cannot be exported to ONNX yet.").format(
            classifier=translate(spec.title)))
    module_name, _, function = spec.export_graph.partition(":")
    return getattr(importlib.import_module(module_name), function)(model.classifier)


def build_graph(model: TrainedModel) -> PictureGraph:
    backbone = None
    if model.feature_settings.kind == "pretrained":
        backbone = network.fold_batch_norms(network.build_pretrained_model())
    return PictureGraph(model, backbone, classifier_graph(model)).eval()


def onnx_bytes(model: TrainedModel) -> bytes:
    """The whole graph as ONNX bytes, with the class names and input details in its metadata."""
    load_export_modules()
    import onnx

    size = model.feature_settings.image_size
    example = torch.zeros((2, size, size, 3), dtype=torch.uint8)
    buffer = io.BytesIO()
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer notes on branches fixed by the model's own settings
        torch.onnx.export(build_graph(model), (example,), buffer, dynamo=False, opset_version=OPSET,
                          input_names=[INPUT_NAME], output_names=[OUTPUT_NAME],
                          dynamic_axes={INPUT_NAME: {0: "n"}, OUTPUT_NAME: {0: "n"}})
    graph = onnx.load_from_string(buffer.getvalue())
    graph.producer_name, graph.producer_version = APP_NAME, __version__
    graph.doc_string = f"{model.describe()}. Input: uint8 RGB pictures [n, {size}, {size}, 3]."
    for key, value in (("format", DESCRIPTION_FORMAT), ("class_names", json.dumps(model.class_names)),
                       ("layout", "NHWC"), ("image_size", str(size))):
        graph.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(graph)
    return graph.SerializeToString()


def description(model: TrainedModel, onnx_name: str) -> dict:
    """The JSON written beside the graph: what a program needs to feed it and read its answer."""
    size = model.feature_settings.image_size
    return {
        "format": DESCRIPTION_FORMAT, "format_version": FORMAT_VERSION, "app": APP_NAME, "app_version": __version__,
        "onnx_file": onnx_name, "opset": OPSET, "classifier": model.classifier_name,
        "features": model.feature_settings.to_dict(), "class_names": list(model.class_names),
        "input": {"name": INPUT_NAME, "shape": ["n", size, size, 3], "layout": "NHWC", "dtype": "uint8",
                  "colors": "RGB", "image_size": size,
                  "preparation": f"crop each picture to a centred square and resize it to {size} x {size} "
                                 "pixels (bicubic), as the app does"},
        "output": {"name": OUTPUT_NAME, "shape": ["n", len(model.class_names)], "dtype": "float32",
                   "meaning": "the probability of each class, in the order of class_names"},
        "unsure_threshold": float(model.unsure_threshold),
    }


# -- checks before the work ---------------------------------------------------------------------------------------

def load_export_modules() -> None:
    """The ONNX modules (``preload.load_export``), or a plain message saying how to install them."""
    try:
        preload.load_export()
    except ImportError as exc:
        raise ExportError(translate(FROZEN_HINT if getattr(sys, "frozen", False) else INSTALL_HINT)) from exc


def description_path_for(onnx_path: Path) -> Path:
    return onnx_path.with_suffix(".json")


def is_onnx_export(path: Path) -> bool:
    """An ONNX file this app exported (its description names our format): only those are replaced."""
    return _is_description(description_path_for(path)) and path.suffix.lower() == ONNX_SUFFIX


def _is_description(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(1 << 20))
        return isinstance(data, dict) and data.get("format") == DESCRIPTION_FORMAT
    except (OSError, ValueError):
        return False


def check_export_output(path: str | Path, model: TrainedModel | None = None,
                        model_path: str | Path | None = None) -> Path:
    """The ONNX path (``.onnx`` added to a name without suffix), refused before any work when writing it or its
    description would replace anything but an earlier export: a picture, a model, the model being exported."""
    path = Path(path)
    if path.suffix == "" and not path.is_dir():
        path = path.with_suffix(ONNX_SUFFIX)
    if path.suffix.lower() != ONNX_SUFFIX:
        raise OutputPathError(translate("{file} does not end in {suffix}. Choose a name like {example}.").format(
            file=display_path(path), suffix=ONNX_SUFFIX, example=display_path(path.with_suffix(ONNX_SUFFIX).name)))
    inputs = [model_path] if model_path else []
    folders = [d for d in ((model.training_info.get("data_dir"), model.training_info.get("test_dir"))
                           if model is not None else ()) if d]
    for target, what, is_ours in ((path, translatable("ONNX file"), is_onnx_export),
                                  (description_path_for(path), translatable("description of the ONNX file"),
                                   _is_description)):
        check_output_path(target, what=what, input_files=inputs, input_folders=folders)
        if target.exists() and not is_ours(target):  # only an earlier export is replaced, never anything else
            raise OutputPathError(translate("{file} already exists and is not an export of {app}. Choose another "
                                            "name.").format(file=display_path(target), app=APP_NAME))
    return path


def check_size(model: TrainedModel) -> None:
    """Refuse, before building anything, a model whose numbers cannot fit in one ONNX file (a protobuf message
    holds at most 2 GB: a kNN keeping hundreds of thousands of pictures' features)."""
    _, tensors = model.classifier.get_state()
    size = sum(t.numel() * t.element_size() for t in tensors.values()) + 8 * model.standardizer.mean.size
    if model.feature_settings.kind == "pretrained":
        size += NETWORK_BYTES
    if size > MAX_ONNX_BYTES:
        from desktop_app.core.output.wording import size_text

        raise ExportError(translate("This model is too large for one ONNX file ({size}; at most 2 GB). Train it on "
                                    "fewer pictures, with a smaller picture size, or with SVM or softmax.").format(
            size=size_text(size)))


# -- checking the result ------------------------------------------------------------------------------------------

def check_pictures(size: int, count: int = 4, seed: int = 0) -> np.ndarray:
    """uint8 [count, size, size, 3]: smooth random colour fields (not noise: like photos, neighbours differ)."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, size=(count, 4, 4, 3)).astype(np.float32)
    grid = np.linspace(0, 3, size)
    low = np.floor(grid).astype(int).clip(0, 2)
    t = (grid - low)[None, :, None, None]
    rows = coarse[:, low] * (1 - t) + coarse[:, low + 1] * t
    t = (grid - low)[None, None, :, None]
    return np.rint(rows[:, :, low] * (1 - t) + rows[:, :, low + 1] * t).astype(np.uint8)


def app_probabilities(model: TrainedModel, pictures: np.ndarray) -> np.ndarray:
    """What the app gives for already-square pictures (``TrainedModel.predict_images``' numbers)."""
    from PIL import Image

    raw = features.features_for_images(model.feature_settings, [Image.fromarray(p) for p in pictures], "cpu")
    return model.probabilities(raw)


def runtime_probabilities(onnx_path: str | Path, pictures: np.ndarray) -> np.ndarray | None:
    """The exported file's answer under onnxruntime; None when onnxruntime is not installed."""
    runtime = preload.export_checker()
    if runtime is None:
        return None
    session = runtime.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    return session.run([OUTPUT_NAME], {INPUT_NAME: pictures})[0]


def largest_difference(model: TrainedModel, onnx_path: str | Path, pictures: np.ndarray) -> float | None:
    exported = runtime_probabilities(onnx_path, pictures)
    if exported is None:
        return None
    return float(np.abs(exported - app_probabilities(model, pictures)).max())


# -- the export ---------------------------------------------------------------------------------------------------

def export_steps(model: TrainedModel, path: str | Path, model_path: str | Path | None = None, check: bool = True,
                 cancel=None) -> Generator[Event, None, ExportResult]:
    """Write ``path`` (ONNX) and its description; checked with onnxruntime (where installed) before either
    replaces anything. Raises ExportError / OutputPathError (UserErrors) with plain messages."""
    start = time.perf_counter()
    path = check_export_output(path, model, model_path)
    load_export_modules()
    yield Phase("export", translate("Building the ONNX graph with the pretrained network")
                if model.feature_settings.kind == "pretrained" else translate("Building the ONNX graph"))
    check_cancel(cancel)
    check_size(model)
    data = onnx_bytes(model)
    check_cancel(cancel)
    yield Phase("export", translate("Writing {file}").format(file=display_path(path.name)))
    pictures = check_pictures(model.feature_settings.image_size)
    difference: list[float | None] = [None]
    meta = json.dumps(description(model, path.name), indent=2, ensure_ascii=False).encode("utf-8")

    def check_and_describe(written: Path) -> None:
        if check:
            difference[0] = largest_difference(model, written, pictures)
        # the description goes in place before the graph: a failure here leaves the old pair as it was
        atomic_write(description_path_for(path), lambda handle: handle.write(meta))

    atomic_write(path, lambda handle: handle.write(data), check=check_and_describe)
    return ExportResult(path, description_path_for(path), list(model.class_names), model.feature_settings.image_size,
                        len(data), difference[0], time.perf_counter() - start)


def export_summary(result: ExportResult) -> str:
    """What was written, in words, for the window and the command line alike."""
    from desktop_app.core.output.wording import duration_text, size_text

    difference = result.max_difference
    if difference is None:
        checked = ""
    elif difference <= SAME_PERCENTAGES:
        checked = translate(" Checked with onnxruntime: the app's percentages (largest difference {difference:.1e}).")
    else:  # a near tie among kNN neighbours can flip on test pictures; anything else is a fault to report
        checked = translate(" Warning: under onnxruntime its percentages differ from the app's by up to "
                            "{difference:.1e} on test pictures.")
    return translate("Exported {file} ({size}, {classes} classes, input {width} x {width} RGB pictures) and its "
                     "description {description} in {time}.").format(
        file=display_path(result.onnx_path), size=size_text(result.bytes_written), classes=len(result.class_names),
        width=result.image_size, description=display_path(result.description_path.name),
        time=duration_text(result.seconds)) + checked.format(difference=difference)
