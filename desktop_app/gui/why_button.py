"""The "Why?" of the Predict and Evaluate tabs: a button (and a right-click menu item) on a view of pictures
that opens the window's "Why?" view (gui/why_view.py) for the current picture."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QWidget

from desktop_app.gui.why_view import WhyView


def open_why(widget: QWidget, signals, path: str, evaluation=None) -> WhyView:
    """Open the window's "Why?" view for the picture at ``path``; a test picture of ``evaluation`` has its right
    class from there."""
    view = WhyView.for_window(widget, signals)
    view.explain(path, true_class_of(evaluation, path))
    view.bring_up()
    return view


def true_class_of(evaluation, path: str) -> str | None:
    paths, truth = getattr(evaluation, "paths", None), getattr(evaluation, "y_true", None)
    if paths is None or truth is None:
        return None
    try:
        return evaluation.class_names[int(truth[list(paths).index(path)])]
    except (ValueError, IndexError):
        return None


def add_why_button(view: QAbstractItemView, path_of: Callable[[QModelIndex], str | None],
                   open_path: Callable[[str], object], text: str = "") -> QPushButton:
    """A "Why?" button for the view's current picture, also on its right-click menu (``text``: another
    keyboard shortcut, for a second button on the same tab)."""
    button = QPushButton(text or QCoreApplication.translate("WhyButton", "&Why?"))
    button.setToolTip(QCoreApplication.translate(
        "WhyButton", "How the model came to its answer for the selected picture: its scores and loss "
        "step by step, or the training pictures that voted."))
    button.setMaximumSize(QSize(button.sizeHint().width() * 2, button.sizeHint().height()))

    action = QAction(QCoreApplication.translate("WhyButton", "Why?"), view)

    def current_path() -> str | None:
        index = view.currentIndex()
        return path_of(index) if index.isValid() else None

    def why() -> None:
        path = current_path()
        if path:
            open_path(path)

    def follow() -> None:  # only a picture that can be explained: selected, and read
        enabled = bool(current_path())
        button.setEnabled(enabled)
        action.setEnabled(enabled)

    button.clicked.connect(why)
    action.triggered.connect(why)
    view.addAction(action)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.selectionModel().currentChanged.connect(follow)
    for signal in (view.model().modelReset, view.model().rowsRemoved):
        signal.connect(follow)
    follow()
    return button
