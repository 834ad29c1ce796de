"""What a thread worker read for a screen, and whether a newer read has replaced it."""

from __future__ import annotations

from textual.message import Message
from textual.worker import NoActiveWorker, get_current_worker


class Reloaded(Message):
    """Posted by a loading worker with what it read. An exclusive worker is cancelled when a
    newer one of its group starts, but its thread runs on and still posts: `superseded` tells
    the handler (on the UI thread, where the newer one was started) to drop it, so an older
    read that finishes last never replaces what the newer one shows."""

    def __init__(self) -> None:
        super().__init__()
        try:
            self._worker = get_current_worker()
        except NoActiveWorker:  # posted outside a worker (a test): nothing supersedes it
            self._worker = None

    @property
    def superseded(self) -> bool:
        return self._worker is not None and self._worker.is_cancelled
