"""The one family of errors CYPP shows to people: ``ApplicationError`` and its subclasses.

A service refuses a write by raising a subclass of ``ApplicationError`` whose message is
written for the person who asked (a page shows it as it is, a command prints it). Pages and
commands catch ``ApplicationError`` once, where they used to catch each app's class.

Some subclasses keep a second, older base (``ValueError``, or Django's ``ValidationError``
for the reports' classes) so that code which caught them by that base keeps working.

This module sits below every app and imports nothing from CYPP or Django, so the pure
Python parts (the minutes extraction) may use it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ApplicationError(Exception):
    """A refusal with a message for the person: ``message``, and where known the form field
    (``field``), the row of a file (``row``) and the file (``file``) it is about.

    ``str(error)`` stays what it was for each subclass (the message, or Django's rendering
    for the ``ValidationError`` ones); ``message`` is the plain text to show, and
    ``error_message(error)`` is that text for any error.
    """

    # The text to show; typed as Django types its ValidationError's (a text or a lazy text),
    # so the reports' classes can derive from both.
    message: Any
    field: str | None = None
    row: int | None = None
    file: str | None = None

    def __init__(
        self,
        message: Any = "",
        *args: Any,
        field: str | None = None,
        row: int | None = None,
        file: str | None = None,
    ) -> None:
        # Cooperative: a subclass that also derives from ValidationError passes the message
        # (a text, a list or a {field: messages} dict) on to it unchanged.
        super().__init__(message, *args)
        if field is not None:
            self.field = field
        if row is not None:
            self.row = row
        if file is not None:
            self.file = file
        if isinstance(message, str):
            self.message = message
        # A ValidationError given several messages (a list, or a {field: messages} dict)
        # keeps no ``message``: Django reads one as "a single message". ``error_message``
        # joins its messages instead.


def rejection_message(what: str, problems: Sequence[object], *, shown: int) -> str:
    """The message of a file refused whole (an import, a plan file): how many problems, that
    nothing was changed, then the first ``shown`` problems a line each and how many more."""
    lines = "\n".join(f"  {p}" for p in problems[:shown])
    more = f"\n  ... and {len(problems) - shown} more" if len(problems) > shown else ""
    return f"{what} rejected: {len(problems)} problem(s); nothing was changed.\n{lines}{more}"


def error_message(error: BaseException) -> str:
    """The text to show a person for ``error``: its ``message`` if it is one of ours, else
    ``str(error)``."""
    if isinstance(error, ApplicationError) and isinstance(getattr(error, "message", None), str):
        return str(error.message)
    messages = getattr(error, "messages", None)  # a ValidationError of several messages
    if isinstance(messages, list):
        return " ".join(str(m) for m in messages)
    return str(error)
