"""Subsets of the shared data sets for the benchmarks, made once: the first files of each folder (by name),
hard-linked (copied where the file system cannot link), so a benchmark reads the same pictures every run."""
from __future__ import annotations

import os
from pathlib import Path


def linked_files(source: Path, target: Path, count: int) -> list[Path]:
    """The first ``count`` files of ``source`` (by name), linked into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for file in sorted(p for p in source.iterdir() if p.is_file())[:count]:
        link = target / file.name
        if not link.exists():
            try:
                os.link(file, link)
            except OSError:  # another file system: a copy reads the same
                link.write_bytes(file.read_bytes())
        made.append(link)
    return made


def linked_classes(source: Path, target: Path, per_class: int) -> Path:
    """Every class folder of ``source`` with its first ``per_class`` files, linked into ``target``."""
    for class_dir in sorted(p for p in source.iterdir() if p.is_dir()):
        linked_files(class_dir, target / class_dir.name, per_class)
    return target
