"""Small widgets shared by the tabs: "do this first" gates, hints, error dialogs, delegates, the stall meter.
Thumbnails are in thumbnails.py."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QStackedWidget, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from desktop_app.core.output.percent import probability_text


class HintLabel(QLabel):
    """The one line at the top of a tab that says what to do next."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setObjectName("hint")
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(6)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class PrerequisiteGate(QStackedWidget):
    """Shows a "do this step first" page instead of dead controls until the tab's prerequisite exists."""

    go_requested = Signal()

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._missing_page = QWidget()
        layout = QVBoxLayout(self._missing_page)
        layout.addStretch(1)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.message_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.message_label.setFont(font)
        layout.addWidget(self.message_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.go_button = QPushButton()
        self.go_button.clicked.connect(self.go_requested)
        row.addWidget(self.go_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.addWidget(self._missing_page)
        self.addWidget(content)
        self.content = content

    def set_missing(self, message: str, button_text: str) -> None:
        self.message_label.setText(message)
        self.go_button.setText(button_text)
        self.setCurrentWidget(self._missing_page)
        self.updateGeometry()

    def set_ready(self) -> None:
        self.setCurrentWidget(self.content)
        self.updateGeometry()

    # Sized by the page shown, not the largest page: "do this first" must not scroll on a small screen.
    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.currentWidget().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.currentWidget().sizeHint()

    @property
    def ready(self) -> bool:
        return self.currentWidget() is self.content


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> QMessageBox:
    """A plain message; technical details, if any, stay collapsed behind "Show Details..."."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()  # not exec(): tests and the event loop keep running
    return box


# -- bars ------------------------------------------------------------------------------------------------------
class BarDelegate(QStyledItemDelegate):
    """Paints the cell's UserRole value (0..1) as a bar behind its text; used for class balance."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        fraction = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(fraction, (int, float)):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(3, 4, -3, -4)
        painter.save()
        highlight = option.palette.color(QPalette.ColorRole.Highlight)
        painter.fillRect(QRect(rect.left(), rect.top(), int(rect.width() * max(0.0, min(1.0, fraction))),
                               rect.height()), highlight)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.drawRect(rect)
        painter.restore()


class TopLabelsDelegate(QStyledItemDelegate):
    """Paints up to three (label, confidence) lines, each with a confidence bar; data in UserRole."""

    LINE_HEIGHT = 20

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        ranked = index.data(Qt.ItemDataRole.UserRole)
        if not ranked:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        text_colour = option.palette.color(QPalette.ColorRole.Text)
        bar_colour = option.palette.color(QPalette.ColorRole.Highlight)
        rect = option.rect.adjusted(4, 2, -4, -2)
        label_width = int(rect.width() * 0.45)
        for line, (label, probability) in enumerate(ranked[:3]):
            top = rect.top() + line * self.LINE_HEIGHT
            text_rect = QRect(rect.left(), top, label_width, self.LINE_HEIGHT)
            painter.setPen(text_colour)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             f"{label}  {probability_text(probability)}")
            bar_rect = QRect(rect.left() + label_width + 4, top + 5, rect.width() - label_width - 4,
                             self.LINE_HEIGHT - 10)
            painter.setPen(text_colour)
            painter.drawRect(bar_rect)
            painter.fillRect(QRect(bar_rect.left(), bar_rect.top(), int(bar_rect.width() * probability),
                                   bar_rect.height()), bar_colour)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt API
        return QSize(260, self.LINE_HEIGHT * 3 + 4)


class StallMeter(QObject):
    """Measures how long the event loop goes without running a timer: the window's worst "freeze", and when
    each gap over ``LONG_MS`` happened (ms since start, gap in ms)."""

    LONG_MS = 100

    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QElapsedTimer, QTimer

        self._interval = interval_ms
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0
        self.max_stall_ms = 0.0
        self.ticks = 0
        self.elapsed_ms = 0.0
        self.long_gaps: list[tuple[int, float]] = []

    def start(self) -> None:
        self.max_stall_ms = 0.0
        self.ticks = 0
        self.long_gaps: list[tuple[int, float]] = []
        self._clock.start()
        self._last = 0
        self._timer.start()

    def stop(self) -> float:
        """Stops measuring; the gap since the last tick counts too (a freeze until the very end is a freeze)."""
        self._timer.stop()
        self._tick()
        self.elapsed_ms = float(self._clock.elapsed())
        return self.max_stall_ms

    @Slot()
    def _tick(self) -> None:
        now = self._clock.elapsed()
        stall = float(now - self._last - self._interval)
        self.max_stall_ms = max(self.max_stall_ms, stall)
        if stall > self.LONG_MS:
            self.long_gaps.append((int(now), stall))
        self._last = now
        self.ticks += 1


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text from the user, stripped; None when cancelled or blank. Wide enough that the title and a
    long class name show whole (QInputDialog.getText sizes itself to the label and cuts the title)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    metrics = dialog.fontMetrics()
    dialog.setMinimumWidth(max(420, metrics.horizontalAdvance(title) + 200, metrics.horizontalAdvance(text) + 80))
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue().strip() or None


def write_png_atomically(pixmap, path: Path) -> bool:
    """PNG through core.safe_write: an old file is replaced whole or not at all (full disk, crash)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from desktop_app.core.errors import UserError
    from desktop_app.core.output.safe_write import atomic_write

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        return False
    try:
        atomic_write(path, lambda handle: handle.write(bytes(data)))
    except UserError:
        return False
    return True
