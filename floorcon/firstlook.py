"""The console's first look: its three panes, read by a second process while it paints.

The console paints first, then loads the store layer (SQLAlchemy and SQLModel, about 300 ms)
and queries: all on one core, as Python runs one thread at a time. Where the machine has a
second core, the `floorcon` console starts a second interpreter first thing
(`python -m floorcon.firstlook`): it loads the store layer while the console reads its
settings and loads Textual, is given the settings and the clock pickled on its stdin, reads
the three panes from a store that needs no writing (`db.open_as_it_is`), writes them pickled on
its stdout (plain data: `services.panes`, which loads no store layer) and exits. The console
shows them as soon as they come; its own read (the same panes, the People line, the radar)
then replaces them, and keeps them current. The child only ever reads; whatever stops it, the
console carries on as it would without it.

Spawned (`posix_spawn`), not forked: a fork's pages are shared until written, and the console
then pays a copy for every page it touches while it loads Textual and paints.
"""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import select
import signal
import sys
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .clock import Clock
    from .config import Settings
    from .services.panes import Panes

WAIT_S = 10.0  # the longest the console listens for the first look
CHUNK = 1 << 16


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Child:
    pid: int
    to_child: int  # its stdin: the settings and the clock, pickled
    from_child: int  # its stdout: the panes, pickled


_spawned: _Child | None = None  # started by spawn(), not yet given its settings


def spawn() -> None:
    """Start the reader now, before the settings are read: the console's command line
    (`cli.main`) calls this first thing, and the child loads the store layer while the console
    reads its settings; `start` then hands them over."""
    global _spawned
    if _spawned is None and can_spawn():
        _spawned = _spawn()


def abandon() -> None:
    """The console did not open (a damaged store, a bad config): end a reader not handed its
    settings."""
    global _spawned
    child, _spawned = _spawned, None
    if child is not None:
        _discard(child)


def can_spawn() -> bool:
    """A second interpreter helps only on a second core."""
    return hasattr(os, "posix_spawn") and cores() > 1


def start(settings: Settings, clock: Clock) -> FirstLook | None:
    """Hand the reader its settings (starting it now if `spawn` did not). None where it would
    not help or cannot run: a server store (the time is the server's round trips, not imports),
    no store file yet, a single core, no spawn."""
    global _spawned
    child, _spawned = _spawned, None
    told = None
    if not settings.on_server and settings.store_path.exists() and can_spawn():
        with suppress(pickle.PicklingError, TypeError, AttributeError):  # a clock given a function
            told = pickle.dumps((settings, clock), pickle.HIGHEST_PROTOCOL)
    if told is None:
        if child is not None:
            _discard(child)
        return None
    child = child or _spawn()
    if child is None:
        return None
    with suppress(OSError), os.fdopen(child.to_child, "wb") as out:
        out.write(told)  # a few kB: within a pipe's buffer, so no wait for the child
    return FirstLook(child.pid, child.from_child)


def _spawn() -> _Child | None:
    given, to_child = os.pipe()
    from_child, sent = os.pipe()
    try:
        pid = os.posix_spawn(
            sys.executable, [sys.executable, "-P", "-m", __name__], os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, given, 0), (os.POSIX_SPAWN_DUP2, sent, 1),
                          (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)],  # never the terminal
        )
    except OSError:
        os.close(to_child)
        os.close(from_child)
        return None
    finally:
        os.close(given)
        os.close(sent)
    return _Child(pid, to_child, from_child)


def _discard(child: _Child) -> None:
    """A reader that will not be needed: end it (it may still be loading) and its pipes."""
    os.close(child.to_child)
    FirstLook(child.pid, child.from_child).stop()
    os.close(child.from_child)


def read(settings: Settings, clock: Clock) -> bytes | None:
    """Today's three panes, pickled; None when the store cannot be read without writing."""
    from .db import open_as_it_is
    from .services.dashboard import read_panes

    store = open_as_it_is(settings)
    if store is None:
        return None
    try:
        with store.read() as session:
            panes = read_panes(session, store.boutique_id, clock, settings)
    finally:
        store.dispose()
    return pickle.dumps(panes, pickle.HIGHEST_PROTOCOL)


def main() -> int:
    """The child: the store layer loaded first (the console is still reading its settings),
    then the settings and the clock in, the panes out; exit 1 without them (no settings came,
    or the store cannot be read without writing)."""
    gc.disable()  # a short life: nothing worth collecting
    importlib.import_module("floorcon.services.dashboard")
    told = sys.stdin.buffer.read()
    if not told:
        return 1
    settings, clock = pickle.loads(told)  # from the console that started it
    blob = read(settings, clock)
    if blob is None:
        return 1
    sys.stdout.buffer.write(blob)
    sys.stdout.buffer.flush()
    return 0


class FirstLook:
    """The console's end of the reader: `receive` (in a worker: it waits) once; `stop` at exit."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd
        self._lock = threading.Lock()
        self._reaped = False

    def receive(self, timeout: float = WAIT_S) -> Panes | None:
        """The panes once the child has sent them all; None when it sent nothing (the store
        needed writing, or it failed), was stopped, or took longer than `timeout`."""
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        complete = False
        try:
            while (left := deadline - time.monotonic()) > 0:
                if not select.select([self.fd], [], [], left)[0]:
                    break
                chunk = os.read(self.fd, CHUNK)
                if not chunk:
                    complete = True
                    break
                chunks.append(chunk)
        except OSError:
            complete = False
        finally:
            os.close(self.fd)
            self.stop()
        if not complete or not chunks:
            return None
        try:
            return pickle.loads(b"".join(chunks))  # our own child's, through our pipe
        except Exception:  # cut short: the console's own read follows
            return None

    def stop(self) -> None:
        """End the child if it is still reading, and reap it: once its panes are in, or the
        console is closing. Nothing to lose: it only reads."""
        with self._lock:
            if self._reaped:
                return
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self._reaped = True


if __name__ == "__main__":
    sys.exit(main())
