"""Command line over the same core as the window: scan, train, evaluate, predict, devices.

Exit status: 0 success, 1 a problem with the user's files or settings (plain message, no traceback), 2 usage.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any, Sequence

from desktop_app import APP_NAME, __version__
from desktop_app.cli_progress import ProgressPrinter
from desktop_app.cli_values import (check_csv_output, image_size, learning_rate, non_negative_int, positive_int,
                                    regularization, share)
from desktop_app.core import registry
from desktop_app.core.errors import UserError
from desktop_app.core.events import Cancelled, run_to_completion
from desktop_app.core.names import display_path

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


def _finite(value: Any) -> Any:
    """NaN and infinity as null: JSON has no such numbers, and a bare NaN breaks every JSON reader."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _emit_json(payload: Any) -> None:
    # ensure_ascii keeps file names that are not UTF-8 as \udcXX escapes: valid JSON that os.fsencode restores
    print(json.dumps(_finite(json.loads(json.dumps(payload, default=str))), indent=2, allow_nan=False))


def _run(gen, args) -> Any:
    printer = ProgressPrinter(enabled=not (args.json or args.quiet))
    try:
        return run_to_completion(gen, printer)
    finally:
        printer.close()


def _check_regular_file_args(*paths: str) -> None:
    """Named files that are pipes or devices are refused at once (reading one could block for ever)."""
    from desktop_app.core.regular_files import NotRegularFile, require_regular_file

    for path in paths:
        try:
            require_regular_file(path)
        except NotRegularFile as exc:
            if exc.description != "a folder":
                raise UserError(f"{display_path(path)} is not a file that can be read: it is {exc.description}.")
        except OSError:
            pass  # missing files are reported by the command itself, in its own words


# -- commands ------------------------------------------------------------------------------------------------------
def cmd_scan(args) -> int:
    from desktop_app.core.dataset import scan_folder

    report = _run(scan_folder(Path(args.folder), cancel=args.cancel), args)
    payload = report.to_json()
    if args.json:
        _emit_json(payload)
        return EXIT_OK
    print(f"Dataset: {display_path(args.folder)}")
    splits = payload.get("splits", {})
    for name, count in payload["classes"].items():
        per_split = splits.get(name, {})
        extra = ", ".join(f"{split} {n}" for split, n in per_split.items() if split not in ("all",) and n)
        print(f"  {display_path(name):<24} {count:>7,} pictures" + (f"  ({extra})" if extra else ""))
    if payload["problems"]:
        print(f"{len(payload['problems'])} problem(s):")
        for problem in payload["problems"]:
            print(f"  - {display_path(problem['path'])}: {problem['message']}")
    else:
        print("No problems found.")
    return EXIT_OK


def _hyperparameters(args) -> dict[str, Any]:
    chosen = {
        "k": args.k,
        "distance": args.distance,
        "weighting": args.weighting,
        "learning_rate": args.learning_rate,
        "regularization": args.regularization,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
    }
    return {key: value for key, value in chosen.items() if value is not None}


def cmd_train(args) -> int:
    from desktop_app.core.model_file import check_model_output, save_model
    from desktop_app.core.dataset import check_shares
    from desktop_app.core.training import TrainingConfig, run_training

    check_shares(args.val, 0.0 if args.test else args.test_share)
    # before the long work: never train for an hour to then refuse the file name or destroy an input
    out = check_model_output(args.out, input_folders=[p for p in (args.folder, args.test) if p], force=args.force)
    hyper = _hyperparameters(args)
    searched = registry.get(args.classifier).searched
    auto = not args.no_auto and not any(key in hyper for key in searched)
    config = TrainingConfig(
        data_dir=Path(args.folder), classifier=args.classifier, features=args.features, device=args.device,
        seed=args.seed, val_fraction=args.val, test_fraction=args.test_share,
        test_dir=Path(args.test) if args.test else None, auto_tune=auto, hyperparameters=hyper,
        image_size=args.image_size,
    )
    result = _run(run_training(config, cancel=args.cancel), args)
    saved = save_model(result.model, out, force=args.force)
    payload = {
        "model": str(saved),
        "accuracy": result.evaluation.accuracy if result.evaluation else None,
        "val_accuracy": result.model.metrics.get("val_accuracy"),
        "val_accuracy_title": registry.held_out_title(result.model.metrics),
        "classifier": args.classifier,
        "features": result.model.feature_settings.to_dict(),
        "hyperparameters": result.model.hyperparameters,
        "classes": result.model.class_names,
        "counts": result.model.training_info.get("counts"),
        "device": result.model.training_info.get("device"),
        "seconds": round(result.seconds, 2),
        "evaluation": result.evaluation.to_dict() if result.evaluation else None,
    }
    if args.json:
        _emit_json(payload)
    else:
        if result.evaluation:
            print(f"Test accuracy: {result.evaluation.accuracy:.1%} on {payload['counts']['test']:,} pictures")
        if payload["val_accuracy"] is not None:
            print(f"{payload['val_accuracy_title']}: {payload['val_accuracy']:.1%}")
        print(f"Settings: {payload['hyperparameters']}")
        print(f"Saved the model to {display_path(saved)} ({result.seconds:.1f} s on {payload['device']})")
    return EXIT_OK


def cmd_evaluate(args) -> int:
    from desktop_app.core.training import evaluate_folder
    from desktop_app.core.model_file import load_model

    _check_regular_file_args(args.model)
    model = load_model(args.model)
    evaluation = _run(evaluate_folder(model, Path(args.folder), device=args.device, cancel=args.cancel), args)
    payload = evaluation.to_dict()  # includes "ece" and the "reliability" table
    answered, right = evaluation.answered_at(model.unsure_threshold)
    payload["unsure_threshold"] = model.unsure_threshold
    payload["answered"], payload["answered_accuracy"] = answered, right
    if args.json:
        _emit_json(payload)
        return EXIT_OK
    print(f"Accuracy: {evaluation.accuracy:.1%} on {len(evaluation.predicted):,} pictures")
    print(f"Calibration error (ECE): {evaluation.ece:.3f} (0 means the percentages match how often it is right)")
    if right is not None:
        print(f"Answers at {model.unsure_threshold:.0%} or more (the rest are \"unsure\"): {answered:.0%} of the "
              f"pictures, right {right:.1%} of the time")
    print(f"  {'class':<20} precision  recall     F1  pictures")
    for row in payload["per_class"]:
        print(f"  {row['name']:<20} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f} {row['support']:9,}")
    mistakes = payload.get("mistakes", [])[:10]
    if mistakes:
        print("Most confident mistakes:")
        for m in mistakes:
            print(f"  {display_path(m['path'])}: is {m['true']}, predicted {m['predicted']} ({m['confidence']:.0%})")
    return EXIT_OK


def cmd_predict(args) -> int:
    from desktop_app.core.devices import resolve_device
    from desktop_app.core.model_file import load_model

    _check_regular_file_args(args.model)
    csv_path = check_csv_output(args.csv, args.model, args.paths, args.force) if args.csv else None
    model = load_model(args.model)
    predictions = _run(model.predict_paths([Path(p) for p in args.paths], device=resolve_device(args.device),
                                           top=args.top, unsure_below=args.unsure_below, cancel=args.cancel), args)
    if not predictions:
        raise UserError("No pictures found in the given paths.")
    if args.csv:
        from desktop_app.core.csv_output import write_predictions_csv

        write_predictions_csv(predictions, csv_path)
    if args.json:
        _emit_json([p.to_dict() for p in predictions])
    else:
        for p in predictions:
            if p.error:
                print(f"{display_path(p.path)}: {p.error}")
            else:
                others = ", ".join(f"{name} {prob:.0%}" for name, prob in p.top[1:])
                print(f"{display_path(p.path)}: {p.label} ({p.probability:.0%})" + (" unsure" if p.unsure else "")
                      + (f"  [{others}]" if others else ""))
    return EXIT_USER_ERROR if all(p.error for p in predictions) else EXIT_OK


def cmd_devices(args) -> int:
    from desktop_app.core import devices

    found = devices.available_devices()
    payload = {
        "devices": [info.to_dict() for info in found],
        "default": devices.describe_device(devices.resolve_device("auto")),
        "no_gpu_reason": devices.no_gpu_reason(),
    }
    if args.json:
        _emit_json(payload)
    else:
        for info in found:
            print(f"{info.kind:<5} {info.description}")
        if payload["no_gpu_reason"]:
            print(f"No GPU: {payload['no_gpu_reason']}")
    return EXIT_OK


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


# -- parser ----------------------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2 and one line (scripts read the last line)
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _global_options(defaults: bool) -> argparse.ArgumentParser:
    """--json and --quiet, accepted before and after the command: the command's copy has no defaults, so it
    never overwrites a value given before the command."""
    common = argparse.ArgumentParser(add_help=False)
    extra = {} if defaults else {"default": argparse.SUPPRESS}
    common.add_argument("--json", action="store_true", help="print one JSON object instead of text", **extra)
    common.add_argument("--quiet", "-q", action="store_true", help="no progress output", **extra)
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _global_options(defaults=False)
    parser = _Parser(prog="image-classifier", description=f"{APP_NAME} {__version__}: train and use picture "
                     "classifiers (kNN, linear SVM, softmax) offline.", parents=[_global_options(defaults=True)])
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("scan", parents=[common], help="check a dataset folder and count its pictures")
    p.add_argument("folder")
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("train", parents=[common], help="train a classifier on a folder of class sub-folders")
    p.add_argument("folder")
    p.add_argument("--classifier", choices=registry.CLASSIFIER_NAMES, default=registry.DEFAULT_CLASSIFIER)
    p.add_argument("--features", choices=registry.FEATURE_KINDS, default="pretrained")
    p.add_argument("--out", required=True, help="where to save the model file")
    p.add_argument("--force", action="store_true", help="replace --out even if it is not a model file")
    p.add_argument("--test", help="a folder of test pictures (then none are carved out of FOLDER)")
    p.add_argument("--seed", type=non_negative_int, default=0)
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    p.add_argument("--val", type=share, default=0.15, help="share of pictures for validation (default 0.15)")
    p.add_argument("--test-share", type=share, default=0.15, help="share for testing when there is no test folder")
    p.add_argument("--image-size", type=image_size, help="input size in pixels for the feature extractor")
    p.add_argument("--no-auto", action="store_true", help="do not search k/distance or learning rate/regularisation")
    p.add_argument("--k", type=positive_int, help="kNN: number of neighbours (fixes it instead of cross-validating)")
    p.add_argument("--distance", choices=("l1", "l2", "cosine"), help="kNN distance")
    p.add_argument("--weighting", choices=("majority", "distance"), help="kNN vote")
    p.add_argument("--learning-rate", type=learning_rate, help="SVM/softmax learning rate")
    p.add_argument("--regularization", type=regularization, help="SVM/softmax L2 regularisation strength")
    p.add_argument("--epochs", type=positive_int, help="SVM/softmax maximum epochs")
    p.add_argument("--batch-size", type=positive_int, help="SVM/softmax minibatch size")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", parents=[common], help="measure a model on a labelled folder")
    p.add_argument("model")
    p.add_argument("folder")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("predict", parents=[common], help="label pictures or folders of pictures")
    p.add_argument("model")
    p.add_argument("paths", nargs="+")
    p.add_argument("--top", type=positive_int, default=3, help="how many answers per picture (default 3)")
    p.add_argument("--csv", help="also write the results to this CSV file")
    p.add_argument("--force", action="store_true", help="replace --csv even if it is not a CSV of this app")
    p.add_argument("--unsure-below", type=_probability, metavar="P",
                   help="mark answers below this probability (0-1) as unsure (default: the model's own, "
                        "chosen on validation pictures)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("devices", parents=[common], help="list the compute devices found")
    p.set_defaults(func=cmd_devices)
    return parser


def _printable_streams() -> None:
    """Printing never fails on a name that is not UTF-8 or a terminal that cannot show a character."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: Sequence[str] | None = None) -> int:
    from desktop_app.interrupt import EXIT_STOPPED, run_interruptible

    _printable_streams()
    parser = build_parser()
    args = parser.parse_args(argv)

    def work(cancel) -> int:
        from desktop_app.core import preload

        # Everything is imported here, on this one thread, before any thread of a step (scanning, decoding)
        # starts: two threads importing at once can deadlock (docs/architecture.md, "Threads").
        if args.command == "scan":
            preload.load_window_modules()
        else:
            preload.load_engine()
        args.cancel = cancel
        return args.func(args)

    try:
        return run_interruptible(work)
    except UserError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except (Cancelled, KeyboardInterrupt):
        print("Stopped.", file=sys.stderr)
        return EXIT_STOPPED
    finally:
        _print_cache_warning()


def _print_cache_warning() -> None:
    from desktop_app.core.paths import cache_warning

    warning = cache_warning()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
