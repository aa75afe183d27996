"""Core messages in the user's language, without Qt: the core words its messages as English templates with named
placeholders and passes each through ``translate`` before filling it in
(``translate("Skipped {count} pictures.").format(count=n)``). The window installs Qt's translator at start
(``set_translator``); the command line installs none and stays English. tools/extract_core_messages.py collects
every ``translate("...")`` literal into resources/translations/picture-sorter-core_zh_TW.ts (Qt context "core").

Pure Python: the window imports it before the engine."""
from __future__ import annotations

from typing import Callable

CONTEXT = "core"  # the Qt Linguist context of the core's messages

_translator: Callable[[str], str] | None = None
_generation = 0  # counts set_translator calls: words made earlier and kept (the device report) are made again


def set_translator(translator: Callable[[str], str] | None) -> None:
    """Install the function that turns an English template into the user's language (None: English again)."""
    global _translator, _generation
    _translator = translator
    _generation += 1


def generation() -> int:
    """Changes whenever the translator does: a cache of worded text keys on it."""
    return _generation


def translatable(text: str) -> str:
    """Marks a template kept in a table for ``translate`` later (the extractor collects it); returns it as is."""
    return text


def translate(text: str) -> str:
    """The template in the user's language; the English as is without a translator or a translation."""
    translator = _translator
    if translator is None:
        return text
    try:
        translated = translator(text)
    except Exception:  # a broken translator must never cost the user the message itself
        return text
    return translated if isinstance(translated, str) and translated else text
