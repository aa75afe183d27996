"""``--self-test``: check, without a screen and without the network, that this copy of the app works.

It draws a small picture dataset into a temporary folder, trains every classifier on every feature type,
checks the accuracy, saves and reloads each model and predicts pictures it has never seen. It also checks that
the files the app ships with (sample data, icon, pretrained weights, torchvision's compiled operators) are in
place, which is what usually breaks in a packaged app. Prints a plain report; exit code 0 = all good, 1 = not.

Run it from source with ``python -m desktop_app --self-test`` (or ``python -m desktop_app.selftest``) and from
the packaged app with ``picture-sorter --self-test``.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TextIO

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.core.classifiers import registry
from desktop_app.core.output.percent import share_text

FEATURE_KINDS = registry.FEATURE_KINDS
# Three colours and shapes that raw pixels and the pretrained network both tell apart easily.
CLASS_STYLES = {
    "circles": ((220, 40, 40), "ellipse"),
    "squares": ((40, 180, 60), "rectangle"),
    "stripes": ((40, 70, 220), "stripes"),
}
PER_CLASS = 12
FRESH_PER_CLASS = 2
IMAGE_SIZE = 48
MIN_TEST_ACCURACY = 0.75  # chance is 1/3
MIN_FRESH_CORRECT = 0.8


class NetworkUsed(RuntimeError):
    """The self-test tried to open a network connection; the app must work offline."""


@dataclass
class CheckResult:
    name: str
    passed: bool
    detail: str
    seconds: float = 0.0


# -- the dataset -------------------------------------------------------------------------------------------------

def draw_picture(style: str, colour: tuple[int, int, int], rng, size: int = IMAGE_SIZE):
    """One noisy picture of a coloured shape on a light background."""
    import numpy as np
    from PIL import Image, ImageDraw

    background = tuple(int(v) for v in rng.integers(200, 256, size=3))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    fill = tuple(int(np.clip(c + rng.integers(-25, 26), 0, 255)) for c in colour)
    margin = int(rng.integers(4, size // 4))
    box = (margin, margin, size - margin, size - margin)
    if style == "ellipse":
        draw.ellipse(box, fill=fill)
    elif style == "rectangle":
        draw.rectangle(box, fill=fill)
    else:
        for x in range(0, size, 8):
            draw.rectangle((x, 0, x + 3, size), fill=fill)
    noise = rng.integers(-12, 13, size=(size, size, 3))
    pixels = np.clip(np.asarray(image, dtype=np.int16) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels)


def write_dataset(root: Path, per_class: int = PER_CLASS, seed: int = 0) -> dict[str, list[Path]]:
    """``root/<class>/*.png``; returns the files written per class."""
    import numpy as np

    rng = np.random.default_rng(seed)
    written: dict[str, list[Path]] = {}
    for name, (colour, style) in CLASS_STYLES.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        written[name] = []
        for i in range(per_class):
            path = folder / f"{name}_{seed}_{i:03d}.png"
            draw_picture(style, colour, rng).save(path)
            written[name].append(path)
    return written


# -- offline guard -----------------------------------------------------------------------------------------------

@contextlib.contextmanager
def no_network() -> Iterator[list[str]]:
    """Refuse internet connections while the self-test runs, and record any attempt.

    Local sockets (AF_UNIX) stay allowed: Python and torch use them between processes.
    """
    attempts: list[str] = []
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(repr(address))
            raise NetworkUsed(f"the self-test tried to connect to {address!r}; the app must work offline")
        return original_connect(sock, address)

    def refuse_ex(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(repr(address))
            raise NetworkUsed(f"the self-test tried to connect to {address!r}; the app must work offline")
        return original_connect_ex(sock, address)

    offline_env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    saved_env = {key: os.environ.get(key) for key in offline_env}
    os.environ.update(offline_env)
    socket.socket.connect, socket.socket.connect_ex = refuse, refuse_ex
    try:
        yield attempts
    finally:
        socket.socket.connect, socket.socket.connect_ex = original_connect, original_connect_ex
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# -- checks ------------------------------------------------------------------------------------------------------

def check_bundled_files() -> CheckResult:
    """The files the app ships with are where the app looks for them (frozen or from source)."""
    started = time.perf_counter()
    from desktop_app.resources import resource_path

    from desktop_app.core.data.sample_data import bundled_sample_path

    problems = []
    sample_data = bundled_sample_path()
    classes = [p for p in sample_data.iterdir() if p.is_dir()] if sample_data.is_dir() else []
    if len(classes) < 2 or not all(any(folder.glob("*.png")) for folder in classes):
        problems.append(f"sample pictures missing at {sample_data}")
    icons = resource_path("icons")
    if not icons.is_dir() or not any(icons.glob("app*.png")):
        problems.append(f"app icon missing in {icons}")
    try:
        from desktop_app.core.extraction.network import weights_path

        weights = weights_path()
        if not weights.is_file():
            problems.append(f"pretrained weights missing at {weights}")
    except Exception as exc:  # noqa: BLE001 - reported as a failed check
        problems.append(f"pretrained weights not found: {exc}")
    detail = "; ".join(problems) or "sample data, icon and pretrained weights found"
    return CheckResult("bundled files", not problems, detail, time.perf_counter() - started)


def check_torch() -> CheckResult:
    """torch works and torchvision's compiled operators are registered (the usual packaging failure)."""
    started = time.perf_counter()
    import torch

    from desktop_app.core import devices

    values = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    if float((values @ values.T).sum()) != 83.0:  # [[5, 14], [14, 50]]
        return CheckResult("torch", False, "matrix product gave a wrong result", time.perf_counter() - started)
    try:
        import torchvision.ops

        boxes = torch.tensor([[0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 10.0, 10.0], [20.0, 20.0, 30.0, 30.0]])
        kept = torchvision.ops.nms(boxes, torch.tensor([0.9, 0.8, 0.7]), 0.5).tolist()
    except Exception as exc:  # noqa: BLE001 - reported as a failed check
        return CheckResult("torch", False, f"torchvision operators unavailable: {exc}", time.perf_counter() - started)
    if kept != [0, 2]:
        return CheckResult("torch", False, f"torchvision nms gave {kept}", time.perf_counter() - started)
    device = devices.resolve_device("auto")
    detail = f"torch {torch.__version__}, torchvision ops work, device: {devices.describe_device(device)}"
    return CheckResult("torch", True, detail, time.perf_counter() - started)


def check_classifier(data_dir: Path, fresh: dict[str, list[Path]], models_dir: Path, classifier: str,
                     features: str, device: str) -> CheckResult:
    """Train with auto-tuning, check test accuracy, save + reload, predict unseen pictures."""
    from desktop_app.core.events import Finished, run_to_completion
    from desktop_app.core.modelfile.model_file import load_model, save_model
    from desktop_app.core.training import TrainingConfig, run_training

    name = f"{classifier} + {features}"
    started = time.perf_counter()
    config = TrainingConfig(data_dir=data_dir, classifier=classifier, features=features, device=device, seed=0,
                            val_fraction=0.2, test_fraction=0.2, auto_tune=True, hyperparameters={})
    finished: list[Finished] = []
    run_to_completion(run_training(config), lambda event: finished.append(event) if isinstance(event, Finished)
                      else None)
    if not finished:
        return CheckResult(name, False, "training ended without a result", time.perf_counter() - started)
    model, evaluation = finished[-1].model, finished[-1].evaluation
    if evaluation is None:
        return CheckResult(name, False, "no test pictures were evaluated", time.perf_counter() - started)
    accuracy = float(evaluation.accuracy)

    model_file = models_dir / f"{classifier}-{features}.psmodel"
    save_model(model, model_file)
    reloaded = load_model(model_file)
    files = [path for paths in fresh.values() for path in paths]
    truth = {str(path): label for label, paths in fresh.items() for path in paths}
    predictions = run_to_completion(reloaded.predict_paths(files))
    errors = [p.error for p in predictions if p.error]
    correct = sum(1 for p in predictions if p.label == truth.get(str(p.path)))
    share = correct / len(files)

    problems = []
    if accuracy < MIN_TEST_ACCURACY:
        problems.append(f"test accuracy {share_text(accuracy, 0)} is below {share_text(MIN_TEST_ACCURACY, 0)}")
    if len(predictions) != len(files):
        problems.append(f"{len(predictions)} predictions for {len(files)} pictures")
    if errors:
        problems.append(f"prediction errors: {errors[0]}")
    if share < MIN_FRESH_CORRECT:
        problems.append(f"only {correct} of {len(files)} new pictures labelled correctly")
    detail = f"test accuracy {share_text(accuracy, 0)}, new pictures {correct}/{len(files)} correct after reload"
    if problems:
        detail = "; ".join(problems)
    return CheckResult(name, not problems, detail, time.perf_counter() - started)


def _guarded(name: str, check: Callable[[], CheckResult]) -> CheckResult:
    started = time.perf_counter()
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - every failure becomes a line of the report
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(last.filename).name}:{last.lineno}"
        return CheckResult(name, False, f"{type(exc).__name__}: {exc} ({where})", time.perf_counter() - started)


# -- report ------------------------------------------------------------------------------------------------------

def _environment_line() -> str:
    frozen = "packaged app" if getattr(sys, "frozen", False) else "from source"
    return f"{APP_NAME} {__version__} self-test ({frozen}, Python {platform.python_version()}, {platform.system()})"


def format_report(results: list[CheckResult], seconds: float) -> str:
    width = max(len(r.name) for r in results)
    lines = [_environment_line(), ""]
    lines.append(f"{'check'.ljust(width)}  result  seconds  details")
    lines.append(f"{'-' * width}  ------  -------  -------")
    for r in results:
        lines.append(f"{r.name.ljust(width)}  {'ok' if r.passed else 'FAILED':6}  {r.seconds:7.1f}  {r.detail}")
    failed = sum(not r.passed for r in results)
    lines.append("")
    lines.append(f"{len(results) - failed} of {len(results)} checks passed in {seconds:.1f} s: "
                 + ("ALL GOOD" if not failed else f"{failed} FAILED"))
    return "\n".join(lines)


def run_self_test(device: str = "auto", out: TextIO | None = None) -> tuple[list[CheckResult], str]:
    """Run every check in a temporary folder; returns the results and the printed report."""
    started = time.perf_counter()
    results: list[CheckResult] = []

    def say(text: str) -> None:
        if out is not None:
            print(text, file=out, flush=True)

    say(_environment_line())
    with tempfile.TemporaryDirectory(prefix="picture-sorter-selftest-") as temp, no_network() as attempts:
        temp_dir = Path(temp)
        saved_cache = os.environ.get("DESKTOP_APP_CACHE_DIR")
        os.environ["DESKTOP_APP_CACHE_DIR"] = str(temp_dir / "cache")  # measure real work, leave no trace
        try:
            for name, check in (("bundled files", check_bundled_files), ("torch", check_torch)):
                results.append(_guarded(name, check))
                say(f"  {name}: {'ok' if results[-1].passed else 'FAILED'}")
            data_dir = temp_dir / "pictures"
            write_dataset(data_dir)
            fresh = write_dataset(temp_dir / "new_pictures", per_class=FRESH_PER_CLASS, seed=1)
            (temp_dir / "models").mkdir()
            for features in FEATURE_KINDS:
                for classifier in registry.names():  # every registered classifier
                    name = f"{classifier} + {features}"
                    results.append(_guarded(name, lambda: check_classifier(
                        data_dir, fresh, temp_dir / "models", classifier, features, device)))
                    say(f"  {name}: {'ok' if results[-1].passed else 'FAILED'}")
        finally:
            if saved_cache is None:
                os.environ.pop("DESKTOP_APP_CACHE_DIR", None)
            else:
                os.environ["DESKTOP_APP_CACHE_DIR"] = saved_cache
        if attempts:
            results.append(CheckResult("offline", False, f"network connections attempted: {', '.join(attempts)}"))
        else:
            results.append(CheckResult("offline", True, "no network connection was attempted"))
    report = format_report(results, time.perf_counter() - started)
    say("")
    say(report)
    return results, report


def main(argv: list[str] | None = None) -> int:
    """Exit code 0 when every check passed, 1 otherwise. Unknown arguments (e.g. ``--self-test``) are ignored."""
    parser = argparse.ArgumentParser(prog=f"{APP_NAME} --self-test", description="Check that the app works.")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda", "mps"),
                        help="where to compute (default: the GPU when there is one)")
    parser.add_argument("--report", type=Path, help="also write the report to this text file")
    args, _unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    from desktop_app.core.output.safe_write import atomic_write

    # A windowed app on Windows has no console: sys.stdout is None there, so the report goes to a file only.
    out = sys.stdout if sys.stdout is not None else None
    results, report = run_self_test(device=args.device, out=out)
    if args.report is not None or out is None:
        report_file = args.report or Path(tempfile.gettempdir()) / f"{APP_ID}-self-test.txt"
        data = (report + "\n").encode("utf-8")
        atomic_write(report_file, lambda handle: handle.write(data))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
