"""Text that stays readable in light and dark themes: WCAG 2 contrast, and a dimmed label that keeps to it."""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white); 4.5 is the AA minimum for body text."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


READABLE_CONTRAST = 4.5
SECONDARY_CONTRAST = 7.0  # secondary text is dimmed, but well above the 4.5 minimum in light and dark themes


def secondary_text_colour(palette: QPalette) -> QColor:
    """The window text colour moved towards the background as far as it stays clearly readable."""
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    best = text
    for step in range(1, 10):
        share = step / 20  # up to 45 % of the way towards the background
        mixed = QColor(round(text.red() + (window.red() - text.red()) * share),
                       round(text.green() + (window.green() - text.green()) * share),
                       round(text.blue() + (window.blue() - text.blue()) * share))
        if contrast_ratio(mixed, window) < SECONDARY_CONTRAST:
            break
        best = mixed
    return best


class SecondaryLabel(QLabel):
    """Explanations under a choice: a little dimmer than normal text, yet readable (never the disabled grey)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._follow_palette()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == event.Type.ApplicationPaletteChange:
            self._follow_palette()

    def _follow_palette(self) -> None:
        palette = QApplication.palette(self)
        palette.setColor(QPalette.ColorRole.WindowText, secondary_text_colour(palette))
        self.setPalette(palette)
