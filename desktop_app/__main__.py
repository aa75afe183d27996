"""``python -m desktop_app`` opens the window; ``--self-test`` checks the installation without one."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--self-test" in argv:
        from desktop_app import selftest  # lazily: the self-test must work where the window cannot open

        return int(selftest.main() or 0)
    from desktop_app.gui.app import run

    return run([sys.argv[0], *argv])


if __name__ == "__main__":
    sys.exit(main())
