"""Line charts as inline SVG text, for the report: no plotting library, no Qt, nothing outside the file.

Every label is escaped (``names.html_text``): class names come from folder names and
may hold markup. The SVG carries no namespace URL: inline in HTML5 it needs none, and the report holds no URL.
"""
from __future__ import annotations

import math
from typing import Sequence

from desktop_app.core.output.names import display_text, html_text

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 16, 44


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value <= high + 1e-9 * step:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _label(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e5 else f"{value:.2g}"


def line_chart(series: Sequence[tuple[str, Sequence[tuple[float, float]]]], x_title: str, y_title: str,
               y_range: tuple[float, float] | None = None, diagonal: bool = False, width: int = 520,
               height: int = 280, title: str = "", x_range: tuple[float, float] | None = None) -> str:
    """One chart of named lines (points joined, each marked); ``diagonal`` draws y = x dashed (reliability).
    Points that are not finite numbers are left out."""
    cleaned = [(name, [(float(x), float(y)) for x, y in points if _finite(x) and _finite(y)])
               for name, points in series]
    xs = [x for _, points in cleaned for x, _ in points] or [0.0, 1.0]
    ys = [y for _, points in cleaned for _, y in points] or [0.0, 1.0]
    x_low, x_high = x_range if x_range is not None else (min(xs), max(xs))
    y_low, y_high = y_range if y_range is not None else (min(ys), max(ys))
    if x_high <= x_low:
        x_low, x_high = x_low - 0.5, x_high + 0.5
    if y_high <= y_low:
        y_low, y_high = y_low - 0.5, y_high + 0.5
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM

    def px(x: float) -> float:
        return _LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def py(y: float) -> float:
        return _TOP + (1 - (y - y_low) / (y_high - y_low)) * plot_h

    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{html_text(title or y_title)}" font-family="sans-serif" font-size="11">',
             f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#999"/>']
    for tick in _nice_ticks(y_low, y_high):
        if y_low - 1e-9 <= tick <= y_high + 1e-9:
            parts.append(f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{py(tick):.1f}" y2="{py(tick):.1f}" '
                         'stroke="#eee"/>')
            parts.append(f'<text x="{_LEFT - 4}" y="{py(tick) + 4:.1f}" text-anchor="end">{_label(tick)}</text>')
    for tick in _nice_ticks(x_low, x_high):
        if x_low - 1e-9 <= tick <= x_high + 1e-9:
            parts.append(f'<text x="{px(tick):.1f}" y="{_TOP + plot_h + 14}" text-anchor="middle">'
                         f'{_label(tick)}</text>')
    parts.append(f'<text x="{_LEFT + plot_w / 2:.1f}" y="{height - 16}" text-anchor="middle">'
                 f'{html_text(x_title)}</text>')
    parts.append(f'<text x="12" y="{_TOP + plot_h / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {_TOP + plot_h / 2:.1f})">{html_text(y_title)}</text>')
    if diagonal:
        parts.append(f'<line x1="{px(x_low):.1f}" y1="{py(x_low):.1f}" x2="{px(x_high):.1f}" y2="{py(x_high):.1f}" '
                     'stroke="#999" stroke-dasharray="4 3"/>')
    legend_x = _LEFT + 8
    for number, (name, points) in enumerate(cleaned):
        colour = COLOURS[number % len(COLOURS)]
        if points:
            path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            parts.extend(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" fill="{colour}"/>' for x, y in points)
        if len(cleaned) > 1 and number < 12:
            y = height - 4
            parts.append(f'<rect x="{legend_x}" y="{y - 8}" width="10" height="3" fill="{colour}"/>'
                         f'<text x="{legend_x + 13}" y="{y}">{html_text(name)}</text>')
            legend_x += 24 + 6 * min(len(display_text(name)), 24)
    parts.append("</svg>")
    return "".join(parts)


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
