"""The console's first look: its three panes, read by a second process while it paints.

The console paints first, then loads the store layer (SQLAlchemy and SQLModel, about 300 ms)
and queries: all on one core, as Python runs one thread at a time. Where the machine has a
second core, the `floorcon` console forks before it loads Textual; the child loads the store
layer, reads the three panes from a store that needs no writing (`db.peek_store`), hands them
back pickled (plain data: `services.panes`, which loads no store layer) and exits. The console
shows them as soon as they come; its own read (the same panes, the People line, the radar)
then replaces them, and keeps them current. The child only ever reads; whatever stops it, the
console carries on as it would without it.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import threading
import time
from contextlib import suppress
from typing import TYPE_CHECKING, NoReturn

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


def start(settings: Settings, clock: Clock) -> FirstLook | None:
    """Fork the reader. None where it would not help or could not run safely: a server store
    (the time is the server's round trips, not imports), no store file yet, a single core, no
    fork, or threads already running (a child forked beside them may wait forever on a lock
    one of them held)."""
    if (settings.on_server or not settings.store_path.exists() or not hasattr(os, "fork")
            or cores() < 2 or threading.active_count() > 1):
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(settings, clock, write_end)
    os.close(write_end)
    return FirstLook(pid, read_end)


def _child(settings: Settings, clock: Clock, out: int) -> NoReturn:
    """Read, send, exit: never a byte on the console's terminal, never Python's exit handlers
    (they belong to the console)."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        gc.disable()  # a short life: nothing worth collecting
        blob = read(settings, clock)
        if blob is not None:
            view = memoryview(blob)
            while view:
                view = view[os.write(out, view):]
        code = 0
    except BaseException:  # the console reads the store itself anyway
        pass
    finally:
        os._exit(code)


def read(settings: Settings, clock: Clock) -> bytes | None:
    """Today's three panes, pickled; None when the store cannot be read without writing."""
    from .db import peek_store
    from .services.dashboard import read_panes

    store = peek_store(settings)
    if store is None:
        return None
    try:
        with store.read() as session:
            panes = read_panes(session, store.boutique_id, clock, settings)
    finally:
        store.dispose()
    return pickle.dumps(panes, pickle.HIGHEST_PROTOCOL)


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
            self._end()
        if not complete or not chunks:
            return None
        try:
            return pickle.loads(b"".join(chunks))  # our own child's, through our pipe
        except Exception:  # cut short: the console's own read follows
            return None

    def stop(self) -> None:
        """The console is closing: end the child if it is still reading."""
        self._end()

    def _end(self) -> None:
        with self._lock:
            if self._reaped:
                return
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)  # nothing to lose: it only reads
            with suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self._reaped = True
