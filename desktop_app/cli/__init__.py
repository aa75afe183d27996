"""Command line over the same core as the window: scan, train, evaluate, predict, devices, export;
learning-curve and report (cli/report_commands.py).

Exit status: 0 success, 1 a problem with the user's files or settings (plain message, no traceback) or results
that could not be printed (a full disk; what the command saves is still saved), 2 usage, 130 stopped. A closed
pipe (``| head``) ends quietly with the command's own status. What is printed is in cli_output.py.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

from desktop_app import APP_NAME, __version__
from desktop_app.cli.output import (emit_json, guarded_streams, one_line, prediction_line, print_evaluation,
                                    print_scan, print_training, printable_streams)
from desktop_app.cli.progress import ProgressPrinter
from desktop_app.cli.report_commands import add_commands as add_report_commands
from desktop_app.cli.values import (add_classifier_settings, check_csv_output, check_output_name, hyperparameters,
                                    image_size, positive_int, seed, share)
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.events import Cancelled, run_to_completion
from desktop_app.core.output.names import display_text

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


def _run(gen, args) -> Any:
    printer = ProgressPrinter(enabled=not (args.json or args.quiet))
    try:
        return run_to_completion(gen, printer)
    finally:
        printer.close()


def _check_regular_file_args(*paths: str) -> None:
    """Named files that are pipes or devices are refused at once (reading one could block for ever)."""
    from desktop_app.core.data.regular_files import NotRegularFile, require_regular_file

    for path in paths:
        try:
            require_regular_file(path)
        except NotRegularFile as exc:
            if exc.description != "a folder":
                raise UserError(f"{display_text(path)} is not a file that can be read: it is {exc.description}.")
        except OSError:
            pass  # missing files are reported by the command itself, in its own words


# -- commands ------------------------------------------------------------------------------------------------------
def cmd_scan(args) -> int:
    from desktop_app.core.data.folder_scan import scan_folder

    report = _run(scan_folder(Path(args.folder), cancel=args.cancel, follow_links=args.follow_links), args)
    payload = report.to_json()
    if args.json:
        emit_json(payload)
    else:
        print_scan(args.folder, payload)
    return EXIT_OK


def cmd_train(args) -> int:
    from desktop_app.core.modelfile.model_file import check_model_output, save_model
    from desktop_app.core.data.splitting import check_shares
    from desktop_app.core.training import TrainingConfig, run_training

    check_shares(args.val, 0.0 if args.test else args.test_share)
    # before the long work: never train for an hour to then refuse the file name or destroy an input
    check_output_name(args.out, "--out", "model.psmodel")
    out = check_model_output(args.out, input_folders=[p for p in (args.folder, args.test) if p], force=args.force)
    hyper = hyperparameters(args)
    searched = registry.get(args.classifier).searched
    auto = not args.no_auto and not any(key in hyper for key in searched)
    config = TrainingConfig(
        data_dir=Path(args.folder), classifier=args.classifier, features=args.features, device=args.device,
        seed=args.seed, val_fraction=args.val, test_fraction=args.test_share,
        test_dir=Path(args.test) if args.test else None, auto_tune=auto, hyperparameters=hyper,
        image_size=args.image_size, follow_links=args.follow_links,
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
        **_interval_fields(result.evaluation),
        "test_copies": result.model.metrics.get("test_copies"),
    }
    if args.json:
        emit_json(payload)
    else:
        print_training(payload, result.seconds, saved)
    return EXIT_OK


def _interval_fields(evaluation) -> dict[str, Any]:
    """The accuracy's 95 % interval and the number of pictures it was measured on (None without a test)."""
    if evaluation is None:
        return {"accuracy_interval": None, "test_pictures": 0}
    return {"accuracy_interval": list(evaluation.accuracy_interval), "test_pictures": evaluation.n_examples}


def cmd_evaluate(args) -> int:
    from desktop_app.core.training import evaluate_folder
    from desktop_app.core.modelfile.model_file import load_model

    _check_regular_file_args(args.model)
    model = load_model(args.model)
    evaluation = _run(evaluate_folder(model, Path(args.folder), device=args.device, cancel=args.cancel,
                                      follow_links=args.follow_links), args)
    payload = evaluation.to_dict()  # includes "ece" and the "reliability" table
    payload.update(_interval_fields(evaluation))
    answered, right = evaluation.answered_at(model.unsure_threshold)
    payload["unsure_threshold"] = model.unsure_threshold
    payload["answered"], payload["answered_accuracy"] = answered, right
    if args.json:
        emit_json(payload)
    else:
        print_evaluation(evaluation, payload, model.unsure_threshold, answered, right)
    return EXIT_OK


def cmd_predict(args) -> int:
    from desktop_app.core.devices import resolve_device
    from desktop_app.core.modelfile.model_file import load_model

    _check_regular_file_args(args.model)
    csv_path = check_csv_output(args.csv, args.model, args.paths, args.force) if args.csv is not None else None
    model = load_model(args.model)
    predictions = _run(model.predict_paths([Path(p) for p in args.paths], device=resolve_device(args.device),
                                           top=args.top, unsure_below=args.unsure_below, cancel=args.cancel), args)
    if not predictions:
        raise UserError("No pictures found in the given paths.")
    if csv_path is not None:
        from desktop_app.core.output.csv_output import write_predictions_csv

        write_predictions_csv(predictions, csv_path)
    if args.json:
        emit_json([p.to_dict() for p in predictions])
    else:
        for p in predictions:
            print(prediction_line(p))
    return EXIT_USER_ERROR if all(p.error for p in predictions) else EXIT_OK


def cmd_suspects(args) -> int:
    from desktop_app.cli import suspects_command
    from desktop_app.core.analysis.suspects import feature_settings, find_suspects_in_folder

    settings = feature_settings(args.features, args.image_size)
    search = _run(find_suspects_in_folder(Path(args.folder), args.features, args.image_size, args.device,
                                          args.cancel, args.follow_links), args)
    result = suspects_command.payload(search, settings.to_dict())
    if args.json:
        emit_json(result)
    else:
        suspects_command.print_suspects(result)
    return EXIT_OK


def cmd_devices(args) -> int:
    from desktop_app.core import devices

    payload = devices.to_json()
    if args.json:
        emit_json(payload)
    else:
        for info in payload["devices"]:
            print(f"{info['kind']:<5} {info['description']}")
        print(payload["explanation"])  # as the Train tab says it
    return EXIT_OK


def cmd_export(args) -> int:
    from desktop_app.cli.export import run_export

    run_export(args, _run, _check_regular_file_args)
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


def _follow_links_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--follow-links", action="store_true",
                        help="follow links that lead outside the folder (by default they are reported and skipped)")


def build_parser() -> argparse.ArgumentParser:
    common = _global_options(defaults=False)
    parser = _Parser(prog="picture-sorter", description=f"{APP_NAME} {__version__}: train and use picture "
                     "classifiers (kNN, linear SVM, softmax) offline.", parents=[_global_options(defaults=True)])
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("scan", parents=[common], help="check a dataset folder and count its pictures")
    p.add_argument("folder")
    _follow_links_option(p)
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("train", parents=[common], help="train a classifier on a folder of class sub-folders")
    p.add_argument("folder")
    p.add_argument("--classifier", choices=registry.CLASSIFIER_NAMES, default=registry.DEFAULT_CLASSIFIER)
    p.add_argument("--features", choices=registry.FEATURE_KINDS, default="pretrained")
    p.add_argument("--out", required=True, help="where to save the model file")
    p.add_argument("--force", action="store_true", help="replace --out even if it is not a model file")
    p.add_argument("--test", help="a folder of test pictures (then none are carved out of FOLDER)")
    p.add_argument("--seed", type=seed, default=0, help="for the split and training (0 to 4294967295)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    p.add_argument("--val", type=share, default=0.15, help="share of pictures for validation (default 0.15)")
    p.add_argument("--test-share", type=share, default=0.15, help="share for testing when there is no test folder")
    p.add_argument("--image-size", type=image_size, help="input size in pixels for the feature extractor")
    p.add_argument("--no-auto", action="store_true", help="do not search k/distance or learning rate/regularisation")
    add_classifier_settings(p, "kNN: number of neighbours (fixes it instead of cross-validating)")
    _follow_links_option(p)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", parents=[common], help="measure a model on a labelled folder")
    p.add_argument("model")
    p.add_argument("folder")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    _follow_links_option(p)
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

    p = sub.add_parser("suspects", parents=[common], help="list pictures possibly in the wrong class folder")
    from desktop_app.cli.suspects_command import add_arguments
    add_arguments(p, image_size)
    _follow_links_option(p)
    p.set_defaults(func=cmd_suspects)

    p = sub.add_parser("devices", parents=[common], help="list the compute devices found")
    p.set_defaults(func=cmd_devices)

    from desktop_app.cli import export

    export.add_parser(sub, common, cmd_export)
    add_report_commands(sub, common, _follow_links_option)  # learning-curve, report (cli/report_commands.py)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    printable_streams()
    with guarded_streams() as (out, err):
        code = _main(argv)
        out.flush()
        if out.failure is not None and not out.closed_pipe:
            # the results could not be printed (a full disk): what the command saves was saved; the status says so
            saved = " (what the command saves, a model or a CSV file, was saved)" if code == EXIT_OK else ""
            print(f"error: could not print the results: {out.failure.strerror or out.failure}{saved}.",
                  file=sys.stderr)
            code = code or EXIT_USER_ERROR
    return code  # a closed pipe (| head) ends quietly with the command's own status


def _main(argv: Sequence[str] | None) -> int:
    from desktop_app.cli.interrupt import EXIT_STOPPED, run_interruptible

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE

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
        print(f"error: {one_line(exc)}", file=sys.stderr)
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
        print(f"warning: {one_line(warning)}", file=sys.stderr)

