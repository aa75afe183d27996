"""``python -m desktop_app.cli``: the command line."""
import sys

from desktop_app.cli import main

sys.exit(main())
