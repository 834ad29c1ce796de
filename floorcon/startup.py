"""Python's cyclic garbage collector during start-up: held back while the libraries load.

At its default threshold the collector runs hundreds of times while Textual, SQLAlchemy and
pydantic build their classes, and finds nothing to free: about a tenth of what `floorcon note`
or the console's first paint costs. The `floorcon` command raises the young generation's
threshold before it imports anything; a command runs to its end that way (a collection still
comes every 50,000 new objects, so memory stays bounded). The console, once the dashboard shows
its data, freezes what start-up built (never to be scanned again) and restores the defaults.
"""

from __future__ import annotations

import gc

START_THRESHOLD = 50_000
_defaults: tuple[int, ...] | None = None  # the thresholds before start-up raised them


def hold_back() -> None:
    """Raise the young generation's threshold for the start-up (the `floorcon` command only)."""
    global _defaults
    if _defaults is None:
        _defaults = gc.get_threshold()
        gc.set_threshold(START_THRESHOLD, *_defaults[1:])


def settle() -> None:
    """Start-up is over: freeze what it built and restore the thresholds. Nothing to do in a
    process that did not hold back (tests, an embedding program) or on a second call."""
    global _defaults
    if _defaults is not None:
        gc.freeze()
        gc.set_threshold(*_defaults)
        _defaults = None
