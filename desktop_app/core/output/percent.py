"""The one way to write a percentage: the window, the command line and the CSV all use these.

- A probability reads in whole percent, with one decimal from 98.5 % up, and never as 100 %: the highest it
  reads is "99.9%" (a few hundred held-out pictures cannot show that an answer is never wrong).
- "Unsure" is decided on the value as it reads (``reads_below``), and a threshold reads rounded up to the same
  steps (``threshold_text``). So an answer that reads at or above the threshold is never marked unsure, and one
  that reads below it always is, whatever the threshold's own decimals (the Predict tab's box has one).
- A share (an accuracy, a part of the pictures) may be 0 % or 100 % only when it is exactly that.

Pure Python: the window imports it before the engine.
"""
from __future__ import annotations

import math

_WHOLE_UP_TO = 98  # up to 98 % a probability reads in whole percent, from 98.5 % with one decimal
_HIGHEST_TENTHS = 999  # 99.9 %


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _tenths(probability: float) -> int | None:
    """The probability as it reads, in tenths of a percent (None when it is not a number)."""
    p = float(probability)
    if math.isnan(p):
        return None
    p = min(max(p, 0.0), 1.0)
    whole = _half_up(p * 100)
    if whole <= _WHOLE_UP_TO:
        return whole * 10
    return min(_half_up(p * 1000), _HIGHEST_TENTHS)


def _threshold_tenths(threshold: float) -> int:
    """The smallest value a probability can read that is not below ``threshold``, in tenths of a percent."""
    t = min(max(float(threshold), 0.0), 1.0) if not math.isnan(float(threshold)) else 0.0
    tenths = math.ceil(t * 1000 - 1e-6)  # 92.7 / 100 is 0.9270000000000001: still 92.7 %
    if tenths <= _WHOLE_UP_TO * 10:
        return -(-tenths // 10) * 10
    return max(tenths, _WHOLE_UP_TO * 10 + 5)


def _text(tenths: int) -> str:
    return f"{tenths // 10}%" if tenths % 10 == 0 and tenths <= _WHOLE_UP_TO * 10 else f"{tenths / 10:.1f}%"


def probability_text(probability: float) -> str:
    """A probability as it reads everywhere: "93%", "99.6%", at most "99.9%"; "?" when not a number."""
    tenths = _tenths(probability)
    return "?" if tenths is None else _text(tenths)


def threshold_text(threshold: float) -> str:
    """The "unsure" threshold, on the same steps as ``probability_text`` (rounded up)."""
    tenths = _threshold_tenths(threshold)
    return "100%" if tenths >= 1000 else _text(tenths)


def threshold_percent(threshold: float) -> float:
    """The "unsure" threshold as a number of percent, as ``threshold_text`` writes it (0.754 -> 76.0: an answer
    reading 75% is below it, one reading 76% is not), for a box the user can change."""
    return _threshold_tenths(threshold) / 10


def reads_below(probability: float, threshold: float) -> bool:
    """Whether the probability, as it reads, is below the threshold (the "unsure" rule)."""
    tenths = _tenths(probability)
    return tenths is None or tenths < _threshold_tenths(threshold)


def probability_number(probability: float) -> str:
    """A probability as a plain number for files (the CSV): four decimals, never "1.0000"."""
    p = float(probability)
    if math.isnan(p):
        return ""
    return f"{min(max(p, 0.0), 0.9999):.4f}"


def share_text(share: float, decimals: int = 1) -> str:
    """An accuracy or a part of the pictures: "87.5%"; "100%" and "0%" only when exactly so (">99.9%", "<0.1%")."""
    value = float(share)
    if math.isnan(value):
        return "?"
    step = 10.0 ** -decimals
    shown = f"{value * 100:.{decimals}f}"
    if value < 1.0 and float(shown) >= 100.0:
        return f">{100 - step:.{decimals}f}%"
    if value > 0.0 and float(shown) <= 0.0:
        return f"<{step:.{decimals}f}%"
    return f"{shown}%"
