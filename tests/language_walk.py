"""Walking the window's tabs for the words a user sees: what the translation tests read."""
from __future__ import annotations

import re

from PySide6.QtWidgets import (QAbstractButton, QGroupBox, QHeaderView, QLabel, QMenu, QTabBar, QWidget)

# Words that stay as they are in any language: names of methods and file kinds, units, keys, the sample's and
# the app's names.
ALLOWED_WORDS = {
    "knn", "svm", "softmax", "l1", "l2", "f1", "onnx", "gpu", "cpu", "cuda", "mps", "csv", "png", "html", "pca",
    "sne", "t-sne", "ctrl", "shift", "enter", "esc", "f2", "pdf", "exp", "log", "max", "wx", "efficientnet",
    "lite0", "psmodel", "picture", "sorter", "kb", "mb", "gb", "ms", "px", "rgb", "cats", "dogs", "nvidia", "apple",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a user sees now: labels, buttons, group titles, tab titles, table headers and
    the menus' entries."""
    found: list[tuple[str, str]] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        kind = type(widget).__name__
        if isinstance(widget, QLabel):
            found.append((kind, widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append((kind, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((kind, widget.title()))
        elif isinstance(widget, QTabBar):
            found += [(kind, widget.tabText(i)) for i in range(widget.count()) if widget.isTabVisible(i)]
        elif isinstance(widget, QHeaderView) and widget.model() is not None:
            found += [(kind, str(widget.model().headerData(section, widget.orientation()) or ""))
                      for section in range(widget.count()) if not widget.isSectionHidden(section)]
    for menu in window.menuBar().findChildren(QMenu):
        found.append(("menu", menu.title()))
        found += [("menu", action.text()) for action in menu.actions() if action.isVisible()]
    found += [("menu bar", action.text()) for action in window.menuBar().actions()]
    return found


def english_words(text: str, allowed: set[str]) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text)  # rich text: the tags are not seen
    plain = re.sub(r"&(?=\w)", "", plain)  # a keyboard mnemonic: "Soft&max" reads "Softmax"
    plain = re.sub(r"\S+\.(png|jpg|jpeg|csv|psmodel|onnx|html)\b", " ", plain, flags=re.IGNORECASE)  # file names
    plain = re.sub(r"\S*[/\\]\S*", " ", plain)  # paths
    return [word for word in WORD.findall(plain)
            if len(word) > 1 and word.lower() not in ALLOWED_WORDS and word.lower() not in allowed]


def untranslated(window: QWidget, allowed: set[str] = frozenset()) -> dict[str, str]:
    """{text: where} of each visible text that still has an English word."""
    allowed = {word.lower() for word in allowed}
    return {text: where for where, text in visible_texts(window) if english_words(text, allowed)}

