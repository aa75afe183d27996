"""The desktop window (PySide6). Calls the core; the core never imports this package."""
