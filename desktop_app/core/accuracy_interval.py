"""How sure a measured accuracy is: the 95 % Wilson score interval of a share of right answers.

Wilson's interval (E. B. Wilson, 1927) stays inside 0..1 and keeps a sensible width for small test sets and for
accuracies near 0 % or 100 %, where the textbook "p +- 1.96 standard errors" does neither. Closed form (neither
statsmodels nor a library call is needed for it); pure Python, so the window may import it before the engine.
"""
from __future__ import annotations

import math

Z_95 = 1.959963984540054  # the standard normal's 97.5 % point: 95 % of the probability lies within +-Z_95
WIDE_HALF_WIDTH = 0.05  # an interval wider than +-5 points is called rough, and more test pictures suggested


def wilson_interval(right: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """(low, high) of the 95 % Wilson interval for ``right`` right answers out of ``total``; (0, 1) for none."""
    if total <= 0:
        return 0.0, 1.0
    right = min(max(int(right), 0), int(total))
    share = right / total
    z2 = z * z
    centre = (share + z2 / (2 * total)) / (1 + z2 / total)
    half = z * math.sqrt(share * (1 - share) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    # exact at the ends: 0 of n right can only lie from 0, n of n up to 1 (floating point left a 1e-17 gap)
    low = 0.0 if right == 0 else max(0.0, centre - half)
    high = 1.0 if right == total else min(1.0, centre + half)
    return low, high


def accuracy_interval(accuracy: float, total: int) -> tuple[float, float]:
    """The interval of an accuracy measured on ``total`` pictures (the number right is accuracy * total)."""
    return wilson_interval(round(float(accuracy) * total), total)


def is_wide(low: float, high: float) -> bool:
    """Wider than +-5 points: one test picture more or less moves the accuracy noticeably."""
    return (high - low) / 2 > WIDE_HALF_WIDTH
