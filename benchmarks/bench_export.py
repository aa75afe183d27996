"""Does the exported ONNX file give the app's percentages? Every classifier on CIFAR-10, pixels and pretrained.

Each model is trained as the app trains it (auto-tune on) on the first ``TRAIN_PER_CLASS`` pictures per class of
``cifar10/train`` (by file name, hard-linked into ``/tmp/desktop_app_bench/cifar10_export_<n>``), exported with
``onnx_export.export_steps``, and the file is run with onnxruntime alone on ``TEST_PICTURES`` pictures of
``cifar10/test`` (10 per class), cropped and resized as the app does (``decoding.decode_square``); the app's own
numbers for the same pixels are ``TrainedModel.probabilities`` of its features.
Keys: ``export_max_difference_<classifier>_<features>`` (largest absolute difference of a probability),
``export_same_answer_<classifier>_<features>`` (share of pictures with the same top class), ``export_s_...``
(seconds to export), ``onnx_mb_...``; ``export_max_difference`` is the worst and ``export_goal_met`` says whether
it is within ``GOAL`` (1e-4). ``--quick``: pixels only (no network). Pretrained features at the app's default
224 px. Run alone: ``python -m benchmarks.bench_export [--quick] [--data-dir /tmp/data]``.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.picture_sets import linked_classes
from benchmarks.timing import run_alone

WORK_DIR = Path("/tmp/desktop_app_bench")
TRAIN_PER_CLASS = 100
TEST_PER_CLASS = 10  # 100 pictures
GOAL = 1e-4
CLASSIFIERS = ("knn", "svm", "softmax")


def held_out_paths(source: Path) -> list[Path]:
    return [file for class_dir in sorted(p for p in source.iterdir() if p.is_dir())
            for file in sorted(class_dir.iterdir())[:TEST_PER_CLASS]]


def run(data_dir: Path | None, quick: bool = False) -> dict:
    from desktop_app.core import preload

    data_dir = Path(data_dir) if data_dir is not None else Path("/tmp/data")
    cifar = data_dir / "cifar10"
    if not (cifar / "train").is_dir() or not (cifar / "test").is_dir():
        return {"skipped": f"no CIFAR-10 pictures under {data_dir}"}
    try:
        preload.load_export()
        import onnxruntime
    except ImportError:
        return {"skipped": "onnx / onnxruntime not installed (pip install 'picture-sorter[export]')"}
    from desktop_app.core.data.decoding import decode_square
    from desktop_app.core.events import run_to_completion
    from desktop_app.core.export import onnx_export
    from desktop_app.core.training import TrainingConfig, run_training

    train_dir = linked_classes(cifar / "train", WORK_DIR / f"cifar10_export_{TRAIN_PER_CLASS}", TRAIN_PER_CLASS)
    tests = held_out_paths(cifar / "test")
    result: dict = {}
    kinds = ("pixels",) if quick else ("pixels", "pretrained")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as out:
        for kind in kinds:
            for classifier in CLASSIFIERS:
                config = TrainingConfig(data_dir=train_dir, classifier=classifier, features=kind, device="cpu",
                                        test_fraction=0.0)
                model = run_to_completion(run_training(config)).model
                size = model.feature_settings.image_size
                pictures = np.stack([decode_square(str(p), size) for p in tests])
                started = time.perf_counter()
                exported = run_to_completion(onnx_export.export_steps(
                    model, Path(out) / f"{classifier}-{kind}.onnx", check=False))
                seconds = time.perf_counter() - started
                session = onnxruntime.InferenceSession(str(exported.onnx_path), providers=["CPUExecutionProvider"])
                got = session.run(["probabilities"], {"pictures": pictures})[0]
                want = onnx_export.app_probabilities(model, pictures)
                suffix = f"{classifier}_{kind}"
                result[f"export_max_difference_{suffix}"] = float(np.abs(got - want).max())
                result[f"export_same_answer_{suffix}"] = float((got.argmax(1) == want.argmax(1)).mean())
                result[f"export_s_{suffix}"] = round(seconds, 2)
                result[f"onnx_mb_{suffix}"] = round(exported.bytes_written / 1e6, 1)
                print(f"[bench_export] {suffix:20s} max difference {result[f'export_max_difference_{suffix}']:.2e}"
                      f"  same answer {result[f'export_same_answer_{suffix}']:.0%}  export {seconds:.1f} s  "
                      f"{result[f'onnx_mb_{suffix}']} MB", flush=True)
    worst = max(value for key, value in result.items() if key.startswith("export_max_difference_"))
    result["export_max_difference"] = worst
    result["export_goal_met"] = bool(worst <= GOAL)
    result["export_pictures"] = len(tests)
    return result


def main() -> None:
    run_alone(run, __doc__.splitlines()[0], Path("/tmp/data"))


if __name__ == "__main__":
    main()
