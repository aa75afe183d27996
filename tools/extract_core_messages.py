"""Collect the core's translatable messages (every ``translate("literal")`` or ``translatable("literal")`` call under desktop_app/core/) into
resources/translations/picture-sorter-core_zh_TW.ts (Qt Linguist, context "core"), keeping the translations it
already holds. New messages are marked unfinished; messages no longer in the code are kept as vanished.

Usage: python tools/extract_core_messages.py [--check]   (--check: exit 1 when the .ts is out of date)
"""
from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "desktop_app" / "core"
TS_FILE = ROOT / "resources" / "translations" / "picture-sorter-core_zh_TW.ts"
CONTEXT = "core"
LANGUAGE = "zh_TW"


def core_messages(core: Path = CORE) -> dict[str, list[str]]:
    """Each ``translate("...")`` literal under ``core`` with the files it is in (relative to the root). Files, not
    lines: an edit elsewhere in a file leaves the .ts as it is."""
    found: dict[str, list[str]] = {}
    for path in sorted(core.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("translate", "translatable")
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                where = path.relative_to(ROOT).as_posix()
                files = found.setdefault(node.args[0].value, [])
                if where not in files:
                    files.append(where)
    return found


def read_translations(ts_file: Path) -> dict[str, tuple[str, str | None]]:
    """source -> (translation, type attribute) of the context "core" in an existing .ts."""
    if not ts_file.exists():
        return {}
    known = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            known[message.findtext("source") or ""] = (
                (translation.text or "") if translation is not None else "",
                translation.get("type") if translation is not None else None)
    return known


def ts_text(messages: dict[str, list[str]], known: dict[str, tuple[str, str | None]]) -> str:
    root = ET.Element("TS", version="2.1", language=LANGUAGE)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    vanished = {source: known[source] for source in known if source not in messages}
    for source in sorted(messages) + sorted(vanished):
        message = ET.SubElement(context, "message")
        for filename in messages.get(source, []):
            ET.SubElement(message, "location", filename="../../" + filename)
        ET.SubElement(message, "source").text = source
        text, kind = known.get(source, ("", None))
        translation = ET.SubElement(message, "translation")
        translation.text = text
        if source in vanished:
            translation.set("type", "vanished")
        elif not text or kind == "unfinished":
            translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    messages = core_messages()
    text = ts_text(messages, read_translations(TS_FILE))
    if check:
        current = TS_FILE.read_text(encoding="utf-8") if TS_FILE.exists() else ""
        if current != text:
            print(f"{TS_FILE.relative_to(ROOT)} is out of date: run python tools/extract_core_messages.py")
            return 1
        return 0
    TS_FILE.parent.mkdir(parents=True, exist_ok=True)
    TS_FILE.write_text(text, encoding="utf-8")
    untranslated = sum(1 for source in messages if not read_translations(TS_FILE)[source][0])
    print(f"{len(messages)} messages in {TS_FILE.relative_to(ROOT)}, {untranslated} not translated yet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
