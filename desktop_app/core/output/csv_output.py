"""The one CSV format for predictions, written by the command line (``predict --csv``) and the Predict tab.

Columns: path, label, probability, unsure (yes/no), unlike_training (yes/no: not like the training pictures;
empty for a model that cannot tell), then label_1, probability_1 ... for the top answers, then
error. Every text cell goes through ``names.csv_cell`` (one line, valid UTF-8 whatever bytes a name holds, no
cell a spreadsheet would run as a formula); probabilities through ``percent.probability_number`` (never 1).
Written atomically, so an existing file is never left half-written.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Sequence

from desktop_app.core.output.names import csv_cell
from desktop_app.core.output.percent import probability_number
from desktop_app.core.output.safe_write import atomic_write


def prediction_rows(predictions: Sequence) -> list[list[str]]:
    """Header and one row per prediction (``model_file.Prediction``), as strings."""
    top_n = max((len(p.top) for p in predictions), default=0)
    header = ["path", "label", "probability", "unsure", "unlike_training"]
    for rank in range(1, top_n + 1):
        header += [f"label_{rank}", f"probability_{rank}"]
    header.append("error")
    rows = [header]
    for p in predictions:
        failed = bool(p.error)
        row = [csv_cell(p.path), csv_cell(p.label or ""), "" if failed else probability_number(p.probability),
               "" if failed else ("yes" if p.unsure else "no"), _yes_no(p.unlike_training)]
        for rank in range(top_n):
            row += [csv_cell(p.top[rank][0]), probability_number(p.top[rank][1])] if rank < len(p.top) else ["", ""]
        row.append(csv_cell(p.error or ""))
        rows.append(row)
    return rows


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else "yes" if flag else "no"


def write_predictions_csv(predictions: Sequence, path: str | Path) -> Path:
    """Write the predictions as CSV (UTF-8); raises ``safe_write.OutputPathError`` (a UserError) on failure."""
    text = io.StringIO()
    csv.writer(text).writerows(prediction_rows(predictions))
    data = text.getvalue().encode("utf-8")
    return atomic_write(Path(path), lambda handle: handle.write(data))
