"""Crash logs without personal data: the frames of a traceback, never values or messages.

Textual's and Python's usual crash output print local variables or messages that may hold a
client's name, phone or e-mail. floorcon writes only where it failed: exception type, file,
line and function.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

LOG_NAME = "floorcon.log"


def scrubbed_traceback(error: BaseException) -> str:
    """'ValueError' and the frames (file:line in function), nothing else."""
    lines = [f"{type(error).__module__}.{type(error).__qualname__}"]
    for frame in traceback.extract_tb(error.__traceback__):
        lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
    cause = error.__cause__ or error.__context__
    if cause is not None and cause is not error:
        lines.append("caused by " + scrubbed_traceback(cause))
    return "\n".join(lines)


def write_crash_log(folder: Path, error: BaseException, context: str = "") -> Path | None:
    """Append a scrubbed entry to floorcon.log in the store's folder (0600); its path, or None."""
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now(UTC).isoformat(timespec='seconds')} unexpected error"
                      f"{' ' + context if context else ''}\n{scrubbed_traceback(error)}\n\n")
    except OSError:
        return None
    return path
