"""The interface language: the system's unless View > Language chose one; the translators Qt needs for it.

Translations are Qt Linguist files compiled to resources/translations/<name>_<locale>.qm (build/translations.py):
the window's strings (picture-sorter_*), the core's messages (picture-sorter-core_*) and Qt's own (qtbase_*).
A choice in the menu is remembered and applies from the next start: the tabs build their texts once.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMessageBox

from desktop_app.core.output.translation import CONTEXT as CORE_CONTEXT, set_translator
from desktop_app import APP_ID, APP_NAME
from desktop_app.gui import settings
from desktop_app.resources import resource_path

LANGUAGE_KEY = "interface/language"
SYSTEM = ""  # no choice made: follow the system's language
# code -> the language's name in itself (so anyone can find their own)
LANGUAGES = {"en": "English", "zh_TW": "繁體中文"}
TRANSLATION_FILES = (APP_ID, f"{APP_ID}-core")
# Shown in every language at once: the user may not read the one the window is in now.
NEXT_START_NOTE = "The language changes the next time {app} starts.\n下次啟動 {app} 時會改用所選的語言。"


def chosen_language() -> str:
    """The language chosen in the menu ("en", "zh_TW"), or SYSTEM."""
    return settings.read(LANGUAGE_KEY, SYSTEM, choices=(SYSTEM, *LANGUAGES))


def offered_language(locale: QLocale) -> str:
    """The offered language for a system's locale: 繁體中文 for any Chinese written in traditional characters
    (Taiwan, Hong Kong, Macau, zh_Hant), else English (a window half in the system's language, where Qt has
    its own strings in it, and half in English would be worse than all English)."""
    traditional = locale.language() == QLocale.Language.Chinese and \
        locale.script() == QLocale.Script.TraditionalChineseScript
    return "zh_TW" if traditional else "en"


def interface_locale() -> QLocale:
    return QLocale(chosen_language() or offered_language(QLocale.system()))


def install_translations(app: QCoreApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Install Qt's strings, the window's and the core's in ``locale`` (the chosen or system language); the
    files that do not exist for it (English: none) are skipped. Returns the translators installed."""
    locale = locale or interface_locale()
    translators = []
    folders = [("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    folders += [(name, str(resource_path("translations"))) for name in TRANSLATION_FILES]
    for name, folder in folders:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            translators.append(translator)
    # the core's messages (plain Python, no Qt) are translated through the same translators, from any thread
    set_translator(lambda text: QCoreApplication.translate(CORE_CONTEXT, text))
    return translators


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
    set_translator(None)


def current_menu_language() -> str:
    """The language the menu shows as chosen: the remembered one, else the system's when it is offered."""
    return chosen_language() or offered_language(QLocale.system())


def add_language_menu(window: QMainWindow) -> QActionGroup:
    """View > Language: one entry per language, the current one ticked; a choice is remembered."""
    view_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "V&iew"))
    language_menu = view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Language"))
    group = QActionGroup(language_menu)
    current = current_menu_language()
    for code, name in LANGUAGES.items():
        action = QAction(name, group)
        action.setCheckable(True)
        action.setChecked(code == current)
        action.setData(code)
        language_menu.addAction(action)
    group.triggered.connect(lambda action: choose_language(window, action.data(), started_in=current))
    return group


def choose_language(window: QMainWindow, code: str, started_in: str) -> QMessageBox | None:
    """Remember ``code`` and, when it is not the language the window shows now, say in both languages that it
    applies from the next start."""
    settings.set_value(LANGUAGE_KEY, code)
    if code == started_in:
        return None
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, NEXT_START_NOTE.format(app=APP_NAME),
                      QMessageBox.StandardButton.Ok, window)
    box.open()  # window-modal, not blocking
    return box
