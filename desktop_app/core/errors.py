"""Errors whose message is meant for the user, as is (plain language, what to do next)."""


class UserError(Exception):
    """A problem with the user's files or settings; never a bug. The message is shown without a traceback."""
