"""``export MODEL --onnx OUT.onnx``: the model as one ONNX file for other programs (core/export/onnx_export.py)."""
from __future__ import annotations

import argparse

from desktop_app.cli.output import emit_json
from desktop_app.cli.values import check_output_name


def add_parser(sub, common: argparse.ArgumentParser, command) -> None:
    p = sub.add_parser("export", parents=[common], help="write a model as an ONNX file for other programs")
    p.add_argument("model")
    p.add_argument("--onnx", required=True, metavar="OUT.onnx",
                   help="the ONNX file to write (a description OUT.json is written beside it)")
    p.set_defaults(func=command)


def run_export(args, run_steps, check_regular_file_args) -> dict:
    """Checks the output before reading the model (one line each), exports, prints; returns the JSON payload."""
    from desktop_app.core.export import onnx_export
    from desktop_app.core.modelfile.model_file import load_model

    check_regular_file_args(args.model)
    check_output_name(args.onnx, "--onnx", "model.onnx")
    onnx_export.check_export_output(args.onnx, model_path=args.model)
    model = load_model(args.model)
    result = run_steps(onnx_export.export_steps(model, args.onnx, model_path=args.model, cancel=args.cancel), args)
    payload = result.to_dict()
    if args.json:
        emit_json(payload)
    else:
        print(onnx_export.export_summary(result))
    return payload
