"""Python's cyclic garbage collector during start-up: held back while the libraries load.

At its default threshold the collector runs hundreds of times while Textual, SQLAlchemy and
pydantic build their classes, and finds nothing to free: about a tenth of what `floorcon note`
or the console's first paint costs. The `floorcon` command turns it off before it imports
anything. A one-line capture (`floorcon note`, `sale`, `followup`: one save, a few thousand
objects of its own) runs to its end that way: even one collection at a raised threshold costs
it a twentieth of its run. Every other command, and the console, turns it back on at once, at a
raised threshold (a collection every 50,000 new objects, so memory stays bounded), and the
console, once the dashboard shows its data, freezes what start-up built (never to be scanned
again) and restores the defaults.

The same process also keeps its threads' C allocations in one heap (share_arenas): tuning for
the `floorcon` process alone, never for a program (or a test suite) that embeds the app.
"""

from __future__ import annotations

import gc

START_THRESHOLD = 50_000
M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
_defaults: tuple[int, ...] | None = None  # the thresholds before start-up raised them
_held = False  # this process is the `floorcon` command (it held back)


def hold_back() -> None:
    """Turn the collector off for the start-up, its young threshold raised for when it comes
    back on (the `floorcon` command only)."""
    global _defaults, _held
    _held = True
    if _defaults is None:
        _defaults = gc.get_threshold()
        gc.set_threshold(START_THRESHOLD, *_defaults[1:])
        gc.disable()


def resume() -> None:
    """The run is more than a one-line capture: the collector works again, at the raised
    threshold until settle(). Nothing to do in a process that did not hold back."""
    if _defaults is not None:
        gc.enable()


def settle() -> None:
    """Start-up is over: freeze what it built and restore the thresholds. Nothing to do in a
    process that did not hold back (tests, an embedding program) or on a second call."""
    global _defaults
    if _defaults is not None:
        gc.freeze()
        gc.enable()
        gc.set_threshold(*_defaults)
        _defaults = None


def share_arenas() -> None:
    """The console's threads share one malloc arena (glibc only; elsewhere nothing).

    glibc gives each thread that allocates beside another its own arena, up to eight a core,
    and an arena keeps what was freed in it: with the reload workers, the change watcher and
    the day's upkeep each in its own, the console grew by 15 to 25 MB over a few reloads on a
    large store. Called once the console has painted, before its first worker starts; only in
    the `floorcon` process (after hold_back), never in a program that merely embeds the app.
    """
    if not _held:
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library to ask, or not glibc's
        return
    mallopt(M_ARENA_MAX, 1)
