"""Regenerate resources/sample_data/digits from scikit-learn's bundled handwritten digits (no network).

Usage: python tools/make_sample_data.py
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.core.data.sample_data import bundled_sample_path, write_digits  # noqa: E402


def main() -> int:
    target = bundled_sample_path()
    shutil.rmtree(target, ignore_errors=True)
    write_digits(target)
    files = list(target.rglob("*.png"))
    size = sum(f.stat().st_size for f in files)
    print(f"Wrote {len(files)} pictures ({size / 1024:.0f} KiB) to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
