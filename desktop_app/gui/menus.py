"""The main window's menu bar: File (with Open recent) and Help (the quick guide, About); View > Language is
gui/language.py. Words keep the window's translation context ("MainWindow")."""
from __future__ import annotations

import platform
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from desktop_app import APP_NAME, __version__
from desktop_app.gui import settings
from desktop_app.gui.language import add_language_menu
from desktop_app.gui.report_export import ReportExport
from desktop_app.core import preload


translate = QCoreApplication.translate  # under the name Qt's lupdate reads, with the context


def build_menus(window: QMainWindow) -> None:
    """The menus and their actions, kept on the window (``window.save_model_action``, ``window.recent_menu``...)."""
    file_menu = window.menuBar().addMenu(translate("MainWindow", "&File"))
    window.open_dataset_action = QAction(translate("MainWindow", "Open &dataset folder..."), window)
    window.open_dataset_action.setShortcut(QKeySequence.StandardKey.Open)
    window.open_dataset_action.triggered.connect(window._open_dataset_from_menu)
    window.sample_action = QAction(translate("MainWindow", "Try the &sample dataset"), window)
    window.sample_action.triggered.connect(window._load_sample_from_menu)
    window.open_model_action = QAction(translate("MainWindow", "Open &model..."), window)
    window.open_model_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
    window.open_model_action.triggered.connect(window.choose_model_file)
    window.save_model_action = QAction(translate("MainWindow", "&Save model..."), window)
    window.save_model_action.setShortcut(QKeySequence.StandardKey.Save)
    window.save_model_action.triggered.connect(window.choose_save_model_path)
    window.save_model_action.setEnabled(False)
    window.export_action = QAction(translate("MainWindow", "&Export for other programs..."), window)
    window.export_action.triggered.connect(window.model_export.choose_path)
    window.export_action.setEnabled(False)
    window.recent_menu = file_menu.addMenu(translate("MainWindow", "Open &recent"))
    window.recent_menu.aboutToShow.connect(window._fill_recent_menu)
    window.quit_action = QAction(translate("MainWindow", "&Quit"), window)
    # Ctrl+Q where the platform names no Quit keys (Windows, offscreen)
    window.quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
                                    or [QKeySequence("Ctrl+Q")])
    window.quit_action.triggered.connect(window.close)
    file_menu.insertAction(window.recent_menu.menuAction(), window.open_dataset_action)
    file_menu.insertAction(window.recent_menu.menuAction(), window.sample_action)
    file_menu.insertAction(window.recent_menu.menuAction(), window.open_model_action)
    file_menu.insertAction(window.recent_menu.menuAction(), window.save_model_action)
    file_menu.insertAction(window.recent_menu.menuAction(), window.export_action)
    window.report_export = ReportExport(window.signals, window)  # File > Export report... (gui/report_export.py)
    file_menu.insertAction(window.recent_menu.menuAction(), window.report_export.action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)

    window.language_choices = add_language_menu(window)  # View > Language (gui/language.py)

    help_menu = window.menuBar().addMenu(translate("MainWindow", "&Help"))
    guide = QAction(translate("MainWindow", "&Quick guide"), window)
    guide.setShortcut(QKeySequence.StandardKey.HelpContents)
    guide.triggered.connect(window.show_quick_guide)
    about = QAction(translate("MainWindow", "&About {app}").format(app=APP_NAME), window)
    about.triggered.connect(window.show_about)
    help_menu.addAction(guide)
    help_menu.addAction(about)


def fill_recent_menu(menu: QMenu, open_recent: Callable[[], None]) -> None:
    """File > Open recent: the remembered datasets, then models; each action's data is (kind, path)."""
    menu.clear()
    datasets = settings.recent_items("datasets")
    models = settings.recent_items("models")
    for path in datasets:
        action = menu.addAction(translate("MainWindow", "Dataset: {path}").format(path=path))
        action.setData(("dataset", path))
        action.triggered.connect(open_recent)
    if datasets and models:
        menu.addSeparator()
    for path in models:
        action = menu.addAction(translate("MainWindow", "Model: {path}").format(path=path))
        action.setData(("model", path))
        action.triggered.connect(open_recent)
    if not datasets and not models:
        empty = menu.addAction(translate("MainWindow", "(nothing yet)"))
        empty.setEnabled(False)


def show_quick_guide(window: QMainWindow) -> None:
    QMessageBox.information(window, translate("MainWindow", "Quick guide"), translate(
        "MainWindow",
        "<h3>From pictures to answers in five steps</h3>"
        "<ol>"
        "<li><b>Dataset</b>: open a folder that holds one sub-folder of pictures per class "
        "(for example <i>cats</i> and <i>dogs</i>), or try the sample dataset. You can also drop a "
        "folder on the window.</li>"
        "<li><b>Model</b>: pick a classifier. Softmax with pretrained-network features is a good start.</li>"
        "<li><b>Train</b>: press Start training and watch the curves.</li>"
        "<li><b>Evaluate</b>: see how often it is right on pictures it has never seen, and which classes "
        "it mixes up.</li>"
        "<li><b>Predict</b>: drop new pictures on the Predict tab. Save the model to use it again later.</li>"
        "</ol>"
        "<p>Everything runs on this computer; no picture leaves it.</p>"))


def show_about(window: QMainWindow, device_text: str) -> None:
    import PySide6

    versions = {"Python": platform.python_version(), "Qt": PySide6.QtCore.qVersion(),
                "PySide6": PySide6.__version__}
    try:
        if not preload.scikit_learn_loaded():  # never import (or wait for) the engine on this thread
            raise LookupError("the engine is still loading")
        from desktop_app.core.modelfile.model_file import library_versions

        core = library_versions()
        versions.update({"PyTorch": core.get("torch", "?"), "NumPy": core.get("numpy", "?"),
                         "scikit-learn": core.get("scikit-learn", "?"), "Pillow": core.get("pillow", "?")})
    except Exception:  # noqa: BLE001 - the About box must open even without the engine
        pass
    rows = "".join(f"<tr><td>{name}</td><td>{version}</td></tr>" for name, version in versions.items())
    QMessageBox.about(window, translate("MainWindow", "About {app}").format(app=APP_NAME), translate(
        "MainWindow",
        "<h3>{app} {version}</h3><p>Teach the computer to sort pictures: k-nearest neighbours, linear SVM "
        "and softmax classifiers on raw pixels or pretrained-network features. Works offline.</p>"
        "<p>Compute device: {device}</p><table>{rows}</table>").format(
            app=APP_NAME, version=__version__, device=device_text, rows=rows))
