"""The translations: Linguist sources complete and consistent, compiled by PySide6's lrelease, found from source and
in the bundle, compiled by run.py before the app or the tests start."""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop_app import resources

REPO_ROOT = Path(__file__).resolve().parent.parent
WINDOW_TS = REPO_ROOT / "resources" / "translations" / "picture-sorter_zh_TW.ts"


def load_build_module(name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", REPO_ROOT / "build" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translations = load_build_module("translations")
contents = load_build_module("bundle_contents")


def _messages(path: Path):
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{[^{}]*\}", text))


def _mnemonics(text: str) -> list[str]:
    return [letter.lower() for letter in re.findall(r"&([^&\s])", text.replace("&&", ""))]


def test_every_window_string_is_translated_with_its_placeholders_and_mnemonic():
    checked = 0
    for context, source, translation in _messages(WINDOW_TS):
        if translation.get("type") in ("obsolete", "vanished"):
            continue
        text = translation.text or ""
        where = f"{context}: {source!r}"
        assert text.strip() and translation.get("type") != "unfinished", f"not translated: {where}"
        assert _placeholders(text) == _placeholders(source), f"placeholders differ: {where} -> {text!r}"
        assert _mnemonics(text) == _mnemonics(source), f"keyboard mnemonic differs: {where} -> {text!r}"
        assert not re.search(r"&[^&\s]", text) or re.search(r"\(&[^&\s]\)", text), f"mnemonic not as (&X): {text!r}"
        checked += 1
    assert checked > 400


def test_compiling_writes_missing_and_stale_files_only(tmp_path):
    shutil.copy(WINDOW_TS, tmp_path / WINDOW_TS.name)
    compiled = tmp_path / "picture-sorter_zh_TW.qm"
    assert translations.compile_translations(tmp_path) == [compiled]
    assert compiled.stat().st_size > 10_000
    assert translations.compile_translations(tmp_path) == []  # up to date
    source = tmp_path / WINDOW_TS.name
    later = compiled.stat().st_mtime + 10
    os.utime(source, (later, later))
    assert translations.compile_translations(tmp_path) == [compiled]  # the .ts changed: compiled again


def test_compiled_window_translation_is_found_where_the_app_looks(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale

    from desktop_app.gui.language import install_translations, remove_translations

    translations.compile_translations()
    assert resources.resource_path("translations", "picture-sorter_zh_TW.qm").is_file()
    installed = install_translations(qapp, QLocale("zh_TW"))
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "檔案(&F)"
        opening = QCoreApplication.translate("DatasetTab", "&Open a dataset folder...")
        assert opening == "開啟資料集資料夾(&O)..."
    finally:
        remove_translations(qapp, installed)
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    english = install_translations(qapp, QLocale("en"))
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    finally:
        remove_translations(qapp, english)


def test_the_bundle_ships_the_compiled_translations_not_their_sources():
    translations.compile_translations()
    shipped = contents.translation_files()
    assert REPO_ROOT / "resources" / "translations" / "picture-sorter_zh_TW.qm" in shipped
    bundled_folders = [(Path(source), dest) for source, dest in contents.data_files()]
    for path in shipped:
        source, dest = next((s, d) for s, d in bundled_folders if path.is_relative_to(s))
        inside = Path(dest) / path.relative_to(source)
        assert not contents.is_excluded_data(inside.as_posix()), inside
    assert contents.is_excluded_data("resources/translations/picture-sorter_zh_TW.ts")


def test_bundle_list_refuses_uncompiled_translations(tmp_path, monkeypatch):
    (tmp_path / "translations").mkdir()
    shutil.copy(WINDOW_TS, tmp_path / "translations" / WINDOW_TS.name)
    monkeypatch.setattr(contents, "RESOURCES_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="compile the translations"):
        contents.translation_files()


def test_compiled_translations_stay_out_of_git():
    assert "*.qm" in (REPO_ROOT / ".gitignore").read_text().split()


@pytest.mark.parametrize("command", ["app", "test"])
def test_run_script_compiles_translations_before_starting(command, monkeypatch):
    spec = importlib.util.spec_from_file_location("run_script_for_translations", REPO_ROOT / "run.py")
    run_script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_script)
    calls = []
    monkeypatch.setattr(run_script, "ensure_environment", lambda extras: Path("/venv/bin/python"))
    monkeypatch.setattr(run_script.subprocess, "call", lambda args, **kw: calls.append(args) or 0)
    monkeypatch.setattr(run_script, "run_tests", lambda python, args: calls.append(["pytest"]) or 0)
    assert run_script.main([command]) == 0
    assert calls[0] == ["/venv/bin/python", str(REPO_ROOT / "build" / "translations.py")]
    assert len(calls) == 2  # then the app or the tests
